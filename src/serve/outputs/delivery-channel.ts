/**
 * One output (a webhook, a syslog forwarder): a bounded queue of new findings at or above its level,
 * delivered one at a time, in store order, with retries.
 *
 * - `pull()` (after each detection batch) moves the findings the store added since the last pull
 *   into the queue; it never waits on the destination, so detection is never blocked. When the
 *   queue is full the newest findings are dropped: counted, reported in one line at most every
 *   10 s, and shown in the stats.
 * - A failed delivery is retried with exponential backoff and jitter (retry-backoff.ts) until it
 *   succeeds, unless the destination refuses it for good (a `permanent` DeliveryError: counted as
 *   failed and skipped). One line when delivery starts failing, one when it recovers.
 * - The position (delivery-position.ts) is everything before the queue's head; it is saved at most
 *   every second and on stop. A restart resumes from it: at-least-once delivery (a finding sent but
 *   not yet recorded goes again), and no flood of old findings. An output that never ran starts at
 *   the store's current end.
 */
import type { Finding, Level } from '../../findings/finding.js';
import type { AddedFinding, FindingStore } from '../../store/finding-store.js';
import { backoffDelay, type BackoffPolicy } from './retry-backoff.js';
import { sleep } from './abortable-wait.js';
import type { DeliveryPosition } from './delivery-position.js';

/** Why a delivery failed; `permanent` when retrying cannot help (e.g. HTTP 400). */
export class DeliveryError extends Error {
  constructor(message: string, readonly permanent = false, readonly retryAfterMs?: number) {
    super(message);
  }
}

/**
 * Sends one finding; resolves when the destination took it, throws (DeliveryError or any Error)
 * when not. `signal` aborts it when serve stops.
 */
export type Send = (finding: Finding, id: string, signal: AbortSignal) => Promise<void>;

export interface ChannelOptions {
  /** Shown in lines and stats (no credentials). */
  name: string;
  minLevel: Level;
  capacity: number;
  backoff: BackoffPolicy;
  position: DeliveryPosition;
  say: (line: string) => void;
  random?: () => number;
}

export interface ChannelStats {
  output: string;
  level: Level;
  delivered: number;
  /** Dropped because the queue was full. */
  dropped: number;
  /** Refused for good by the destination. */
  failed: number;
  retries: number;
  queued: number;
  /** Store position everything before the queue's head has reached. */
  position: number;
  /** The last error while it lasts; absent once delivery works again. */
  failing?: string;
}

const SAVE_EVERY_MS = 1000;
const DROP_NOTE_EVERY_MS = 10_000;

export class DeliveryChannel {
  private readonly queue: AddedFinding[] = [];
  private enqueuedTo: number;
  private saved: number;
  private lastSave = 0;
  private dropNoted = { at: 0, count: 0 };
  private wake: (() => void) | null = null;
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private counts = { delivered: 0, dropped: 0, failed: 0, retries: 0 };
  private failing: string | undefined;

  constructor(private readonly store: FindingStore, private readonly send: Send, private readonly options: ChannelOptions) {
    let saved = options.position.load();
    if (saved !== undefined && saved > store.lastAdded()) {
      options.say(`warning: ${options.name}: saved position ${saved} is past the store's end (a new database?); starting at its end`);
      saved = undefined;
    }
    this.enqueuedTo = saved ?? store.lastAdded();
    this.saved = this.enqueuedTo;
    if (saved === undefined) options.position.save(this.enqueuedTo);
  }

  start(): void {
    this.pull();
    this.running = this.run();
  }

  /** Takes the findings stored since the last pull (synchronous, bounded by the queue's room). */
  pull(): void {
    const upTo = this.store.lastAdded();
    if (upTo <= this.enqueuedTo) return;
    const room = this.options.capacity - this.queue.length;
    const { findings, more } = this.store.added(this.enqueuedTo, upTo, this.options.minLevel, room);
    this.queue.push(...findings);
    this.enqueuedTo = upTo;
    if (more) this.noteDrops(more);
    this.wake?.();
  }

  stats(): ChannelStats {
    return {
      output: this.options.name, level: this.options.minLevel, ...this.counts, queued: this.queue.length,
      position: this.position(), ...(this.failing ? { failing: this.failing } : {}),
    };
  }

  /** Stops (a delivery in hand is aborted and goes again after a restart) and saves the position. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.running;
    this.save(true);
    if (this.dropNoted.count) this.options.say(`warning: ${this.options.name}: dropped ${this.counts.dropped} findings since start (queue full)`);
  }

  private position(): number {
    return this.queue.length ? this.queue[0]!.seq - 1 : this.enqueuedTo;
  }

  private save(force = false): void {
    const p = this.position();
    if (p === this.saved || (!force && Date.now() - this.lastSave < SAVE_EVERY_MS)) return;
    try {
      this.options.position.save(p);
      this.saved = p;
      this.lastSave = Date.now();
    } catch (err) {
      this.options.say(`warning: ${this.options.name}: delivery position not saved (${(err as Error).message})`);
    }
  }

  private noteDrops(n: number): void {
    this.counts.dropped += n;
    this.dropNoted.count += n;
    const now = Date.now();
    if (now - this.dropNoted.at < DROP_NOTE_EVERY_MS) return;
    this.options.say(`warning: ${this.options.name}: queue full (${this.options.capacity} findings); dropped ${this.dropNoted.count} new findings (${this.counts.dropped} since start)`);
    this.dropNoted = { at: now, count: 0 };
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let attempt = 0;
    while (!signal.aborted) {
      const head = this.queue[0];
      if (!head) {
        this.save(true);
        await new Promise<void>((resolve) => { this.wake = resolve; });
        this.wake = null;
        continue;
      }
      try {
        await this.send(head.finding, head.id, signal);
        this.queue.shift();
        this.counts.delivered++;
        if (this.failing) this.options.say(`${this.options.name}: delivering again after ${attempt} retr${attempt === 1 ? 'y' : 'ies'}`);
        this.failing = undefined;
        attempt = 0;
        this.save();
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (err instanceof DeliveryError && err.permanent) {
          this.queue.shift();
          this.counts.failed++;
          this.options.say(`warning: ${this.options.name}: finding ${head.id} refused (${reason}); skipped`);
          continue;
        }
        if (signal.aborted) break;
        attempt++;
        this.counts.retries++;
        if (!this.failing) this.options.say(`warning: ${this.options.name}: ${reason}; retrying with backoff (findings queue up meanwhile)`);
        this.failing = reason;
        const wait = Math.max(backoffDelay(attempt, this.options.backoff, this.options.random),
          Math.min(err instanceof DeliveryError ? err.retryAfterMs ?? 0 : 0, this.options.backoff.maxMs));
        await sleep(wait, signal);
      }
    }
  }
}
