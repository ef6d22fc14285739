/**
 * Which log sources a rule reads (through the shipped logsource mapping) and whether a data set
 * holds any event of them. A correlation rule reads what its base rules read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { HuntEvent } from '../events/event.js';
import { loadMappings, type EventSelector, type LogsourceMapping } from '../sigma/mapping.js';
import type { SigmaRuleInfo } from '../sigma/index.js';
import { openInput, walkFiles, type ReadProblem } from '../sources/index.js';

/** A rule's needs: the selectors of its own logsource, or of its base rules for a correlation. */
export interface RuleNeeds {
  selectors: EventSelector[];
  /** Human-readable names of what is read, e.g. `Microsoft-Windows-Sysmon/Operational 1`. */
  labels: string[];
}

export function describeSelector(s: EventSelector): string {
  const parts: string[] = [];
  if (s.channels) parts.push(s.channels.includes('*') ? 'any Windows channel' : s.channels.join('|'));
  if (s.eventIds) parts.push(`EventID ${s.eventIds.join(',')}`);
  if (s.formats) parts.push(`format ${s.formats.join('|')}`);
  for (const [f, v] of s.conditions) parts.push(`${f}=${v.join('|')}`);
  if (s.file) parts.push(`file ${s.file.source.replace(/^\^|\$$/g, '').replace(/\.\*/g, '*').replace(/\\\./g, '.')}`);
  if (s.fieldsAll) parts.push(`fields ${s.fieldsAll.join('+')}`);
  if (s.fieldsAny) parts.push(`any of ${s.fieldsAny.join('|')}`);
  return parts.length ? parts.join(' ') : 'any non-Windows event';
}

interface RawRuleDoc {
  id?: unknown;
  name?: unknown;
  logsource?: unknown;
  correlation?: { rules?: unknown };
}

/** Logsources of every rule document by id and by name, read from the rule files. */
function indexRuleDocs(files: Iterable<string>): Map<string, RawRuleDoc> {
  const byKey = new Map<string, RawRuleDoc>();
  for (const file of files) {
    let docs;
    try {
      docs = parseAllDocuments(readFileSync(file, 'utf8'));
    } catch {
      continue; // the Sigma loader already reported unreadable files
    }
    for (const d of Array.isArray(docs) ? docs : [docs]) {
      const js = d.toJS() as RawRuleDoc | null;
      if (!js || typeof js !== 'object') continue;
      if (typeof js.id === 'string') byKey.set(js.id, js);
      if (typeof js.name === 'string') byKey.set(js.name, js);
    }
  }
  return byKey;
}

function logsourceOf(doc: RawRuleDoc): Record<string, string> | null {
  if (typeof doc.logsource !== 'object' || doc.logsource === null) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc.logsource as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** What each rule needs, by rule id. Correlations are resolved through their base rules (nested ones too). */
export function ruleNeeds(rules: readonly SigmaRuleInfo[], mappingsDir?: string): Map<string, RuleNeeds> {
  const mapping: LogsourceMapping = loadMappings(mappingsDir);
  const docs = indexRuleDocs(new Set(rules.map((r) => path.resolve(r.path))));
  const out = new Map<string, RuleNeeds>();
  const resolveDoc = (doc: RawRuleDoc, depth: number): EventSelector[] => {
    if (doc.correlation && depth < 8) {
      const refs = Array.isArray(doc.correlation.rules) ? doc.correlation.rules : [doc.correlation.rules];
      return refs.flatMap((ref) => {
        const base = typeof ref === 'string' ? docs.get(ref) : undefined;
        return base ? resolveDoc(base, depth + 1) : [];
      });
    }
    const ls = logsourceOf(doc);
    return ls ? mapping.resolve(ls).selectors : [];
  };
  for (const r of rules) {
    const doc = docs.get(r.id);
    const selectors = doc ? resolveDoc(doc, 0) : mapping.resolve(r.logsource).selectors;
    out.set(r.id, { selectors, labels: [...new Set(selectors.map(describeSelector))] });
  }
  return out;
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** Does one event belong to a selector (the same test the engine's rule index makes)? */
export function eventMatchesSelector(event: HuntEvent, s: EventSelector): boolean {
  const f = event.fields;
  const channel = typeof f.Channel === 'string' ? f.Channel.toLowerCase() : null;
  if (s.channels) {
    if (channel === null) return false;
    if (!s.channels.includes('*') && !s.channels.includes(channel)) return false;
  } else if (channel !== null) return false;
  if (s.eventIds && !s.eventIds.includes(String(f.EventID))) return false;
  for (const [field, values] of s.conditions) {
    const v = f[field];
    if (v === undefined || v === null || Array.isArray(v) || !values.includes(String(v).toLowerCase())) return false;
  }
  if (s.formats && !s.formats.includes(event.source.format.toLowerCase())) return false;
  if (s.fieldsAll && !s.fieldsAll.every((k) => f[k] !== undefined)) return false;
  if (s.fieldsAny && !s.fieldsAny.some((k) => f[k] !== undefined)) return false;
  if (s.file && !s.file.test(baseName(event.source.path))) return false;
  return true;
}

/** Moves every selector of `pending` that the event belongs to into `present`. */
export function markPresent(event: HuntEvent, pending: Set<EventSelector>, present: Set<EventSelector>): void {
  for (const s of pending) {
    if (eventMatchesSelector(event, s)) {
      present.add(s);
      pending.delete(s);
    }
  }
}

export interface DataScan {
  /** Selectors (from the set asked about) that at least one event matched. */
  present: Set<EventSelector>;
  events: number;
  files: number;
  problems: ReadProblem[];
}

/**
 * Read the data and note which selectors have events. A file is read until every selector is
 * satisfied; unreadable records and files are counted as problems, never dropped silently.
 */
export async function scanData(paths: string[], selectors: EventSelector[], followSymlinks = false): Promise<DataScan> {
  const pending = new Set(selectors);
  const present = new Set<EventSelector>();
  const problems: ReadProblem[] = [];
  const onProblem = (p: ReadProblem): void => {
    problems.push(p);
  };
  let events = 0;
  let files = 0;
  for (const file of walkFiles(paths, { onProblem, followSymlinks })) {
    if (pending.size === 0) break;
    let reader;
    try {
      reader = await openInput(file);
    } catch (err) {
      problems.push({ path: file, where: 'file', reason: (err as Error).message });
      continue;
    }
    files++;
    try {
      for await (const batch of reader.read(file, { onProblem })) {
        for (const ev of batch) {
          events++;
          markPresent(ev, pending, present);
        }
        if (pending.size === 0) break;
      }
    } catch (err) {
      problems.push({ path: file, where: 'file', reason: (err as Error).message });
    }
  }
  return { present, events, files, problems };
}
