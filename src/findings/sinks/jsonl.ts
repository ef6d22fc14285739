/**
 * `--format jsonl`: one Finding JSON object per line, nothing else (pipe into jq).
 */
import type { FindingSink, SinkTarget } from '../sink.js';
import type { Finding } from '../finding.js';
import { jsonLine } from '../../text/json-line.js';
import { writeChunked } from './write-chunked.js';

export function createJsonlSink(target: SinkTarget): FindingSink {
  const out = writeChunked(target.stream);
  return {
    write(f: Finding): void {
      out.write(jsonLine(f));
    },
    close: () => out.end(),
  };
}
