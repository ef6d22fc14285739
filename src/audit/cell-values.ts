/**
 * Cell values as administrators' exports write them: booleans in every spelling PowerShell, Graph
 * and spreadsheets produce, dates in ISO or US `M/D/YYYY h:mm:ss AM` form, header names normalised.
 */
import { isValidTime } from '../events/timestamp.js';

/** Result of reading one cell: a value, nothing (empty cell), or a reason it is garbage. */
export type Cell<T> = { ok: true; value: T | null } | { ok: false; reason: string };

const TRUE = new Set(['true', 'yes', 'y', '1', '$true', 'on', 'enabled']);
const FALSE = new Set(['false', 'no', 'n', '0', '$false', 'off', 'disabled']);

export function parseBool(raw: unknown): Cell<boolean> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'number') {
    if (raw === 1) return { ok: true, value: true };
    if (raw === 0) return { ok: true, value: false };
    return { ok: false, reason: `${raw} is not a boolean` };
  }
  if (typeof raw !== 'string') return { ok: false, reason: `${JSON.stringify(raw)} is not a boolean` };
  const t = raw.trim().toLowerCase();
  if (t === '') return { ok: true, value: null };
  if (TRUE.has(t)) return { ok: true, value: true };
  if (FALSE.has(t)) return { ok: true, value: false };
  return { ok: false, reason: `"${raw}" is not a boolean` };
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Dates: ISO 8601 (no zone means UTC), `M/D/YYYY h:mm:ss AM|PM` (Export-Csv in en-US), or the
 * .NET JSON form `/Date(1553335200000)/`. Epoch ms, or null for an empty cell. A number outside
 * the range a Date can hold (`1e20`) is garbage, reported like any bad cell.
 */
export function parseDate(raw: unknown): Cell<number> {
  const cell = parseDateValue(raw);
  if (cell.ok && cell.value !== null && !isValidTime(cell.value)) return { ok: false, reason: `${String(raw).slice(0, 40)} is out of the date range` };
  return cell;
}

function parseDateValue(raw: unknown): Cell<number> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: raw < 1e11 ? raw * 1000 : raw };
  if (typeof raw !== 'string') return { ok: false, reason: `${JSON.stringify(raw)} is not a date` };
  const t = raw.trim();
  if (t === '') return { ok: true, value: null };
  const dotnet = /^\/Date\((-?\d+)\)\/$/.exec(t);
  if (dotnet) return { ok: true, value: Number(dotnet[1]) };
  const us = US_DATE.exec(t);
  if (us) {
    let hour = Number(us[4] ?? 0);
    const ampm = us[7]?.toLowerCase();
    if (ampm === 'pm' && hour < 12) hour += 12;
    if (ampm === 'am' && hour === 12) hour = 0;
    const ms = Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), hour, Number(us[5] ?? 0), Number(us[6] ?? 0));
    if (Number(us[1]) > 12 || Number(us[2]) > 31 || Number.isNaN(ms)) return { ok: false, reason: `"${raw}" is not a date` };
    return { ok: true, value: ms };
  }
  if (ISO_LIKE.test(t)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(t) && t.length > 10;
    const iso = t.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1');
    const ms = Date.parse(hasZone || t.length === 10 ? iso : `${iso}Z`);
    if (!Number.isNaN(ms)) return { ok: true, value: ms };
  }
  return { ok: false, reason: `"${raw}" is not a date` };
}

/** Whole-number cell (AdminCount, errorCode). */
export function parseInteger(raw: unknown): Cell<number> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (typeof raw === 'number') return Number.isInteger(raw) ? { ok: true, value: raw } : { ok: false, reason: `${raw} is not a whole number` };
  if (typeof raw !== 'string') return { ok: false, reason: `${JSON.stringify(raw)} is not a whole number` };
  const t = raw.trim();
  if (t === '') return { ok: true, value: null };
  if (/^-?\d+$/.test(t)) return { ok: true, value: Number(t) };
  return { ok: false, reason: `"${raw}" is not a whole number` };
}

/** Text cell: strings as they are, numbers as text; objects are garbage. */
export function parseText(raw: unknown): Cell<string> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (typeof raw === 'string') return { ok: true, value: raw.trim() === '' ? null : raw.trim() };
  if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: String(raw) };
  return { ok: false, reason: `${JSON.stringify(raw).slice(0, 40)} is not text` };
}

/** A list cell: JSON array, or text joined by `;`, `,`, `|` or newlines. */
export function parseList(raw: unknown, separators = /[;\r\n|]+/): Cell<string[]> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (Array.isArray(raw)) {
    const out: string[] = [];
    for (const x of raw) {
      if (typeof x !== 'string' && typeof x !== 'number') return { ok: false, reason: 'list holds a non-text item' };
      out.push(String(x).trim());
    }
    return { ok: true, value: out.filter((x) => x !== '') };
  }
  if (typeof raw !== 'string') return { ok: false, reason: `${JSON.stringify(raw).slice(0, 40)} is not a list` };
  const t = raw.trim();
  if (t === '') return { ok: true, value: [] };
  // Graph CSV exports sometimes write the JSON array text.
  if (t.startsWith('[') && t.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parseList(parsed, separators);
    } catch {
      /* fall through to separators */
    }
  }
  return { ok: true, value: t.split(separators).map((x) => x.trim()).filter((x) => x !== '') };
}

/** Header key for lookups: lower case, letters and digits only (`User Principal Name` → `userprincipalname`). */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A record with case- and punctuation-insensitive field lookup by a list of aliases.
 * `get` returns undefined when none of the aliases is a field of the record.
 */
export class FieldLookup {
  private readonly byKey = new Map<string, string>();
  constructor(names: Iterable<string>) {
    for (const n of names) {
      const k = headerKey(n);
      if (!this.byKey.has(k)) this.byKey.set(k, n);
    }
  }
  /** The record's own name for the first alias it has. */
  name(aliases: readonly string[]): string | undefined {
    for (const a of aliases) {
      const n = this.byKey.get(headerKey(a));
      if (n !== undefined) return n;
    }
    return undefined;
  }
  has(aliases: readonly string[]): boolean {
    return this.name(aliases) !== undefined;
  }
}
