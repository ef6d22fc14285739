/**
 * Logsource and field mapping, read from the YAML data files under content/mappings/: which events
 * a rule's logsource selects (Windows channel + event IDs, or format/field presence for other logs)
 * and how the rule's field names map to the event's names for each selected kind of event.
 */
import { readFileSync } from 'node:fs';
import { walkEntries, type WalkedFile } from '../sources/walk-files.js';
import path from 'node:path';
import { contentPath } from '../content/content-path.js';
import { parseYaml } from '../content/yaml-text.js';
import type { FieldNameAliasRule } from './field-name-aliases.js';
import { type Logsource } from './rule-metadata.js';
import { isRecord } from '../content/is-record.js';

/** One way a logsource reaches events (the alternatives of a logsource are OR). */
export interface EventSelector {
  /** Lower-cased Windows channels; ['*'] for any channel; null when the selector is not by channel. */
  channels: string[] | null;
  /** Event IDs as decimal strings; null for any. */
  eventIds: string[] | null;
  /** Field equality conditions (values lower-cased). */
  conditions: Array<[string, string[]]>;
  formats: string[] | null;
  fieldsAny: string[] | null;
  fieldsAll: string[] | null;
  file: RegExp | null;
  /** Rule field name → event field names, tried in order (the first the event has is read). */
  fieldmap: Record<string, string[]>;
}

export interface LogsourceMapping {
  /** Selectors for a rule's logsource; empty when no known log carries it. */
  resolve(logsource: Logsource): { selectors: EventSelector[]; mapped: boolean };
  /** Which event field names rules may also read with some characters removed (`field_name_aliases`). */
  fieldNameAliases: FieldNameAliasRule | null;
}

interface Entry {
  match: Logsource;
  /** The keys of `match`. */
  keys: string[];
  selectors: EventSelector[];
}

export function defaultMappingsDir(): string {
  return contentPath('mappings');
}

function list(v: unknown): string[] | null {
  if (v === undefined || v === null) return null;
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

function toFieldmap(m: Record<string, unknown>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, list(v) ?? [k]]));
}


function parseSelector(raw: unknown, fieldmaps: Record<string, Record<string, string[]>>, where: string): EventSelector {
  if (!isRecord(raw)) throw new Error(`${where}: event selector is not a map`);
  let fieldmap: Record<string, string[]> = {};
  if (typeof raw.fieldmap === 'string') {
    const fm = fieldmaps[raw.fieldmap];
    if (!fm) throw new Error(`${where}: unknown fieldmap '${raw.fieldmap}'`);
    fieldmap = fm;
  } else if (isRecord(raw.fieldmap)) fieldmap = toFieldmap(raw.fieldmap);
  const conditions: Array<[string, string[]]> = [];
  if (isRecord(raw.conditions)) for (const [k, v] of Object.entries(raw.conditions)) conditions.push([k, list(v)!.map((x) => x.toLowerCase())]);
  const known = new Set(['channel', 'eventid', 'conditions', 'format', 'fields_any', 'fields_all', 'file', 'fieldmap']);
  for (const k of Object.keys(raw)) if (!known.has(k)) throw new Error(`${where}: unknown selector key '${k}'`);
  return {
    channels: list(raw.channel)?.map((c) => c.toLowerCase()) ?? null,
    eventIds: list(raw.eventid),
    conditions,
    formats: list(raw.format)?.map((f) => f.toLowerCase()) ?? null,
    fieldsAny: list(raw.fields_any),
    fieldsAll: list(raw.fields_all),
    file: typeof raw.file === 'string' ? globToRegExp(raw.file) : null,
    fieldmap,
  };
}

function parseAliasRule(raw: unknown, where: string): FieldNameAliasRule {
  if (!isRecord(raw) || typeof raw.strip !== 'string') throw new Error(`${where}: field_name_aliases needs a 'strip' pattern`);
  for (const k of Object.keys(raw)) if (k !== 'strip' && k !== 'channel') throw new Error(`${where}: field_name_aliases: unknown key '${k}'`);
  let strip: RegExp;
  try {
    strip = new RegExp(raw.strip, 'g');
  } catch (err) {
    throw new Error(`${where}: field_name_aliases.strip: ${(err as Error).message}`);
  }
  return { strip, channels: list(raw.channel)?.map((c) => c.toLowerCase()) ?? ['*'] };
}

/** The mapping files: every *.yml directly in `dir`, with stats. Throws when the walk cannot read one (a mapping folder is configuration). */
export function mappingFileEntries(dir = defaultMappingsDir()): WalkedFile[] {
  return [...walkEntries([dir], {
    accept: (name) => /\.ya?ml$/i.test(name),
    recursive: false,
    onProblem: (x) => {
      throw new Error(`${dir}: cannot read logsource mappings (${x.path === dir ? '' : `${x.path}: `}${x.reason})`);
    },
  })];
}

/** The documents of the mapping files (path, YAML value as plain data): what mappingFromDocs reads. */
export type MappingDocs = Array<[string, unknown]>;

/** Reads every *.yml directly in `dir` (windows.yml, generic.yml, and any the user adds). */
export function readMappingDocs(dir = defaultMappingsDir()): MappingDocs {
  return mappingFileEntries(dir).map(({ path: p }) => {
    try {
      return [p, parseYaml(readFileSync(p, 'utf8'), { merge: true })];
    } catch (err) {
      throw new Error(`${p}: ${(err as Error).message.split('\n')[0]}`);
    }
  });
}

/** Load every *.yml under `dir` (windows.yml, generic.yml, and any the user adds). */
export function loadMappings(dir = defaultMappingsDir()): LogsourceMapping {
  return mappingFromDocs(readMappingDocs(dir));
}

/** Whether an entry's logsource (at least one key) is part of the rule's. */
/** The keys of a rule's logsource that select mapping entries. */
const LOGSOURCE_KEYS = ['product', 'category', 'service'];

/** The (key, value) pairs of a logsource's LOGSOURCE_KEYS, in that order, as one string. */
const pairsKey = (pairs: ReadonlyArray<readonly [string, string]>): string => pairs.map(([k, v]) => `${k}=${v}`).join('\u0000');

/**
 * The entries by the (key, value) pairs they match; an entry with another key (or none) matches no
 * rule's logsource and is left out. A rule's logsource is matched by the entries filed under a
 * subset of its own pairs.
 */
function entriesByPairs(entries: readonly Entry[]): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  for (const e of entries) {
    if (e.keys.length === 0 || e.keys.some((k) => !LOGSOURCE_KEYS.includes(k))) continue;
    const key = pairsKey(LOGSOURCE_KEYS.filter((k) => k in e.match).map((k) => [k, e.match[k]!] as const));
    const list = out.get(key);
    if (list) list.push(e);
    else out.set(key, [e]);
  }
  return out;
}

/** The entries with the most keys among those whose every (key, value) is in the rule's logsource, in file order. */
function bestEntries(byPairs: Map<string, Entry[]>, order: Map<Entry, number>, logsource: Logsource): Entry[] {
  const pairs: Array<[string, string]> = [];
  for (const k of LOGSOURCE_KEYS) if (logsource[k]) pairs.push([k, logsource[k]!.toLowerCase()]);
  let best: Entry[] = [];
  let bestScore = 0;
  for (let mask = 1; mask < 1 << pairs.length; mask++) {
    const subset = pairs.filter((_, i) => mask & (1 << i));
    const found = byPairs.get(pairsKey(subset));
    if (!found || subset.length < bestScore) continue;
    if (subset.length > bestScore) {
      best = [];
      bestScore = subset.length;
    }
    best.push(...found);
  }
  return best.sort((a, b) => order.get(a)! - order.get(b)!);
}

/** The mapping the documents of the mapping files describe (a rule-set snapshot keeps them: no YAML then). */
export function mappingFromDocs(files: MappingDocs): LogsourceMapping {
  const entries: Entry[] = [];
  let unmapped: 'non_windows' | 'none' = 'non_windows';
  const fieldmaps: Record<string, Record<string, string[]>> = {};
  const docs: Array<[string, Record<string, unknown>]> = [];
  let fieldNameAliases: FieldNameAliasRule | null = null;
  for (const [p, doc] of files) {
    if (!isRecord(doc)) continue;
    docs.push([p, doc]);
    if (isRecord(doc.fieldmaps)) {
      for (const [name, m] of Object.entries(doc.fieldmaps)) {
        if (isRecord(m)) fieldmaps[name] = toFieldmap(m);
      }
    }
    if (doc.unmapped === 'none' || doc.unmapped === 'non_windows') unmapped = doc.unmapped;
    if (doc.field_name_aliases !== undefined) fieldNameAliases = parseAliasRule(doc.field_name_aliases, p);
  }
  for (const [p, doc] of docs) {
    if (!Array.isArray(doc.logsources)) continue;
    doc.logsources.forEach((e, i) => {
      const where = `${p}: logsources[${i}]`;
      if (!isRecord(e) || !isRecord(e.logsource)) throw new Error(`${where}: needs a 'logsource' map`);
      const match = Object.fromEntries(Object.entries(e.logsource).map(([k, v]) => [k, String(v).toLowerCase()]));
      const events = Array.isArray(e.events) ? e.events : [];
      entries.push({ match, keys: Object.keys(match), selectors: events.map((s, j) => parseSelector(s, fieldmaps, `${where}.events[${j}]`)) });
    });
  }
  const anyNonWindows: EventSelector = {
    channels: null, eventIds: null, conditions: [], formats: null, fieldsAny: null, fieldsAll: null, file: null, fieldmap: {},
  };
  const byPairs = entriesByPairs(entries);
  const order = new Map(entries.map((e, i) => [e, i]));
  return {
    fieldNameAliases,
    resolve(logsource) {
      const best = bestEntries(byPairs, order, logsource);
      if (best.length) return { selectors: best.flatMap((e) => e.selectors), mapped: true };
      return { selectors: unmapped === 'non_windows' ? [anyNonWindows] : [], mapped: false };
    },
  };
}
