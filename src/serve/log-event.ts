/**
 * What one log record holds, and how detection turns it back into a HuntEvent.
 *
 *  - JSON events (HTTP NDJSON/JSON, Elasticsearch bulk documents): the event's JSON text as
 *    received. Detection flattens it exactly like the hunt's `jsonl` reader (flattenRecord:
 *    Winlogbeat/ECS, evtx_dump JSON or nested objects) and takes its time the same way.
 *  - Events a line reader already flattened (W3C, Zeek TSV): byte 0x01, then JSON
 *    `{"fmt":…,"t":…,"f":{fields}}`.
 *
 * The event's source is `{path: "serve-log", record: offset + 1, format}`, so a finding names the
 * log record it came from.
 */
import type { EventFields, HuntEvent } from '../events/event.js';
import { flattenRecord } from '../events/flatten.js';
import { eventTime } from '../events/timestamp.js';

export const LOG_SOURCE_PATH = 'serve-log';
const FLAT = 0x01;

export function encodeJsonEvent(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

export function encodeFlatEvent(format: string, time: number, fields: EventFields): Buffer {
  const body = JSON.stringify({ fmt: format, t: Number.isFinite(time) ? time : null, f: fields });
  const out = Buffer.allocUnsafe(1 + Buffer.byteLength(body));
  out[0] = FLAT;
  out.write(body, 1, 'utf8');
  return out;
}

/**
 * The event of the record at `offset`; throws on a record that is not an event (reported by the
 * caller). `parsed`: the JSON value of a JSON record when ingest still holds it (no second parse).
 */
export function decodeLogEvent(data: Buffer, offset: number, parsed?: unknown): HuntEvent {
  const record = offset + 1;
  if (data[0] === FLAT) {
    const v = JSON.parse(data.toString('utf8', 1)) as { fmt: string; t: number | null; f: EventFields };
    return { fields: v.f, time: v.t ?? NaN, source: { path: LOG_SOURCE_PATH, record, format: v.fmt }, raw: v.f };
  }
  const raw: unknown = parsed ?? JSON.parse(data.toString('utf8'));
  const fields = flattenRecord(raw);
  return { fields, time: eventTime(fields), source: { path: LOG_SOURCE_PATH, record, format: 'jsonl' }, raw };
}
