/**
 * Intel: the indicator model, importers (cellwatch pack, CSV, STIX 2.1, MISP, free text) and
 * loading of the built-in GALLIUM pack plus user files.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentPath } from '../content/content-path.js';
import type { Indicator } from './indicator.js';
import { indicatorType } from './indicator.js';
import { importCsv, parseCsv } from './csv-indicators.js';
import { importStix, isStixBundle } from './stix.js';
import { importMisp, isMispEvent } from './misp.js';
import { importText } from './text.js';
import { importPack, isPack, PACK_FORMAT } from './pack.js';
import type { PackSource } from './pack.js';
import type { ImportResult } from './import-result.js';
import { jsonErrorLine } from './json-lines.js';
import { dropNonPublic, listAddresses, type NonPublicAddress } from './address-policy.js';
import { listFiles } from '../sources/walk-files.js';

export type { Indicator, IndicatorType } from './indicator.js';
export { INDICATOR_TYPES, indicatorKey, matchValue, normaliseIndicator, refang } from './indicator.js';
export type { IntelPack, PackIndicator, PackSource } from './pack.js';
export { formatPack, countByType, PACK_FORMAT } from './pack.js';
export type { ImportResult } from './import-result.js';
export type { NonPublicAddress } from './address-policy.js';
export { listAddresses, nonPublicRange } from './address-policy.js';

/** The built-in pack, relative to this module (dist/src/intel/ or src/intel/ → repo root). */
export const BUILTIN_PACK = contentPath('intel', 'gallium.json');

/** Source name for rows that carry none: the file's base name. */
function sourceOf(file: string): string {
  return path.basename(file);
}

/** Does the text look like CSV indicator rows (a header with type/value, or known types in column 1)? */
function looksLikeCsv(text: string): boolean {
  const sample = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).slice(0, 20);
  if (sample.length === 0) return false;
  const records = parseCsv(sample.join('\n'), () => undefined);
  const head = records[0]?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  if (head.includes('value') && head.some((c) => c === 'type' || c === 'indicator_type' || c === 'kind')) return true;
  const typed = records.filter((r) => r.cells.length >= 2 && indicatorType(r.cells[0]!, r.cells[1]!) !== undefined).length;
  return typed * 2 >= records.length;
}

/** What one intel file gave: the importer's result after the address policy (address-policy.ts). */
export interface IntelFileResult extends ImportResult {
  /** Source titles and links, when the file is a cellwatch pack. */
  sources: Record<string, PackSource>;
  /** Non-public addresses the policy took out. */
  dropped: NonPublicAddress[];
  /** Non-public addresses kept because of `keepPrivate`. */
  keptNonPublic: NonPublicAddress[];
}

/** Import by detected format (before the address policy). */
function importByFormat(file: string, body: string): ImportResult & { sources?: Record<string, PackSource>; asWritten?: boolean } {
  const first = body.trimStart()[0];
  const source = sourceOf(file);
  if (first !== '{' && first !== '[') return looksLikeCsv(body) ? importCsv(file, body, source) : importText(file, body, source);
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    // A '[' can also open defanged free text ("[.]"); only a failed JSON object is an error.
    if (first === '[' && !/^\s*\[\s*[{"\]]/.test(body)) return importText(file, body, source);
    const line = jsonErrorLine(body, err);
    const msg = err instanceof Error ? err.message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '') : String(err);
    return { indicators: [], problems: [`${file}${line ? `:line ${line}` : ''}: not valid JSON: ${msg}`], format: 'json' };
  }
  if (isPack(doc)) {
    const r = importPack(file, body, doc, source);
    // A cellwatch pack (not a bare list) is read as written: the policy was applied when it was made.
    return { ...r, asWritten: typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === PACK_FORMAT };
  }
  if (isStixBundle(doc)) return importStix(file, body, doc, source);
  if (isMispEvent(doc)) return importMisp(file, body, doc, source);
  return { indicators: [], problems: [`${file}: JSON is neither a cellwatch pack, a STIX bundle nor a MISP event`], format: 'json' };
}

/**
 * Import indicator text whose format is detected from the content: cellwatch pack JSON, STIX 2.1
 * bundle, MISP event JSON, CSV (`type,value,…`), or free text. Bad rows become problems.
 * Non-public addresses are dropped (address-policy.ts) unless `keepPrivate`.
 */
export function importIntel(file: string, text: string, options: { keepPrivate?: boolean } = {}): IntelFileResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const r = importByFormat(file, body);
  const base = { problems: r.problems, format: r.format, sources: r.sources ?? {} };
  if (r.asWritten) return { ...base, indicators: r.indicators, dropped: [], keptNonPublic: [] };
  const { kept, dropped } = dropNonPublic(r.indicators);
  if (options.keepPrivate) return { ...base, indicators: r.indicators, dropped: [], keptNonPublic: dropped };
  return { ...base, indicators: kept, dropped, keptNonPublic: [] };
}

/** The line a hunt or `intel list` prints for a file's dropped addresses. */
export function droppedLine(file: string, dropped: readonly NonPublicAddress[]): string {
  return `${file}: dropped ${dropped.length} private/reserved address${dropped.length === 1 ? '' : 'es'} (${listAddresses(dropped)}): ` +
    'they name other machines in every network; to keep your own, make a pack with cellwatch intel import --keep-private';
}

/**
 * The built-in pack (unless `builtin` is false) and every file in `files`, in that order. A file
 * that cannot be read throws an Error naming it; bad rows are returned as problems.
 */
export async function loadIntel(options: { builtin: boolean; files: string[] }): Promise<{ indicators: Indicator[]; problems: string[] }> {
  const indicators: Indicator[] = [];
  const problems: string[] = [];
  // Folders are walked (the one walker); an explicit file that cannot be opened fails the load.
  const given = new Set(options.files);
  const files = listFiles(options.files, {
    onProblem: (x) => {
      if (x.where === 'open' && given.has(x.path)) throw new Error(`${x.path}: cannot read intel file: ${x.reason === 'no such file or directory' ? 'no such file' : x.reason}`);
      problems.push(`${x.path}:${x.where}: ${x.reason}`);
    },
  });
  const paths = [...(options.builtin ? [BUILTIN_PACK] : []), ...files];
  for (const p of paths) {
    let text: string;
    try {
      // Read at once: nothing else runs while detectors load, and a read through fs/promises costs more.
      text = readFileSync(p, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
      throw new Error(`${p === BUILTIN_PACK ? 'built-in intel pack ' : ''}${p}: cannot read intel file: ${why}`);
    }
    const r = importIntel(p, text);
    for (const i of r.indicators) indicators.push(i);
    for (const x of r.problems) problems.push(x);
    if (r.dropped.length > 0) problems.push(droppedLine(p, r.dropped));
  }
  return { indicators, problems };
}
