/**
 * Output formats of the hunt: picks the sink for `--format` and opens `--output` (never onto an
 * input; through a temporary file renamed into place on success, see output-file.ts).
 */
import type { FindingSink, SinkTarget } from '../findings/sink.js';
import { createTableSink } from '../findings/sinks/table.js';
import { createJsonlSink } from '../findings/sinks/jsonl.js';
import { createCsvSink } from '../findings/sinks/csv-sink.js';
import { createHtmlReportSink, createNavigatorSink, createTimelineSink } from '../report/index.js';
import { openOutputFile, refuseOutputOntoInput, why } from './output-file.js';
import { UsageError } from './usage-error.js';
import { injectedFault } from './fault-injection.js';
import { InternalError } from './exit-codes.js';
import { terminalWidth } from './terminal-width.js';
import type { TimeFormatter } from '../events/display-time.js';

export const HUNT_FORMATS = ['table', 'jsonl', 'csv', 'html', 'timeline', 'navigator'] as const;
export type HuntFormat = (typeof HUNT_FORMATS)[number];

export interface OpenedOutput {
  sink: FindingSink;
  /** Flush and close the file and put it in place (nothing for stdout). */
  close: () => Promise<void>;
  /** Files the hunt must not read: the output and its temporary file. */
  paths: string[];
}

/** `inputs`: every path the command reads; an output that is one of them is refused. */
export async function openOutput(
  format: HuntFormat, outputPath: string | undefined, timelineFlavour: 'csv' | 'jsonl', inputs: readonly string[] = [], full = false,
  time?: TimeFormatter,
): Promise<OpenedOutput> {
  if (!outputPath) {
    const target: SinkTarget = { stream: process.stdout, isTTY: process.stdout.isTTY === true };
    return { sink: withFaults(makeSink(format, target, timelineFlavour, full, time)), close: async () => {}, paths: [] };
  }
  refuseOutputOntoInput(outputPath, inputs);
  const file = await openOutputFile(outputPath);
  const inner = withFaults(makeSink(format, { stream: file.stream, isTTY: false }, timelineFlavour, full, time));
  const sink: FindingSink = {
    write: (f) => inner.write(f),
    async close(summary) {
      try {
        await inner.close(summary);
      } catch (err) {
        // A failed write (disk full…) is about the output file: say which, exit 2.
        if (typeof (err as NodeJS.ErrnoException).errno === 'number') throw new UsageError(`${outputPath}: cannot write: ${why(err)}`);
        throw err;
      }
    },
  };
  return { sink, close: () => file.commit(), paths: file.paths };
}

/** The documented fault-injection point `sink-write` (CELLWATCH_FAULT): fail on the second finding. */
function withFaults(sink: FindingSink): FindingSink {
  if (!injectedFault('sink-write')) return sink;
  let written = 0;
  return {
    write(f) {
      if (++written === 2) throw new InternalError('injected fault: sink-write (CELLWATCH_FAULT)');
      sink.write(f);
    },
    close: (summary) => sink.close(summary),
  };
}

function makeSink(format: HuntFormat, target: SinkTarget, flavour: 'csv' | 'jsonl', full: boolean, time?: TimeFormatter): FindingSink {
  switch (format) {
    case 'table': return createTableSink(target, { columns: terminalWidth(target.isTTY ? process.stdout : {}), full, time });
    case 'jsonl': return createJsonlSink(target);
    case 'csv': return createCsvSink(target);
    case 'html': return createHtmlReportSink(target);
    case 'timeline': return createTimelineSink(target, flavour);
    case 'navigator': return createNavigatorSink(target);
  }
}
