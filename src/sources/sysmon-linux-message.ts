/**
 * Sysmon for Linux writes each event as one Windows-style event XML document (`<Event><System>…
 * <Channel>Linux-Sysmon/Operational</Channel>…</System><EventData><Data Name="Image">…`) into syslog
 * (identifier `sysmon`) or the journal. This turns such a message into the fields every Windows
 * event gets (flattenWindowsEvent), so Sigma's `product: linux` categories select it by Channel and
 * EventID exactly as Windows Sysmon events are selected.
 */
import type { EventFields } from '../events/event.js';
import { flattenWindowsEvent } from '../events/flatten.js';
import { eventXmlToJson } from './xml-reader.js';

/** True when a log message is an event XML document (cheap test, before parsing). */
export function isEventXml(message: string): boolean {
  return message.startsWith('<Event>') || message.startsWith('<Event ');
}

/** The flattened fields of an event XML message; throws (with a reason) when the XML is invalid. */
export function eventXmlFields(message: string): EventFields {
  return flattenWindowsEvent(eventXmlToJson(message.trimEnd()));
}
