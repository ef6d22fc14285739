/**
 * `cellwatch stats`: what a responder counts first to decide where to look. Events per host
 * (canonical hosts, with first and last time), per channel (Windows channel, else the log format),
 * per Event ID within its channel, per day (in the display time zone), and the logons
 * (logon-events.ts) by host, user, logon type and source, failed and successful.
 */
import type { HuntEvent } from '../events/event.js';
import type { HostDirectory } from '../events/host-directory.js';
import { eventHost } from '../events/host.js';
import { logonOf, type Logon } from './logon-events.js';

export interface Span {
  count: number;
  /** Epoch ms; NaN when no event carried a time. */
  first: number;
  last: number;
}

export interface LogonRow extends Logon, Span {
  host: string;
}

export interface EventStatsReport {
  events: number;
  hosts: Array<{ host: string; aliases: string[] } & Span>;
  channels: Array<{ channel: string; count: number }>;
  eventIds: Array<{ channel: string; eventId: number; count: number }>;
  /** `day` as YYYY-MM-DD in the display zone. */
  days: Array<{ day: string; count: number }>;
  logons: LogonRow[];
}

/** Day buckets are 15-minute slots in UTC, turned into days of the display zone at the end. */
const SLOT_MS = 900_000;

const newSpan = (): Span => ({ count: 0, first: NaN, last: NaN });

function widen(s: Span, t: number, count = 1): void {
  s.count += count;
  if (!Number.isNaN(t)) {
    if (!(s.first <= t)) s.first = t;
    if (!(s.last >= t)) s.last = t;
  }
}

function mergeSpan(into: Span, from: Span): void {
  widen(into, from.first, from.count);
  if (!Number.isNaN(from.last)) widen(into, from.last, 0);
}

const byCount = <T extends { count: number }>(key: (x: T) => string) => (a: T, b: T): number =>
  b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export class EventStats {
  private events = 0;
  private readonly hosts = new Map<string, Span>();
  private readonly eventIds = new Map<string, Map<number, number>>();
  private readonly slots = new Map<number, number>();
  private readonly logons = new Map<string, LogonRow>();

  examine(event: HuntEvent): void {
    this.events++;
    const { fields, time } = event;
    const host = eventHost(fields, event.source);
    let span = this.hosts.get(host);
    if (!span) this.hosts.set(host, (span = newSpan()));
    widen(span, time);
    const channel = typeof fields.Channel === 'string' && fields.Channel !== '' ? fields.Channel : event.source.format;
    let ids = this.eventIds.get(channel);
    if (!ids) this.eventIds.set(channel, (ids = new Map()));
    const id = typeof fields.EventID === 'number' ? fields.EventID : typeof fields.EventID === 'string' && fields.EventID !== '' ? Number(fields.EventID) : -1;
    ids.set(id, (ids.get(id) ?? 0) + 1);
    if (!Number.isNaN(time)) {
      const slot = Math.floor(time / SLOT_MS);
      this.slots.set(slot, (this.slots.get(slot) ?? 0) + 1);
    }
    const logon = logonOf(fields);
    if (logon) {
      const key = [host, logon.event, logon.outcome, logon.kind, logon.user, logon.logonType, logon.source].join('\u0000');
      let row = this.logons.get(key);
      if (!row) this.logons.set(key, (row = { host, ...logon, ...newSpan() }));
      widen(row, time);
    }
  }

  /** Hosts resolved to canonical hosts (merging a machine's spellings); days in the display zone. */
  report(directory: HostDirectory, dayOf: (ms: number) => string): EventStatsReport {
    const hosts = new Map<string, { host: string; aliases: string[] } & Span>();
    for (const [raw, span] of this.hosts) {
      const r = raw ? directory.resolve(raw) : { host: '', aliases: [] };
      let row = hosts.get(r.host);
      if (!row) hosts.set(r.host, (row = { host: r.host, aliases: r.aliases, ...newSpan() }));
      mergeSpan(row, span);
    }
    const channels: EventStatsReport['channels'] = [];
    const eventIds: EventStatsReport['eventIds'] = [];
    for (const [channel, ids] of this.eventIds) {
      let count = 0;
      for (const [eventId, n] of ids) {
        count += n;
        if (eventId >= 0) eventIds.push({ channel, eventId, count: n });
      }
      channels.push({ channel, count });
    }
    const days = new Map<string, number>();
    for (const [slot, n] of this.slots) {
      const day = dayOf(slot * SLOT_MS);
      days.set(day, (days.get(day) ?? 0) + n);
    }
    const logons = new Map<string, LogonRow>();
    for (const row of this.logons.values()) {
      const host = row.host ? directory.resolve(row.host).host : '';
      const key = [host, row.event, row.outcome, row.kind, row.user, row.logonType, row.source].join('\u0000');
      const seen = logons.get(key);
      if (seen) mergeSpan(seen, row);
      else logons.set(key, { ...row, host });
    }
    return {
      events: this.events,
      hosts: [...hosts.values()].sort(byCount((h) => h.host)),
      channels: channels.sort(byCount((c) => c.channel)),
      eventIds: eventIds.sort(byCount((e) => `${e.channel}\u0000${String(e.eventId).padStart(10, '0')}`)),
      days: [...days].map(([day, count]) => ({ day, count })).sort((a, b) => (a.day < b.day ? -1 : 1)),
      logons: [...logons.values()].sort(byCount((l) => `${l.host}\u0000${l.event}\u0000${l.user}\u0000${l.source}`)),
    };
  }
}
