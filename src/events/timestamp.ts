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

export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value !== 'string' || value.length === 0) return NaN;
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
