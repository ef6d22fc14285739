/**
 * `cellwatch stats` output: a table per section for people, or one record per row (JSONL, CSV) with a
 * `section` column (host, channel, eventid, day, logon) for tools and spreadsheets. Times in the
 * table use the display zone; JSONL and CSV keep ISO 8601 UTC.
 */
import type { EventStatsReport } from '../engine/event-stats.js';
import { toIso } from '../events/timestamp.js';
import type { TimeFormatter } from '../events/display-time.js';
import { csvRow } from '../text/csv-writer.js';
import { jsonLine } from '../text/json-line.js';
import { textTable } from '../text/text-table.js';

type Row = Record<string, string | number>;

const iso = (ms: number): string => (Number.isNaN(ms) ? '' : toIso(ms));

/** Every row of the report as flat records, in section order. */
export function statsRows(r: EventStatsReport): Row[] {
  const rows: Row[] = [];
  for (const h of r.hosts) rows.push({ section: 'host', host: h.host, aliases: h.aliases.join(' '), count: h.count, first: iso(h.first), last: iso(h.last) });
  for (const c of r.channels) rows.push({ section: 'channel', channel: c.channel, count: c.count });
  for (const e of r.eventIds) rows.push({ section: 'eventid', channel: e.channel, event_id: e.eventId, count: e.count });
  for (const d of r.days) rows.push({ section: 'day', day: d.day, count: d.count });
  for (const l of r.logons) {
    rows.push({
      section: 'logon', host: l.host, event_id: l.event, outcome: l.outcome, kind: l.kind, user: l.user,
      logon_type: l.logonType, source: l.source, count: l.count, first: iso(l.first), last: iso(l.last),
    });
  }
  return rows;
}

const CSV_COLUMNS = ['section', 'host', 'aliases', 'channel', 'event_id', 'day', 'outcome', 'kind', 'user', 'logon_type', 'source', 'count', 'first', 'last'];

export function statsCsv(r: EventStatsReport): string {
  return csvRow(CSV_COLUMNS) + statsRows(r).map((row) => csvRow(CSV_COLUMNS.map((c) => row[c] ?? ''))).join('');
}

export function statsJsonl(r: EventStatsReport): string {
  return statsRows(r).map((row) => jsonLine(row)).join('');
}

export function statsTable(r: EventStatsReport, time: TimeFormatter): string {
  const t = (ms: number): string => (Number.isNaN(ms) ? '-' : time(ms));
  const out: string[] = [];
  out.push(`Events per host (${r.hosts.length})\n`, textTable(
    [{ title: 'events', right: true }, { title: 'host' }, { title: 'first' }, { title: 'last' }, { title: 'also seen as', max: 50 }],
    r.hosts.map((h) => [h.count, h.host || '-', t(h.first), t(h.last), h.aliases.join(', ')])));
  out.push(`Events per channel / log format (${r.channels.length})\n`, textTable(
    [{ title: 'events', right: true }, { title: 'channel' }], r.channels.map((c) => [c.count, c.channel])));
  out.push(`Events per Event ID (${r.eventIds.length})\n`, textTable(
    [{ title: 'events', right: true }, { title: 'eid', right: true }, { title: 'channel' }], r.eventIds.map((e) => [e.count, e.eventId, e.channel])));
  out.push(`Events per day (${r.days.length})\n`, textTable(
    [{ title: 'events', right: true }, { title: 'day' }], r.days.map((d) => [d.count, d.day])));
  const failed = r.logons.filter((l) => l.outcome === 'failure').reduce((a, l) => a + l.count, 0);
  const total = r.logons.reduce((a, l) => a + l.count, 0);
  out.push(`Logons (${total} records: ${total - failed} successful, ${failed} failed)\n`);
  out.push(r.logons.length ? textTable(
    [{ title: 'count', right: true }, { title: 'host', max: 32 }, { title: 'event' }, { title: 'outcome' }, { title: 'kind' },
      { title: 'user', max: 36 }, { title: 'type' }, { title: 'source', max: 40 }, { title: 'first' }, { title: 'last' }],
    r.logons.map((l) => [l.count, l.host || '-', l.event, l.outcome, l.kind, l.user || '-', l.logonType || '-', l.source || '-', t(l.first), t(l.last)]),
  ) : '  none\n');
  return out.join('');
}
