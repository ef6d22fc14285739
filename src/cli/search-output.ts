/**
 * `cellwatch search` output, one line per matching event, written as found (file order):
 * a table (time in the display zone, host, channel or log format without the `Microsoft-Windows-`
 * prefix, Event ID, the matching field=value), JSONL (UTC `ts`, the source reference and the whole flattened event), or CSV
 * (the shared writer, formula-neutralised).
 */
import type { Writable } from 'node:stream';
import type { HuntEvent } from '../events/event.js';
import type { SearchHit } from '../engine/event-search.js';
import type { TimeFormatter } from '../events/display-time.js';
import { toIso } from '../events/timestamp.js';
import { csvRow } from '../text/csv-writer.js';
import { jsonLine } from '../text/json-line.js';
import { visibleLine } from '../text/visible-controls.js';

export const SEARCH_FORMATS = ['table', 'jsonl', 'csv'] as const;
export type SearchFormat = (typeof SEARCH_FORMATS)[number];

export interface SearchRow {
  event: HuntEvent;
  host: string;
  hit: SearchHit;
}

const channelOf = (e: HuntEvent): string => (typeof e.fields.Channel === 'string' && e.fields.Channel ? e.fields.Channel : e.source.format);
const eventIdOf = (e: HuntEvent): string => (e.fields.EventID === undefined || e.fields.EventID === null ? '' : String(e.fields.EventID));
const iso = (ms: number): string => (Number.isNaN(ms) ? '' : toIso(ms));

function fit(text: string, width: number): string {
  const v = visibleLine(text);
  return v.length <= width ? v.padEnd(width) : `${v.slice(0, width - 1)}…`;
}

/** A writer of result lines; `close` flushes what is buffered. */
export interface SearchWriter {
  write(row: SearchRow): void;
  close(): Promise<void>;
}

export function searchWriter(format: SearchFormat, out: Writable, time: TimeFormatter, columns: number): SearchWriter {
  let buffered = '';
  let rows = 0;
  const push = (text: string): void => {
    buffered += text;
    if (buffered.length > 1 << 16) {
      out.write(buffered);
      buffered = '';
    }
  };
  const timeWidth = time(0).length;
  const fieldWidth = Math.max(30, columns - (timeWidth + 32 + 24 + 6 + 8));
  const line = (row: SearchRow): string => {
    const { event, hit } = row;
    if (format === 'jsonl') {
      return jsonLine({ ts: iso(event.time), host: row.host, channel: channelOf(event), event_id: eventIdOf(event), source: event.source, field: hit.field, value: hit.value, event: event.fields });
    }
    if (format === 'csv') {
      return csvRow([iso(event.time), row.host, channelOf(event), eventIdOf(event), event.source.path, event.source.record, hit.field, hit.value]);
    }
    const cells = [fit(Number.isNaN(event.time) ? '-' : time(event.time), timeWidth), fit(row.host || '-', 32), fit(channelOf(event).replace(/^Microsoft-Windows-/, ''), 24), fit(eventIdOf(event) || '-', 6)];
    return `${cells.join('  ')}  ${fit(`${hit.field}=${hit.value}`, fieldWidth).trimEnd()}\n`;
  };
  return {
    write(row) {
      if (rows++ === 0) {
        if (format === 'csv') push(csvRow(['time', 'host', 'channel', 'event_id', 'path', 'record', 'field', 'value']));
        if (format === 'table') push(`${['time'.padEnd(timeWidth), 'host'.padEnd(32), 'channel / source'.padEnd(24), 'eid'.padEnd(6), 'match'].join('  ')}\n`);
      }
      push(line(row));
    },
    async close() {
      if (buffered) out.write(buffered);
      buffered = '';
    },
  };
}
