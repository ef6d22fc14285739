/**
 * A finding's event and the same host's events around it, read from the event log by offset:
 * the finding's `source.record` is its log offset + 1. Up to CONTEXT_EVENTS events of that host
 * on each side, looked for within CONTEXT_RECORDS records on each side (other hosts' events in
 * between are skipped).
 */
import { eventHost } from '../../events/host.js';
import type { HuntEvent } from '../../events/event.js';
import type { Finding } from '../../findings/finding.js';
import type { EventLog } from '../event-log.js';
import { decodeLogEvent, LOG_SOURCE_PATH } from '../log-event.js';

export const CONTEXT_RECORDS = 2000;
export const CONTEXT_EVENTS = 10;

export interface ContextEvent {
  offset: number;
  /** ISO time, '' when the event has none. */
  time: string;
  fields: Record<string, unknown>;
}

export interface SurroundingEvents {
  host: string;
  before: ContextEvent[];
  /** The finding's own event, as the log holds it. */
  event: ContextEvent | null;
  after: ContextEvent[];
  /** Why there is nothing to show, when so. */
  note: string;
}

function contextEvent(offset: number, e: HuntEvent): ContextEvent {
  return { offset, time: Number.isFinite(e.time) ? new Date(e.time).toISOString() : '', fields: e.fields as Record<string, unknown> };
}

const sameHost = (a: string, b: string): boolean => a !== '' && a.toLowerCase() === b.toLowerCase();

export async function surroundingEvents(log: EventLog, finding: Finding): Promise<SurroundingEvents> {
  const empty = (note: string): SurroundingEvents => ({ host: finding.host, before: [], event: null, after: [], note });
  if (finding.source.path !== LOG_SOURCE_PATH) return empty('this finding does not come from the event log');
  const at = finding.source.record - 1;
  if (at < log.startOffset) return empty(`record ${finding.source.record} is no longer in the log (retention)`);
  if (at >= log.endOffset) return empty(`record ${finding.source.record} is not in the log`);
  const from = Math.max(log.startOffset, at - CONTEXT_RECORDS);
  const { entries } = await log.read(from, at + CONTEXT_RECORDS + 1 - from, { detached: true });
  const decoded: { offset: number; event: HuntEvent }[] = [];
  for (const entry of entries) {
    try {
      decoded.push({ offset: entry.offset, event: decodeLogEvent(entry.data, entry.offset) });
    } catch {
      // Not an event: detection reported it when it read the record.
    }
  }
  const own = decoded.find((d) => d.offset === at);
  if (!own) return empty(`record ${finding.source.record} could not be read from the log`);
  // The host as the raw event names it (the finding's host may be the canonical name of several).
  const host = eventHost(own.event.fields, own.event.source) || finding.host;
  const ofHost = decoded.filter((d) => d.offset !== at && sameHost(eventHost(d.event.fields, d.event.source), host));
  return {
    host,
    before: ofHost.filter((d) => d.offset < at).slice(-CONTEXT_EVENTS).map((d) => contextEvent(d.offset, d.event)),
    event: contextEvent(at, own.event),
    after: ofHost.filter((d) => d.offset > at).slice(0, CONTEXT_EVENTS).map((d) => contextEvent(d.offset, d.event)),
    note: '',
  };
}
