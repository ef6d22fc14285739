/**
 * Live detection: reads the event log from the checkpoint, runs the hunt's detectors on every
 * event, stores the findings and commits checkpoints.
 *
 * Event time and lateness: the watermark is the latest event time seen minus `latenessMs`. After
 * each batch the stateful detectors (Sigma correlations) are flushed up to it, so correlation
 * windows are judged in event-time order as long as an event arrives at most `latenessMs` after
 * later events; a later one is treated as the correlator's late input (counted and reported).
 *
 * Crash and reload: the checkpoint (committed after a batch at most every 200 ms under load, and
 * whenever detection has caught up or stops) holds the first unprocessed offset and `replayFrom`, the first
 * record that may still be part of an open correlation window (event time within the longest
 * correlation timespan of the watermark). A restart or a rule reload reads again from `replayFrom`:
 * windows are rebuilt, and the findings of records already done come out with the same
 * deterministic ids, so the store ignores them.
 */
import type { Detector } from '../findings/detector.js';
import type { Finding } from '../findings/finding.js';
import type { FindingStore } from '../store/finding-store.js';
import type { EventLog, LogEntry } from './event-log.js';
import { eventHost, ownAddresses } from '../events/host.js';
import { HostEvidence, resolveHosts } from '../events/host-directory.js';
import { withCanonicalHost } from '../findings/canonical-host.js';
import { decodeLogEvent } from './log-event.js';

export interface DetectionOptions {
  /** How late (event time) an event may arrive and still be correlated in order (default 60 s). */
  latenessMs?: number;
  /** Records per read (default 2048). */
  batch?: number;
  /** One line per record that is not a readable event. */
  onProblem?: (line: string) => void;
  /** Wait before retrying after a store or log error (default 5 s). */
  retryMs?: number;
  /** Called after each stored batch (tests, stats). */
  onBatch?: (info: { next: number; findings: number; newFindings: number }) => void;
}

const RETRY_MS = 5000;
/** Under load the checkpoint is committed at most this often (each commit costs two fsyncs). */
const CHECKPOINT_EVERY_MS = 200;

interface BatchSpan {
  start: number;
  maxTime: number;
}

export class DetectionLoop {
  private make: () => Detector[];
  private detectors: Detector[];
  private readonly lateness: number;
  private readonly batchSize: number;
  private at = 0;
  private done = 0;
  private maxTime = -Infinity;
  private spans: BatchSpan[] = [];
  private abort = new AbortController();
  private running: Promise<void> | null = null;
  /** Host names and own addresses seen since this start, for canonical hosts (host-directory.ts). */
  private readonly hostEvidence = new HostEvidence();
  private reloadTo: (() => Detector[]) | null = null;
  private dirty = false;
  private lastCommit = 0;
  /** Records that were not events. */
  problems = 0;

  constructor(
    private readonly log: EventLog,
    private readonly store: FindingStore,
    /** Builds fresh detectors (with empty correlation state). */
    makeDetectors: () => Detector[],
    private readonly options: DetectionOptions = {},
  ) {
    this.make = makeDetectors;
    this.detectors = makeDetectors();
    this.lateness = options.latenessMs ?? 60_000;
    this.batchSize = options.batch ?? 2048;
  }

  /** First offset not yet processed (all findings before it are stored). */
  get processed(): number {
    return this.done;
  }

  start(): void {
    const cp = this.log.loadCheckpoint();
    this.done = Math.max(cp?.offset ?? 0, this.log.startOffset);
    this.at = Math.max(cp?.replayFrom ?? 0, this.log.startOffset);
    this.running = this.run();
  }

  /** New detectors (reloaded rules): correlation windows are rebuilt by replaying from replayFrom. */
  reload(makeDetectors: () => Detector[]): void {
    this.reloadTo = makeDetectors;
  }

  /** Stops after the batch in hand and commits the checkpoint. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      if (this.reloadTo) this.applyReload();
      try {
        const { entries, next } = await this.log.read(this.at, this.batchSize);
        if (entries.length === 0 && next === this.at) {
          if (this.dirty) this.commit();
          await this.log.waitFor(this.at, signal);
          continue;
        }
        this.processBatch(entries, next);
      } catch (err) {
        // The store or the log failed (disk full…): nothing is checkpointed past what was stored.
        // Retry with fresh detectors from replayFrom, so no correlation input is counted twice.
        const wait = this.options.retryMs ?? RETRY_MS;
        this.options.onProblem?.(`detection: ${(err as Error).message}; retrying in ${wait / 1000} s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
        });
        this.reloadTo ??= this.make;
      }
    }
    try {
      if (this.dirty) this.commit();
    } catch (err) {
      this.options.onProblem?.(`detection: last checkpoint not saved (${(err as Error).message}); the next start replays a little more`);
    }
  }

  private commit(): void {
    this.log.commitCheckpoint({ offset: this.done, replayFrom: this.replayFrom() });
    this.dirty = false;
    this.lastCommit = Date.now();
  }

  private applyReload(): void {
    this.make = this.reloadTo!;
    this.detectors = this.make();
    this.reloadTo = null;
    this.at = this.replayFrom();
    this.maxTime = -Infinity;
    this.spans = [];
  }

  private processBatch(entries: LogEntry[], next: number): void {
    const findings: Finding[] = [];
    const emit = (f: Finding): void => { findings.push(f); };
    const hosts = new Map<string, number>();
    let batchMax = -Infinity;
    for (const entry of entries) {
      let event;
      try {
        event = decodeLogEvent(entry.data, entry.offset, entry.parsed);
      } catch (err) {
        this.problems++;
        this.options.onProblem?.(`event log record ${entry.offset}: not an event (${(err as Error).message})`);
        continue;
      }
      for (const d of this.detectors) d.examine(event, emit);
      const host = eventHost(event.fields, event.source);
      this.hostEvidence.observe(host, ownAddresses(event.fields, event.source));
      if (Number.isFinite(event.time)) {
        if (event.time > batchMax) batchMax = event.time;
        if (host && (hosts.get(host) ?? -Infinity) < event.time) hosts.set(host, event.time);
      }
    }
    if (entries.length) this.spans.push({ start: entries[0]!.offset, maxTime: batchMax });
    if (batchMax > this.maxTime) this.maxTime = batchMax;
    const watermark = this.maxTime - this.lateness;
    for (const d of this.detectors) d.flush?.(watermark, emit);
    // One host per machine, as in the hunt, from the evidence seen so far (since this start).
    const directory = findings.length ? resolveHosts(this.hostEvidence.toData()) : undefined;
    const newFindings = this.store.upsert(directory ? findings.map((f) => withCanonicalHost(f, directory)) : findings);
    this.store.noteHosts(hosts);
    this.at = next;
    if (next > this.done) this.done = next;
    this.dirty = true;
    if (Date.now() - this.lastCommit >= CHECKPOINT_EVERY_MS) this.commit();
    this.options.onBatch?.({ next, findings: findings.length, newFindings });
  }

  /** The first record that may still count in an open correlation window. */
  private replayFrom(): number {
    const horizon = Math.max(0, ...this.detectors.map((d) => d.stateHorizonMs ?? 0));
    if (horizon === 0) {
      this.spans = [];
      return this.at;
    }
    const cutoff = this.maxTime - this.lateness - horizon;
    while (this.spans.length && this.spans[0]!.maxTime < cutoff) this.spans.shift();
    return this.spans.length ? this.spans[0]!.start : this.at;
  }
}
