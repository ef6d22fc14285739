/**
 * Timestamp parsing shared by every reader. Accepts ISO 8601 (with or without zone; no zone means
 * UTC, as in Windows logs), `YYYY-MM-DD HH:MM:SS(.fff)` (Sysmon UtcTime, W3C date+time), epoch
 * seconds or milliseconds as numbers or digit strings (Zeek `ts`). Returns NaN when unknown.
 */
const SPACE_SEPARATED = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;
const DIGITS = /^\d+(?:\.\d+)?$/;

export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value !== 'string' || value.length === 0) return NaN;
  const text = value.trim();
  if (DIGITS.test(text)) return epochToMs(Number(text));
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
  return n < 1e11 ? n * 1000 : n;
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

export function toIso(ms: number): string {
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}
