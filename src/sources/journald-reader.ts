/**
 * The systemd journal exported with `journalctl -o json` (one JSON object per line; `-o json-pretty`
 * is read by the `json` reader as plain records). Read by the JSONL reader with two additions:
 *
 * - a MESSAGE that is an event XML document (Sysmon for Linux, identifier `sysmon`) replaces the
 *   entry's fields with that event's fields (sysmon-linux-message.ts), as in syslog;
 * - other entries keep the journal's field names (`MESSAGE`, `_HOSTNAME`, `SYSLOG_IDENTIFIER`,
 *   `_PID`, `_COMM`, `_EXE`, `_CMDLINE`, …), a MESSAGE exported as a byte array (not UTF-8 clean) is
 *   decoded, and `timestamp` (ISO 8601) is added from `__REALTIME_TIMESTAMP` (microseconds).
 *
 * Record number = line; `raw` is the exported entry.
 */
import type { EventFields } from '../events/event.js';
import { JsonLinesReader } from './json-reader.js';
import type { FormatSniffer } from './reader.js';
import { firstLines, isText } from './sniff-util.js';
import { eventXmlFields, isEventXml } from './sysmon-linux-message.js';

function replaceFields(fields: EventFields, next: EventFields): void {
  for (const k of Object.keys(fields)) delete fields[k];
  Object.assign(fields, next);
}

function journalHook(fields: EventFields): void {
  let message = fields.MESSAGE;
  if (Array.isArray(message) && message.every((b) => typeof b === 'number')) {
    message = Buffer.from(message as number[]).toString('utf8');
    fields.MESSAGE = message;
  }
  if (typeof message === 'string' && isEventXml(message)) {
    try {
      replaceFields(fields, eventXmlFields(message));
      return;
    } catch {
      // Not valid XML after all: keep the entry as the journal wrote it.
    }
  }
  const us = fields.__REALTIME_TIMESTAMP;
  if (typeof us === 'string' && /^\d{1,17}$/.test(us)) fields.timestamp = new Date(Number(us) / 1000).toISOString();
}

/** journalctl JSON: the first non-empty line is an object with `__REALTIME_TIMESTAMP` or `__CURSOR`. */
export const journaldSniffer: FormatSniffer = {
  format: 'journald',
  sniff(head) {
    if (head.length === 0 || !isText(head)) return false;
    const first = firstLines(head, 5).find((l) => l.trim().length > 0)?.trim();
    if (!first?.startsWith('{') || !(first.includes('"__REALTIME_TIMESTAMP"') || first.includes('"__CURSOR"'))) return false;
    try {
      const v: unknown = JSON.parse(first);
      return typeof v === 'object' && v !== null && ('__REALTIME_TIMESTAMP' in v || '__CURSOR' in v);
    } catch {
      return false;
    }
  },
  open: () => new JsonLinesReader('journald', () => journalHook),
};
