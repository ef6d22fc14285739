/**
 * The local write-ahead log of one `serve` node: segment files under `DIR`, each named by the
 * offset of its first record, records framed with a crc32 (segment-records.ts).
 *
 * Durability: appends that arrive while a write is in flight are grouped; each group is written
 * with one write and one fdatasync, and only then are its appends resolved (group commit). Readers
 * see durable records only. On open, the last segment is checked record by record and a torn or
 * corrupt tail (a crash mid-write) is truncated with a warning; corruption inside an older segment
 * is reported when read and the rest of that segment is skipped. Never fatal.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Checkpoint, EventLog, LogEntry, RetentionPolicy } from './event-log.js';
import { frameRecords, readFrame, RECORD_HEADER, segmentName, segmentOffset } from './segment-records.js';

export interface SegmentLogOptions {
  /** A segment is closed and a new one started past this size (default 64 MiB). */
  segmentBytes?: number;
  /** One line per truncated tail or skipped corrupt region. */
  onWarning?: (line: string) => void;
}

interface Segment {
  first: number;
  file: string;
}

interface PendingAppend {
  records: readonly Buffer[];
  parsed?: readonly unknown[];
  resolve: (first: number) => void;
  reject: (err: Error) => void;
}

const READ_CHUNK = 1 << 20;
/** Decoded records held for read(); beyond this the oldest are dropped (read decodes them). */
const MAX_PARSED_HELD = 16_384;

export class SegmentLog implements EventLog {
  private readonly segments: Segment[] = [];
  private active!: FileHandle;
  private activeBytes = 0;
  private durableEnd = 0;
  private queue: PendingAppend[] = [];
  private writing: Promise<void> | null = null;
  private waiters: { offset: number; resolve: () => void }[] = [];
  private readonly parsed = new Map<number, unknown>();
  private cursor: { offset: number; segment: number; pos: number } | null = null;
  private readonly segmentBytes: number;
  private readonly warn: (line: string) => void;

  private constructor(readonly dir: string, options: SegmentLogOptions) {
    this.segmentBytes = options.segmentBytes ?? 64 << 20;
    this.warn = options.onWarning ?? ((line) => process.stderr.write(`warning: ${line}\n`));
  }

  static async open(dir: string, options: SegmentLogOptions = {}): Promise<SegmentLog> {
    const log = new SegmentLog(dir, options);
    mkdirSync(dir, { recursive: true });
    const firsts = readdirSync(dir).map(segmentOffset).filter((n): n is number => n !== undefined).sort((a, b) => a - b);
    for (const first of firsts) log.segments.push({ first, file: path.join(dir, segmentName(first)) });
    if (log.segments.length === 0) log.segments.push({ first: 0, file: path.join(dir, segmentName(0)) });
    const last = log.segments[log.segments.length - 1]!;
    const { count, bytes } = log.recoverTail(last.file);
    log.durableEnd = last.first + count;
    log.active = await open(last.file, 'a');
    log.activeBytes = bytes;
    if (firsts.length === 0) syncDir(dir);
    return log;
  }

  get endOffset(): number {
    return this.durableEnd;
  }

  get startOffset(): number {
    return this.segments[0]!.first;
  }

  /** Counts the valid records of the last segment and truncates whatever follows them. */
  private recoverTail(file: string): { count: number; bytes: number } {
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      return { count: 0, bytes: 0 };
    }
    let at = 0;
    let count = 0;
    for (;;) {
      const r = readFrame(buf, at);
      if (r.kind !== 'record') {
        if (at < buf.length) {
          const reason = r.kind === 'corrupt' ? r.reason : 'record cut short';
          this.warn(`${file}: byte ${at}: ${reason}; truncated ${buf.length - at} bytes of an unfinished write (those events were never acknowledged)`);
          truncateSync(file, at);
        }
        return { count, bytes: at };
      }
      at = r.next;
      count++;
    }
  }

  append(records: readonly Buffer[], parsed?: readonly unknown[]): Promise<number> {
    if (records.length === 0) return Promise.resolve(this.durableEnd);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, parsed, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing || this.queue.length === 0) return;
    const group = this.queue;
    this.queue = [];
    this.writing = this.writeGroup(group).finally(() => {
      this.writing = null;
      this.kick();
    });
  }

  private async writeGroup(group: PendingAppend[]): Promise<void> {
    const all: Buffer[] = [];
    for (const p of group) for (const r of p.records) all.push(r);
    const frame = frameRecords(all);
    try {
      if (this.activeBytes >= this.segmentBytes) await this.roll();
    } catch (err) {
      for (const p of group) p.reject(new Error(`event log ${this.dir}: ${(err as Error).message}`));
      return;
    }
    const before = this.activeBytes;
    try {
      await this.active.write(frame, 0, frame.length);
      await this.active.datasync();
    } catch (err) {
      // Leave no half-written record behind: later appends must stay readable.
      await this.active.truncate(before).catch(() => undefined);
      const e = err instanceof Error ? err : new Error(String(err));
      for (const p of group) p.reject(new Error(`event log ${this.dir}: ${e.message}`));
      return;
    }
    this.activeBytes += frame.length;
    let first = this.durableEnd;
    this.durableEnd += all.length;
    for (const p of group) {
      if (p.parsed) this.hold(first, p.parsed);
      p.resolve(first);
      first += p.records.length;
    }
    const ready = this.waiters.filter((w) => this.durableEnd > w.offset);
    this.waiters = this.waiters.filter((w) => this.durableEnd <= w.offset);
    for (const w of ready) w.resolve();
  }

  private async roll(): Promise<void> {
    await this.active.close();
    const seg = { first: this.durableEnd, file: path.join(this.dir, segmentName(this.durableEnd)) };
    this.active = await open(seg.file, 'a');
    this.activeBytes = 0;
    this.segments.push(seg);
    syncDir(this.dir);
  }

  private hold(first: number, parsed: readonly unknown[]): void {
    for (let i = 0; i < parsed.length; i++) if (parsed[i] !== undefined) this.parsed.set(first + i, parsed[i]);
    if (this.parsed.size <= MAX_PARSED_HELD) return;
    for (const key of this.parsed.keys()) {
      this.parsed.delete(key);
      if (this.parsed.size <= MAX_PARSED_HELD) break;
    }
  }

  waitFor(offset: number, signal?: AbortSignal): Promise<void> {
    if (this.durableEnd > offset || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      };
      // The abort listener goes when the wait ends either way (one wait per idle moment adds up).
      const waiter = { offset, resolve: (): void => { signal?.removeEventListener('abort', onAbort); resolve(); } };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async read(offset: number, max: number, options: { detached?: boolean } = {}): Promise<{ entries: LogEntry[]; next: number }> {
    const entries: LogEntry[] = [];
    const detached = options.detached === true;
    let at = Math.max(offset, this.startOffset);
    while (entries.length < max && at < this.durableEnd) {
      const si = this.segmentIndex(at);
      const segEnd = si + 1 < this.segments.length ? this.segments[si + 1]!.first : this.durableEnd;
      const got = this.readSegment(si, at, Math.min(segEnd, at + (max - entries.length)), entries, detached);
      at = got < 0 ? segEnd : got;
      if (got < 0 && !detached) this.cursor = null;
    }
    return { entries, next: at };
  }

  private segmentIndex(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.first <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Reads records [from, to) of segment `si` into `out`; the next offset, or -1 after corruption.
   * `detached`: another reader than detection (the dashboard): detection's position and the
   * parsed values held for it are left alone.
   */
  private readSegment(si: number, from: number, to: number, out: LogEntry[], detached: boolean): number {
    const seg = this.segments[si]!;
    let offset = seg.first;
    let pos = 0;
    if (this.cursor && this.cursor.segment === seg.first && this.cursor.offset <= from) {
      offset = this.cursor.offset;
      pos = this.cursor.pos;
    }
    const fd = openSync(seg.file, 'r');
    try {
      let buf = Buffer.alloc(0);
      let bufStart = pos;
      let atEnd = false;
      while (offset < to) {
        const r = readFrame(buf, pos - bufStart);
        if (r.kind === 'record') {
          if (offset >= from) {
            // A view, not a copy: each read allocates its own chunk, so nothing overwrites it.
            const entry: LogEntry = { offset, data: r.payload };
            const held = detached ? undefined : this.parsed.get(offset);
            if (held !== undefined) {
              entry.parsed = held;
              this.parsed.delete(offset);
            }
            out.push(entry);
          }
          pos = bufStart + r.next;
          offset++;
          continue;
        }
        if (r.kind === 'corrupt') {
          this.warn(`${seg.file}: byte ${pos}: ${r.reason}; records ${offset} to ${to - 1} skipped`);
          return -1;
        }
        if (atEnd) {
          this.warn(`${seg.file}: byte ${pos}: segment ends early; records ${offset} to ${to - 1} skipped`);
          return -1;
        }
        const need = buf.length - (pos - bufStart) < RECORD_HEADER ? READ_CHUNK
          : Math.max(READ_CHUNK, buf.readUInt32LE(pos - bufStart) + RECORD_HEADER);
        const next = Buffer.allocUnsafe(need);
        const n = readSync(fd, next, 0, need, pos);
        atEnd = n < need;
        buf = next.subarray(0, n);
        bufStart = pos;
      }
    } finally {
      closeSync(fd);
    }
    if (!detached) this.cursor = { offset, segment: seg.first, pos };
    return offset;
  }

  loadCheckpoint(): Checkpoint | undefined {
    try {
      const cp = JSON.parse(readFileSync(path.join(this.dir, 'checkpoint.json'), 'utf8')) as Checkpoint;
      if (Number.isSafeInteger(cp.offset) && Number.isSafeInteger(cp.replayFrom)) return cp;
      this.warn(`${this.dir}/checkpoint.json: not a checkpoint; detection starts from the oldest record`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.warn(`${this.dir}/checkpoint.json: unreadable (${(err as Error).message}); detection starts from the oldest record`);
      }
    }
    return undefined;
  }

  commitCheckpoint(checkpoint: Checkpoint): void {
    const file = path.join(this.dir, 'checkpoint.json');
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(checkpoint));
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    syncDir(this.dir);
  }

  applyRetention(policy: RetentionPolicy, keepFrom: number): number {
    let removed = 0;
    const now = Date.now();
    let total = 0;
    const sizes = this.segments.map((s) => {
      try {
        const st = statSync(s.file);
        total += st.size;
        return { size: st.size, mtime: st.mtimeMs };
      } catch {
        return { size: 0, mtime: now };
      }
    });
    while (this.segments.length > 1) {
      const next = this.segments[1]!;
      if (next.first > keepFrom) break;
      const { size, mtime } = sizes[removed]!;
      const old = policy.maxAgeMs > 0 && now - mtime > policy.maxAgeMs;
      const big = policy.maxBytes > 0 && total > policy.maxBytes;
      if (!old && !big) break;
      unlinkSync(this.segments[0]!.file);
      this.segments.shift();
      total -= size;
      removed++;
    }
    if (removed) this.cursor = null;
    return removed;
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
    await this.active.close();
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
