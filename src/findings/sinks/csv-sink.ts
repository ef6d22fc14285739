/**
 * `--format csv`: one row per finding, a fixed declared column list, written by the shared CSV
 * writer (RFC 4180 quoting, formula neutralisation). `audit --format csv` uses the same rows.
 */
import type { FindingSink, SinkTarget } from '../sink.js';
import type { Finding } from '../finding.js';
import { csvRow } from '../../text/csv-writer.js';
import { writeChunked } from './write-chunked.js';
import { findingDetails } from '../finding-details.js';

export const CSV_COLUMNS = [
  'ts', 'level', 'detector', 'rule_id', 'rule_title', 'attack', 'host', 'source_path', 'source_record',
  'source_format', 'matched', 'event_id', 'channel', 'user', 'details',
] as const;

/** One finding as a CSV record (CRLF-terminated), in CSV_COLUMNS order. */
export function findingCsvRow(f: Finding): string {
  const d = findingDetails(f);
  return csvRow([
    f.ts, f.rule.level, f.detector, f.rule.id, f.rule.title, f.attack.join(';'), f.host, f.source.path,
    f.source.record, f.source.format, JSON.stringify(f.matched), d.eventId, d.channel, d.user, d.details,
  ]);
}

export const CSV_HEADER = csvRow(CSV_COLUMNS);

export function createCsvSink(target: SinkTarget): FindingSink {
  const out = writeChunked(target.stream);
  out.write(CSV_HEADER);
  return {
    write(f: Finding): void {
      out.write(findingCsvRow(f));
    },
    close: () => out.end(),
  };
}
