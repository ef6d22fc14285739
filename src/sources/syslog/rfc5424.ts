/**
 * RFC 5424 messages: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`.
 * A `-` (NILVALUE) leaves its field out. The timestamp must be RFC 3339 with a `Z` or numeric
 * offset (§6.2.3); MSG loses a leading UTF-8 BOM (§6.4).
 */
import type { EventFields } from '../../events/event.js';
import { parseTimestamp } from '../../events/timestamp.js';
import type { Priority } from './priority.js';
import { parseStructuredData } from './structured-data.js';
import { setTimestamp, type SyslogParse } from './syslog-record.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/i;

/** True when `text` after its PRI (of `priLength` characters) starts a version-1 message. */
export function isRfc5424(text: string, priLength: number): boolean {
  return text.charCodeAt(priLength) === 49 /* 1 */ && text.charCodeAt(priLength + 1) === 32;
}

/** Header fields in order: event field, RFC name, longest value (§6). */
const HEADER: Array<[string, string, number]> = [['host', 'HOSTNAME', 255], ['program', 'APP-NAME', 48], ['pid', 'PROCID', 128], ['msgid', 'MSGID', 32]];

export function parseRfc5424(text: string, pri: Priority): SyslogParse {
  const fields: EventFields = { facility: pri.facility, severity: pri.severity };
  let pos = pri.length + 2;
  const tsEnd = text.indexOf(' ', pos);
  if (tsEnd < 0) return 'RFC 5424 header ends after the version';
  const ts = text.slice(pos, tsEnd);
  let time = NaN;
  if (ts !== '-') {
    if (!TIMESTAMP.test(ts)) return `RFC 5424 timestamp "${ts.slice(0, 40)}" is not RFC 3339 with a zone`;
    time = parseTimestamp(ts);
    if (Number.isNaN(time)) return `RFC 5424 timestamp "${ts}" is not a valid date`;
  }
  setTimestamp(fields, time);
  pos = tsEnd + 1;
  for (const [name, rfcName, max] of HEADER) {
    const end = text.indexOf(' ', pos);
    if (end < 0) return `RFC 5424 header ends in ${rfcName} (fields HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA expected)`;
    const value = text.slice(pos, end);
    if (value.length === 0 || value.length > max) return `RFC 5424 ${rfcName} is empty or longer than ${max} characters`;
    if (value !== '-') fields[name] = value;
    pos = end + 1;
  }
  const sd = parseStructuredData(text, pos, fields);
  if (typeof sd === 'string') return sd;
  pos = sd.end;
  let message = '';
  if (pos < text.length) {
    if (text[pos] !== ' ') return `RFC 5424 structured data is followed by "${text[pos]}" instead of a space`;
    message = text.slice(pos + 1);
    if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  }
  return { fields, time, message };
}
