/**
 * A finding sink: where findings go (table, jsonl, csv, html report, timeline, navigator layer).
 * The engine calls `write` for every finding in time order, then `close` once with the summary.
 */
import type { Finding } from './finding.js';
import type { HuntSummary } from './summary.js';

export interface FindingSink {
  write(finding: Finding): void;
  close(summary: HuntSummary): Promise<void>;
}

/** Where a sink writes: a stream it must not end when it is stdout. */
export interface SinkTarget {
  stream: NodeJS.WritableStream;
  /** True when output goes to a terminal (colours, widths). */
  isTTY: boolean;
}
