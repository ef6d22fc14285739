/**
 * The reader interface: every input format plugs in here. A reader streams a file as batches of
 * flattened events and reports every record it cannot read instead of throwing.
 */
import type { HuntEvent } from '../events/event.js';

/** A record or region a reader could not read. Printed as `path:where: reason`. */
export interface ReadProblem {
  path: string;
  /** Position, e.g. `line 12`, `record 5`, `chunk 3 offset 0x11200`. */
  where: string;
  reason: string;
}

export interface ReadOptions {
  /** Called once per unreadable record or region; reading then goes on. */
  onProblem: (problem: ReadProblem) => void;
  /** Called with the number of bytes consumed since the last call (progress). */
  onBytes?: (bytes: number) => void;
  /** Events per yielded batch (default 1024). */
  batchSize?: number;
  /**
   * The input's bytes, already in memory (`serve`'s request bodies): the line readers (every reader
   * built on line-events.ts) read them instead of opening `path`, which then only names the input.
   */
  content?: Buffer;
  /**
   * Keep each JSON or EVTX record as parsed in `event.raw` (tools that need the record itself,
   * such as the benchmark's dataset builder). Off by default: hunts read fields only (event.ts).
   */
  keepRaw?: boolean;
  /** Only a part of the file, cut where the reader's `splitsAt` says (file-parts.ts). */
  part?: FilePart;
}

/**
 * Bytes [start, end) of a file, both at record boundaries: line starts for `splitsAt: 'lines'`
 * (with the number of the line at `start`), chunk starts for `splitsAt: 'evtx-chunks'`.
 */
export interface FilePart {
  start: number;
  end: number;
  firstLine: number;
}

export interface EventReader {
  /** Format name, as in Finding.source.format. */
  readonly format: string;
  /**
   * Stream the file at `path`. A file that cannot be opened at all throws an Error whose message
   * names the file (the caller reports it and goes on with other files).
   */
  read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]>;
  /**
   * Where the file can be cut into parts read on their own (ReadOptions.part): at line starts when
   * every line is a record, at EVTX chunk starts (each chunk holds its own strings and templates).
   */
  readonly splitsAt?: 'lines' | 'evtx-chunks';
}

/** Decides from the first bytes (decompressed) and the path whether a reader applies. */
export interface FormatSniffer {
  readonly format: string;
  sniff(head: Buffer, path: string): boolean;
  open(): EventReader;
}

export const DEFAULT_BATCH_SIZE = 1024;
