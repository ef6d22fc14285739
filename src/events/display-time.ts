/**
 * Event times for people: `YYYY-MM-DD HH:MM:SS` in UTC (default) or in a chosen time zone (IANA
 * name such as `Europe/Berlin`, or `UTC`), with the zone's offset appended when not UTC. Machine
 * output (JSONL `ts`) stays ISO 8601 UTC.
 */
import { isValidTime } from './timestamp.js';

export type TimeFormatter = (ms: number) => string;

/** True when `zone` is a time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function timeFormatter(zone = 'UTC'): TimeFormatter {
  if (zone.toUpperCase() === 'UTC') {
    return (ms) => (isValidTime(ms) ? new Date(ms).toISOString().slice(0, 19).replace('T', ' ') : '-');
  }
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  return (ms) => {
    if (!isValidTime(ms)) return '-';
    const p: Record<string, string> = {};
    for (const { type, value } of parts.formatToParts(ms)) p[type] = value;
    const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    const offset = Math.round((local - Math.floor(ms / 1000) * 1000) / 60000);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  };
}
