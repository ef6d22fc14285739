/**
 * The cellwatch intel pack: the normalised JSON format of the built-in pack and of
 * `cellwatch intel import --output`.
 *
 * ```json
 * {
 *   "format": "cellwatch-intel-pack",
 *   "version": 1,
 *   "name": "gallium",
 *   "description": "…",
 *   "generated": "2026-11-28T00:00:00.000Z",
 *   "sources": { "mstic-2019": { "title": "…", "publisher": "…", "date": "2019-12-12", "url": "https://…" } },
 *   "counts": { "domain": 23, "ipv4": 131 },
 *   "indicators": [
 *     {"type":"domain","value":"asyspy256.ddns.net","source":"mstic-2019","tags":["c2","dynamic-dns"],"note":"…","reported":"2019-12-12"}
 *   ]
 * }
 * ```
 * Indicator entries have the fields of `Indicator` (type, value, source, tags, and optional note,
 * level, validFrom, validUntil) plus an optional `reported` date, kept for people and ignored by the
 * matcher. Written one indicator per line so diffs and error lines stay readable.
 */
import type { Indicator } from './indicator.js';
import { INDICATOR_TYPES, indicatorType, makeIndicator, parseLevel, parseTags } from './indicator.js';
import type { ImportResult } from './import-result.js';
import { isoDate } from './csv-indicators.js';
import { objectLines, whereIn } from './json-lines.js';
import { nestedDeeperThan, TOO_DEEP } from './entry-depth.js';
import { isRecord } from '../content/is-record.js';

export const PACK_FORMAT = 'cellwatch-intel-pack';

export interface PackSource {
  title: string;
  publisher?: string;
  date?: string;
  url?: string;
  note?: string;
}

export interface PackIndicator extends Indicator {
  reported?: string;
}

export interface IntelPack {
  format: typeof PACK_FORMAT;
  version: 1;
  name: string;
  description?: string;
  generated?: string;
  sources: Record<string, PackSource>;
  counts?: Record<string, number>;
  indicators: PackIndicator[];
}

type Obj = Record<string, unknown>;

export function isPack(doc: unknown): boolean {
  if (isRecord(doc) && doc.format === PACK_FORMAT) return true;
  // A bare list of indicator objects is read the same way.
  return Array.isArray(doc) && doc.length > 0 && doc.every((d) => isRecord(d) && typeof d.type === 'string' && 'value' in d);
}

export function countByType(indicators: readonly Indicator[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of INDICATOR_TYPES) {
    const n = indicators.filter((i) => i.type === t).length;
    if (n > 0) counts[t] = n;
  }
  return counts;
}

/** Serialise a pack: metadata pretty-printed, one indicator per line. */
export function formatPack(pack: Omit<IntelPack, 'format' | 'version' | 'counts'>): string {
  const head = {
    format: PACK_FORMAT,
    version: 1,
    name: pack.name,
    ...(pack.description ? { description: pack.description } : {}),
    ...(pack.generated ? { generated: pack.generated } : {}),
    sources: pack.sources,
    counts: countByType(pack.indicators),
  };
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const rows = pack.indicators.map((i) => {
    const row: PackIndicator = { type: i.type, value: i.value, source: i.source, tags: i.tags };
    if (i.note) row.note = i.note;
    if (i.level) row.level = i.level;
    if (i.validFrom) row.validFrom = i.validFrom;
    if (i.validUntil) row.validUntil = i.validUntil;
    if (i.reported) row.reported = i.reported;
    return `    ${JSON.stringify(row)}`;
  });
  return `${headText},\n  "indicators": [\n${rows.join(',\n')}\n  ]\n}\n`;
}

export interface PackReadResult extends ImportResult {
  name?: string;
  sources: Record<string, PackSource>;
}

/** Read a pack (or a bare list of indicator objects), validating every entry. */
export function importPack(path: string, text: string, doc: unknown, defaultSource: string): PackReadResult {
  const indicators: Indicator[] = [];
  const problems: string[] = [];
  const lines = objectLines(text, doc);
  const list = Array.isArray(doc) ? doc : isRecord(doc) ? doc.indicators : undefined;
  const sources: Record<string, PackSource> = {};
  if (isRecord(doc) && isRecord(doc.sources)) {
    for (const [k, v] of Object.entries(doc.sources)) {
      if (!isRecord(v) || typeof v.title !== 'string') continue;
      if (nestedDeeperThan(v)) problems.push(`${whereIn(path, lines, v)}: sources.${k}: ${TOO_DEEP}`);
      else sources[k] = v as unknown as PackSource;
    }
  }
  if (isRecord(doc) && doc.version !== undefined && doc.version !== 1) problems.push(`${path}: pack version ${String(doc.version)} is newer than this cellwatch reads (1); reading it anyway`);
  if (!Array.isArray(list)) {
    problems.push(`${path}: pack has no "indicators" list`);
    return { indicators, problems, format: 'pack', sources };
  }
  list.forEach((row, i) => {
    const where = `${whereIn(path, lines, row)}: indicators[${i}]`;
    if (!isRecord(row)) {
      problems.push(`${where}: not an object`);
      return;
    }
    if (nestedDeeperThan(row)) {
      problems.push(`${where}: ${TOO_DEEP}`);
      return;
    }
    const typeName = typeof row.type === 'string' ? row.type : '';
    const value = typeof row.value === 'string' ? row.value : typeof row.value === 'number' ? String(row.value) : '';
    const type = indicatorType(typeName, value);
    if (!type) {
      problems.push(`${where}: unknown indicator type "${typeName}"`);
      return;
    }
    const levelText = typeof row.level === 'string' ? row.level : '';
    const level = levelText ? parseLevel(levelText) : undefined;
    if (levelText && !level) {
      problems.push(`${where}: unknown level "${levelText}"`);
      return;
    }
    const validFrom = isoDate(typeof row.validFrom === 'string' ? row.validFrom : undefined);
    const validUntil = isoDate(typeof row.validUntil === 'string' ? row.validUntil : undefined);
    if (validFrom === null || validUntil === null) {
      problems.push(`${where}: validFrom/validUntil is not a timestamp`);
      return;
    }
    const made = makeIndicator(type, value, {
      source: typeof row.source === 'string' && row.source !== '' ? row.source : defaultSource,
      tags: parseTags(row.tags),
      note: typeof row.note === 'string' ? row.note : undefined,
      level,
      validFrom,
      validUntil,
    });
    if ('reason' in made) {
      problems.push(`${where}: ${made.reason}`);
      return;
    }
    // `reported` rides along so a re-imported pack keeps it (the matcher ignores it).
    const ind: PackIndicator = made.indicator;
    if (typeof row.reported === 'string' && row.reported !== '') ind.reported = row.reported;
    indicators.push(ind);
  });
  return { indicators, problems, format: 'pack', sources, name: isRecord(doc) && typeof doc.name === 'string' ? doc.name : undefined };
}
