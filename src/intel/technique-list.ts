/**
 * ATT&CK technique lists, the one parser for them: the actor's techniques
 * (content/intel/gallium-techniques.json, or `coverage --techniques FILE`) and the ATT&CK names the
 * reports fall back on (content/intel/attack-techniques.json). Read by the report's ATT&CK catalog,
 * by coverage, and through coverage by the audit.
 *
 * Shapes: `{"techniques": [...]}`, a bare array, or a map keyed by technique id. An entry names its
 * id (`id`, `attack_id`, `techniqueID` or `technique_id`), `name`, tactics (`tactic`, `tactics` or
 * `tactic_ids`: a list or a `;`/`,`/`|`-separated string of ATT&CK short names, `attack.` prefixes and
 * `_`/spaces tolerated) and an optional `evidence` note (which logs show it). A malformed list is an
 * error naming the file and the entry; a repeated id keeps its first entry.
 */
import { contentPath } from '../content/content-path.js';
import { DataShape, readDataFile } from '../content/data-file.js';
import { isRecord } from '../content/is-record.js';

export interface TechniqueEntry {
  /** Upper-case ATT&CK id, `T1234` or `T1234.001`. */
  id: string;
  /** '' when the list gives none. */
  name: string;
  /** ATT&CK tactic short names (`credential-access`), in the list's order. */
  tactics: string[];
  /** Which logs show it (free text); '' when unknown. */
  evidence: string;
}

export const GALLIUM_TECHNIQUES_PATH = contentPath('intel', 'gallium-techniques.json');
export const ATTACK_TECHNIQUES_PATH = contentPath('intel', 'attack-techniques.json');

const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;
const ID_KEYS = ['id', 'attack_id', 'techniqueID', 'technique_id'] as const;

function tacticNames(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[;,|]/) : [];
  const out: string[] = [];
  for (const t of raw) {
    const name = t.trim().toLowerCase().replace(/^attack\./, '').replace(/[_ ]/g, '-');
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

function entryList(shape: DataShape, json: unknown): Array<[string, unknown]> {
  const list = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.techniques) ? json.techniques : null;
  if (list) return list.map((e, i) => [`techniques[${i}]`, e]);
  if (isRecord(json) && Object.keys(json).length > 0 && Object.keys(json).every((k) => TECHNIQUE_ID.test(k.toUpperCase()))) {
    return Object.entries(json).map(([k, v]) => [k, isRecord(v) ? { id: k, ...v } : v]);
  }
  return shape.fail('', 'expected an array of techniques, {"techniques": [...]}, or a map keyed by technique id');
}

/** Parse a technique list already read from `file` (named in errors). */
export function parseTechniqueList(json: unknown, file: string): TechniqueEntry[] {
  const shape = new DataShape(file);
  const out: TechniqueEntry[] = [];
  const seen = new Set<string>();
  for (const [key, value] of entryList(shape, json)) {
    const raw = isRecord(value) ? value : shape.fail(key, 'not an object');
    const given = ID_KEYS.map((k) => raw[k]).find((v) => typeof v === 'string');
    const id = typeof given === 'string' ? given.trim().toUpperCase() : '';
    if (!TECHNIQUE_ID.test(id)) shape.fail(key, `'${id}' is not an ATT&CK technique id`);
    if (seen.has(id)) continue;
    seen.add(id);
    const text = (v: unknown): string => (typeof v === 'string' ? v : '');
    out.push({ id, name: text(raw.name), tactics: tacticNames(raw.tactics ?? raw.tactic ?? raw.tactic_ids), evidence: text(raw.evidence) });
  }
  return out;
}

/** Read and parse a technique list; unreadable or malformed files throw a DataFileError naming the file. */
export function loadTechniqueList(file: string): TechniqueEntry[] {
  return parseTechniqueList(readDataFile(file), file);
}
