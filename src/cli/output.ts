/**
 * Output formats of the hunt: picks the sink for `--format` and opens `--output`.
 */
import { createWriteStream } from 'node:fs';
import type { FindingSink, SinkTarget } from '../findings/sink.js';
import { createTableSink } from '../findings/sinks/table.js';
import { createJsonlSink } from '../findings/sinks/jsonl.js';
import { createCsvSink } from '../findings/sinks/csv.js';
import { createHtmlReportSink, createNavigatorSink, createTimelineSink } from '../report/index.js';

export const HUNT_FORMATS = ['table', 'jsonl', 'csv', 'html', 'timeline', 'navigator'] as const;
export type HuntFormat = (typeof HUNT_FORMATS)[number];

export interface OpenedOutput {
  sink: FindingSink;
  /** Flush and close the file (not stdout). */
  close: () => Promise<void>;
}

export async function openOutput(format: HuntFormat, outputPath: string | undefined, timelineFlavour: 'csv' | 'jsonl'): Promise<OpenedOutput> {
  let target: SinkTarget;
  let closeFile: () => Promise<void> = async () => {};
  if (outputPath) {
    const stream = createWriteStream(outputPath);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err) => reject(new Error(`cannot write ${outputPath}: ${err.message}`)));
    });
    target = { stream, isTTY: false };
    closeFile = () => new Promise<void>((resolve, reject) => {
      stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
  } else {
    target = { stream: process.stdout, isTTY: process.stdout.isTTY === true };
  }
  const sink = makeSink(format, target, timelineFlavour);
  return { sink, close: closeFile };
}

function makeSink(format: HuntFormat, target: SinkTarget, flavour: 'csv' | 'jsonl'): FindingSink {
  switch (format) {
    case 'table': return createTableSink(target, target.isTTY ? (process.stdout.columns ?? 160) : 200);
    case 'jsonl': return createJsonlSink(target);
    case 'csv': return createCsvSink(target);
    case 'html': return createHtmlReportSink(target);
    case 'timeline': return createTimelineSink(target, flavour);
    case 'navigator': return createNavigatorSink(target);
  }
}
