/**
 * `--format csv`: one row per finding, a fixed declared column list (RFC 4180 quoting).
 */
import type { FindingSink, SinkTarget } from '../sink.js';
import type { Finding } from '../finding.js';
import { writeChunked } from './write-chunked.js';

export const CSV_COLUMNS = [
  'ts', 'level', 'detector', 'rule_id', 'rule_title', 'attack', 'host', 'source_path', 'source_record',
  'source_format', 'matched',
] as const;

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function row(f: Finding): string {
  return [
    f.ts, f.rule.level, f.detector, f.rule.id, f.rule.title, f.attack.join(';'), f.host, f.source.path,
    String(f.source.record), f.source.format, JSON.stringify(f.matched),
  ].map(csvField).join(',');
}

export function createCsvSink(target: SinkTarget): FindingSink {
  const out = writeChunked(target.stream);
  out.write(`${CSV_COLUMNS.join(',')}\r\n`);
  return {
    write(f: Finding): void {
      out.write(`${row(f)}\r\n`);
    },
    close: () => out.end(),
  };
}
