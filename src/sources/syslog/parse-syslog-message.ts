/**
 * One syslog message (a file line, a UDP datagram or a TCP frame) to event fields: the header by
 * RFC 5424 or BSD syslog (RFC 3164 and its real-world variants), then the message: a JSON payload
 * is flattened into fields; otherwise authentication (sshd, PAM, sudo) and network-device (Cisco
 * IOS/ASA) enrichers add the fields they recognise. `message` always keeps the text, so keyword
 * rules match it as written.
 */
import { addAuthFields } from './auth-messages.js';
import { addJsonPayload } from './json-payload.js';
import { addNetworkDeviceFields } from './network-device-messages.js';
import { parsePriority } from './priority.js';
import { parseRfc3164 } from './rfc3164.js';
import { isRfc5424, parseRfc5424 } from './rfc5424.js';
import type { SyslogParse } from './syslog-record.js';

export type { SyslogParse, SyslogRecord } from './syslog-record.js';

/**
 * Parse `text` (without its line ending). `reference` is the time a BSD timestamp's missing year
 * is inferred from (see bsd-timestamp.ts). Returns a record, or a one-line reason it is not syslog.
 */
export function parseSyslogMessage(text: string, reference: number): SyslogParse {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const pri = parsePriority(text);
  if (typeof pri === 'string') return pri;
  const parsed = pri && isRfc5424(text, pri.length) ? parseRfc5424(text, pri) : parseRfc3164(text, pri, reference);
  if (typeof parsed === 'string') return parsed;
  const { fields, message } = parsed;
  fields.message = message;
  if (!addJsonPayload(message, fields)) {
    const program = typeof fields.program === 'string' ? fields.program : '';
    if (!addAuthFields(program, message, fields)) addNetworkDeviceFields(message, fields);
  }
  return parsed;
}
