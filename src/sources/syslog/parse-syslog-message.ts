/**
 * One syslog message (a file line, a UDP datagram or a TCP frame) to event fields: the header by
 * RFC 5424 or BSD syslog (RFC 3164 and its real-world variants), then the message:
 * - an event XML document (Sysmon for Linux writes one per message) becomes that event, flattened
 *   like a Windows event (sysmon-linux-message.ts: Channel `Linux-Sysmon/Operational`, EventID,
 *   Computer, Image, …), timed by its own TimeCreated; the syslog header is not kept;
 * - a JSON payload is flattened into fields (one nested too deep makes the message a problem);
 * - otherwise authentication (sshd, PAM, sudo) and network-device (Cisco IOS/ASA) enrichers add
 *   the fields they recognise.
 * `message` always keeps the text of a non-XML message, so keyword rules match it as written.
 */
import type { EventFields } from '../../events/event.js';
import { eventTime } from '../../events/timestamp.js';
import { reasonOf } from '../batcher.js';
import { eventXmlFields, isEventXml } from '../sysmon-linux-message.js';
import { addAuthFields } from './auth-messages.js';
import type { YearReference } from './bsd-timestamp.js';
import { addJsonPayload } from './json-payload.js';
import { addNetworkDeviceFields } from './network-device-messages.js';
import { parsePriority } from './priority.js';
import { parseRfc3164 } from './rfc3164.js';
import { isRfc5424, parseRfc5424 } from './rfc5424.js';
import type { SyslogParse, SyslogRecord } from './syslog-record.js';

export type { SyslogParse, SyslogRecord } from './syslog-record.js';
export type { YearReference } from './bsd-timestamp.js';

/**
 * The header of `text` (without its line ending): fields, time and the message, not yet read.
 * `reference` places a BSD timestamp's missing year (see bsd-timestamp.ts). A reason string when
 * the text is not syslog.
 */
export function parseSyslogHeader(text: string, reference: YearReference): SyslogParse {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const pri = parsePriority(text);
  if (typeof pri === 'string') return pri;
  return pri && isRfc5424(text, pri.length) ? parseRfc5424(text, pri) : parseRfc3164(text, pri, reference);
}

/** The whole message: the header, then the event, payload or enrichment fields of its text. */
export function parseSyslogMessage(text: string, reference: YearReference): SyslogParse {
  const parsed = parseSyslogHeader(text, reference);
  if (typeof parsed === 'string') return parsed;
  const { fields, message } = parsed;
  if (isEventXml(message)) return embeddedEvent(parsed);
  fields.message = message;
  const payload = addJsonPayload(message, fields);
  if (typeof payload === 'string') return payload;
  if (!payload) {
    const program = typeof fields.program === 'string' ? fields.program : '';
    if (!addAuthFields(program, message, fields)) addNetworkDeviceFields(message, fields);
  }
  return parsed;
}

/** A message that is an event XML document: that event's fields and time, or why it is invalid. */
function embeddedEvent(header: SyslogRecord): SyslogParse {
  let fields: EventFields;
  try {
    fields = eventXmlFields(header.message);
  } catch (err) {
    return `invalid event XML from ${String(header.fields.program ?? 'an unnamed program')}: ${reasonOf(err)}`;
  }
  const time = eventTime(fields);
  return { fields, time: Number.isNaN(time) ? header.time : time, message: header.message, embeddedEvent: true };
}
