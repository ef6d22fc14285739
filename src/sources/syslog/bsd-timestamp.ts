/**
 * Timestamps of BSD-style syslog (RFC 3164 §4.1.2) and what real senders write instead:
 *
 *   `Mar  4 10:22:31`            RFC 3164 (day padded with a space), rsyslog's traditional file format
 *   `Mar  4 10:22:31.120`        Cisco IOS with `service timestamps log datetime msec`
 *   `Mar 04 2019 10:22:31`       Cisco ASA (`logging timestamp`), year before the time
 *   `Mar  4 10:22:31 2019`       some appliances, year after the time
 *   `2019-03-04T10:22:31.120456+01:00`  rsyslog's RSYSLOG_FileFormat (Debian 12 and later)
 *
 * The BSD forms carry no zone and usually no year. They are read as UTC (as the project reads
 * every zone-less time), and the year is inferred from a reference (YearReference):
 * - a time no message is newer than (a number): the reference's year, or the year before when that
 *   would put the message more than a day after it. For files this is the file's modification time
 *   (or the first Sysmon event's own time, for the lines before it), for the network the time of
 *   arrival; so December lines read in January land in December of the previous year;
 * - a time no message is older than (`{ after }`: an event with a full timestamp read earlier in
 *   the same file): its year, or the year after when that would put the message more than a day
 *   before it; so January lines after a December event land in the next year.
 */
import { MONTHS } from '../../events/log-time.js';
import { parseTimestamp } from '../../events/timestamp.js';

const DAY = 24 * 3600 * 1000;

const BSD = /([A-Za-z]{3}) +(\d{1,2}) +(?:(\d{4}) +)?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: +(\d{4})(?= |$))?(?=[ :]|$)/y;
const ISO = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)(?= |$)/y;

export interface FoundTimestamp {
  /** Epoch milliseconds. */
  time: number;
  /** Index just after the timestamp. */
  end: number;
}

/** Where a year-less time is placed: at or before a time (number), or at or after one (`after`). */
export type YearReference = number | { after: number };

/** The time of a BSD date without a year, placed in the year the reference implies. */
export function inferYear(month: number, day: number, ms: number, reference: YearReference): number {
  if (typeof reference === 'object') {
    const year = new Date(reference.after).getUTCFullYear();
    const t = Date.UTC(year, month, day) + ms;
    return t < reference.after - DAY ? Date.UTC(year + 1, month, day) + ms : t;
  }
  const year = new Date(Number.isFinite(reference) ? reference : Date.now()).getUTCFullYear();
  const t = Date.UTC(year, month, day) + ms;
  return t > reference + DAY ? Date.UTC(year - 1, month, day) + ms : t;
}

/** A timestamp of one of the forms above at `pos`, or null. */
export function readTimestamp(text: string, pos: number, reference: YearReference): FoundTimestamp | null {
  ISO.lastIndex = pos;
  const iso = ISO.exec(text);
  if (iso) {
    const time = parseTimestamp(iso[1]!);
    return Number.isNaN(time) ? null : { time, end: ISO.lastIndex };
  }
  BSD.lastIndex = pos;
  const m = BSD.exec(text);
  if (!m) return null;
  const month = MONTHS[m[1]!.toLowerCase()];
  const day = Number(m[2]);
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = Number(m[6]);
  if (month === undefined || day < 1 || day > 31 || h > 23 || min > 59 || s > 60) return null;
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const ms = ((h * 60 + min) * 60 + s) * 1000 + Math.floor(frac);
  const year = m[3] ?? m[8];
  const time = year ? Date.UTC(Number(year), month, day) + ms : inferYear(month, day, ms, reference);
  return { time, end: BSD.lastIndex };
}
