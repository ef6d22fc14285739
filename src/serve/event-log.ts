/**
 * The event log between ingest and detection. An append resolves only once its records are
 * durable, so an acknowledgement to a shipper means the event survives a crash. Detection reads
 * from a checkpoint and commits checkpoints. One node: local segment files (segment-log.ts); a
 * message bus can implement the same interface when ingest and detection scale out.
 */

/** One stored record and its position (offsets count records from 0, without gaps). */
export interface LogEntry {
  offset: number;
  data: Buffer;
  /** The decoded form given to append(), while this process still holds it (saves decoding again). */
  parsed?: unknown;
}

export interface Checkpoint {
  /** Every record before this offset has been processed and its findings stored. */
  offset: number;
  /** Replay starts here after a restart, to rebuild stateful detection (correlation windows). */
  replayFrom: number;
}

export interface RetentionPolicy {
  /** Segments whose newest record is older than this are deleted (ms; 0 = keep). */
  maxAgeMs: number;
  /** Oldest segments are deleted while the log is larger than this (bytes; 0 = no limit). */
  maxBytes: number;
}

export interface EventLog {
  /**
   * Appends the records and resolves with the first one's offset once all are durable (fsync).
   * `parsed`: optional in-memory decoded form of each record, handed to read() as LogEntry.parsed
   * while held (bounded; never stored, so a restart or another node decodes the data again).
   */
  append(records: readonly Buffer[], parsed?: readonly unknown[]): Promise<number>;
  /**
   * Durable records from `offset` on, at most `max`, and the offset to read next. Records lost to
   * corruption are skipped (reported through the log's warning callback), so `next` may jump.
   * `detached`: a reader other than detection (the dashboard): it does not move detection's read
   * position nor take the parsed values held for detection.
   */
  read(offset: number, max: number, options?: { detached?: boolean }): Promise<{ entries: LogEntry[]; next: number }>;
  /** Offset the next append gets (all durable records are below it). */
  readonly endOffset: number;
  /** Oldest offset still retained. */
  readonly startOffset: number;
  /** Resolves when an append makes records past `offset` durable (or at once if there are some). */
  waitFor(offset: number, signal?: AbortSignal): Promise<void>;
  loadCheckpoint(): Checkpoint | undefined;
  commitCheckpoint(checkpoint: Checkpoint): void;
  /** Deletes whole segments outside the policy, never one holding records at or after `keepFrom`. */
  applyRetention(policy: RetentionPolicy, keepFrom: number): number;
  /** Finishes pending appends and closes the files. */
  close(): Promise<void>;
}
