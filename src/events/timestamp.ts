/**
 * Timestamp parsing shared by every reader. Accepts ISO 8601 (with or without zone; no zone means
 * UTC, as in Windows logs), `YYYY-MM-DD HH:MM:SS(.fff)` (Sysmon UtcTime, W3C date+time), epoch
 * seconds or milliseconds as numbers or digit strings (Zeek `ts`). Returns NaN when unknown, and
 * also when the instant lies outside what a JavaScript Date can hold (±8.64e15 ms, about ±275,000
 * years): such a time cannot be printed, sorted against others or turned into ISO text, so every
 * time this module returns is safe to format.
 */
const SPACE_SEPARATED = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Largest distance from the epoch a Date can represent, in ms (ECMAScript time value range). */
export const MAX_TIME_MS = 8.64e15;

/** True for a finite epoch-ms value a Date can hold (and so format as ISO text). */
export function isValidTime(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS;
}

/** Value of the decimal digits `s[from..to)`, or -1 when one is no digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The common shape read without a regular expression: `YYYY-MM-DD[T ]HH:MM:SS(.f+)?Z?` (UTC), with
 * every part in its ordinary range. NaN for anything else, which then takes the general path
 * (the result is the same either way; this one only costs less).
 */
function plainUtcTime(s: string): number {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return NaN;
  const year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
  const hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19);
  // Years below 100 would be read by Date.UTC as 19xx; hour 24 and leap seconds stay with Date.parse.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  let at = 19;
  let ms = 0;
  if (at < n && s.charCodeAt(at) === 46) {
    const start = ++at;
    while (at < n && s.charCodeAt(at) >= 48 && s.charCodeAt(at) <= 57) at++;
    if (at === start) return NaN;
    // Milliseconds from the first three digits, the rest dropped (as the general path does).
    ms = digits(s, start, Math.min(at, start + 3)) * (at - start >= 3 ? 1 : at - start === 2 ? 10 : 100);
  }
  if (at < n && s.charCodeAt(at) === 90) at++;
  return at === n ? Date.UTC(year, month - 1, day, hour, minute, second, ms) : NaN;
}

export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value !== 'string' || value.length === 0) return NaN;
  const plain = plainUtcTime(value);
  if (plain === plain) return plain;
  const text = value.trim();
  if (NUMERIC.test(text)) return epochToMs(Number(text));
  const m = SPACE_SEPARATED.exec(text);
  if (m) {
    // Trim fractional seconds beyond milliseconds: Date.parse accepts at most 3 digits reliably.
    const time = m[2]!.replace(/(\.\d{3})\d+$/, '$1');
    return Date.parse(`${m[1]}T${time}${m[3] ?? 'Z'}`);
  }
  return Date.parse(text);
}

function epochToMs(n: number): number {
  if (!Number.isFinite(n)) return NaN;
  // Seconds until year 5138; anything larger is already milliseconds.
  const ms = n < 1e11 ? n * 1000 : n;
  return isValidTime(ms) ? ms : NaN;
}

/** A numeric time value (number or numeric text) that is a number but no representable instant. */
function isOutOfRange(value: unknown): boolean {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && NUMERIC.test(value.trim())) n = Number(value.trim());
  else return false;
  return Number.isNaN(epochToMs(n)) && !Number.isNaN(n);
}

/** Field names that carry an event's time, in order of preference. */
export const TIME_FIELDS = [
  'TimeCreated', '@timestamp', 'timestamp', 'ts', 'time', 'datetime', 'UtcTime', 'EventTime',
  'createdDateTime', 'date',
] as const;

export function eventTime(fields: Record<string, unknown>): number {
  for (const name of TIME_FIELDS) {
    const v = fields[name];
    if (v !== undefined && v !== null) {
      const t = parseTimestamp(v);
      if (!Number.isNaN(t)) return t;
    }
  }
  return NaN;
}

/**
 * When an event has no usable time although one of its time fields holds a number out of the
 * representable range (`{"timestamp":1e20}`): that field's name and value, for a problem line.
 * Null otherwise (no time field, or unparseable text, which is not worth a report).
 */
export function outOfRangeTime(fields: Record<string, unknown>): { field: string; value: string } | null {
  for (const name of TIME_FIELDS) {
    const v = fields[name];
    if (isOutOfRange(v)) return { field: name, value: String(v).slice(0, 40) };
  }
  return null;
}

/** ISO 8601 UTC text of an epoch-ms time; '' for NaN or any value a Date cannot hold. */
export function toIso(ms: number): string {
  return isValidTime(ms) ? new Date(ms).toISOString() : '';
}
