/**
 * `--format timeline`: one row per finding in a shape timeline tools import. Timesketch needs the
 * `message`, `datetime` (ISO 8601) and `timestamp_desc` columns; `timestamp` is epoch microseconds.
 * CSV (RFC 4180) and JSONL carry the same keys with the same string values (timestamp a number in
 * JSONL). A finding without a time keeps its row with empty datetime/timestamp and the
 * timestamp_desc `No Timestamp`, rather than being dropped or given a made-up time.
 */
import type { Finding } from '../findings/finding.js';
import type { FindingSink, SinkTarget } from '../findings/sink.js';
import type { HuntSummary } from '../findings/summary.js';
import { csvRow } from '../text/csv-writer.js';
import { jsonLine } from '../text/json-line.js';
import { BufferedText } from './stream-text.js';

export const TIMELINE_COLUMNS = [
  'message', 'datetime', 'timestamp_desc', 'timestamp', 'host', 'rule', 'rule_id', 'level', 'detector', 'attack',
  'source_path', 'source_record', 'source_format',
] as const;

export type TimelineRow = Record<(typeof TIMELINE_COLUMNS)[number], string | number>;

const MESSAGE_MATCHED_CHARS = 400;

function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `[level] title on host: field=value; …` (matched part capped). */
export function timelineMessage(f: Finding): string {
  let matched = Object.entries(f.matched ?? {}).map(([k, v]) => `${k}=${valueText(v)}`).join('; ');
  if (matched.length > MESSAGE_MATCHED_CHARS) matched = `${matched.slice(0, MESSAGE_MATCHED_CHARS)}…`;
  const text = `[${f.rule.level}] ${f.rule.title} on ${f.host || '(no host)'}${matched ? `: ${matched}` : ''}`;
  // One line: timeline viewers show the message in a single row.
  return text.replace(/[\r\n]+/g, ' ');
}

export function timelineRow(f: Finding): TimelineRow {
  const ms = f.ts ? Date.parse(f.ts) : NaN;
  const timed = !Number.isNaN(ms);
  return {
    message: timelineMessage(f),
    datetime: timed ? new Date(ms).toISOString() : '',
    timestamp_desc: timed ? (f.detector === 'audit' ? 'Audit Time' : 'Event Time') : 'No Timestamp',
    timestamp: timed ? ms * 1000 : '',
    host: f.host ?? '',
    rule: f.rule.title,
    rule_id: f.rule.id,
    level: f.rule.level,
    detector: f.detector,
    attack: (f.attack ?? []).join(';'),
    source_path: f.source?.path ?? '',
    source_record: f.source?.record ?? '',
    source_format: f.source?.format ?? '',
  };
}

export function createTimelineSink(target: SinkTarget, flavour: 'csv' | 'jsonl' = 'csv'): FindingSink {
  const out = new BufferedText(target.stream);
  if (flavour === 'csv') out.write(csvRow(TIMELINE_COLUMNS));
  return {
    write(f: Finding): void {
      const row = timelineRow(f);
      if (flavour === 'csv') out.write(csvRow(TIMELINE_COLUMNS.map((c) => row[c])));
      else out.write(jsonLine(row));
    },
    async close(_summary: HuntSummary): Promise<void> {
      await out.flush();
    },
  };
}
