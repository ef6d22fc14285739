/**
 * What the syslog header parsers produce: the event's fields so far (header fields, structured
 * data), its time and the free-text message that payload parsing and enrichers read next.
 *
 * Field names: `facility`, `severity` (keywords, from PRI), `timestamp` (ISO 8601 UTC),
 * `host` (HOSTNAME), `program` (APP-NAME or the RFC 3164 tag), `pid` (PROCID or `tag[pid]`), `msgid`,
 * structured data as `<SD-ID>.<PARAM>`, and `message` (the MSG part, without a BOM). A field the
 * header does not carry (no PRI, a `-` PROCID, no `[pid]`) is left out, never written empty.
 */
import type { EventFields } from '../../events/event.js';

export interface SyslogRecord {
  fields: EventFields;
  /** Epoch milliseconds; NaN when the message carries no time. */
  time: number;
  message: string;
  /**
   * True when the message was a whole event (Sysmon for Linux event XML): `fields` are that event's
   * and `time` is its own full timestamp, which later year-less lines of a file are placed after.
   */
  embeddedEvent?: boolean;
}

/** The result of a parser: a record, or a one-line reason the text is not a syslog message. */
export type SyslogParse = SyslogRecord | string;

/**
 * The last time formatted: log lines come in runs with the same time, and toISOString is costly
 * (with the group-name cache of message-patterns.ts: 300k mixed lines read in 2.7 s of CPU, was 3.2).
 */
let lastTime = NaN;
let lastIso = '';

/** Set `timestamp` from an epoch time, when it is known. */
export function setTimestamp(fields: EventFields, time: number): void {
  if (Number.isNaN(time)) return;
  if (time !== lastTime) {
    lastIso = new Date(time).toISOString();
    lastTime = time;
  }
  fields.timestamp = lastIso;
}
