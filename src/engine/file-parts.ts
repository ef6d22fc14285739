/**
 * Big files read by several threads at once: a file whose reader takes every line as a record on
 * its own (JSONL) is cut into parts at line starts, each part carrying the number of its first
 * line, so events keep the record numbers a whole-file read gives them. The parts' scan results
 * are merged back into one per file (`FilePartResults`), so the summary does not depend on the
 * thread count either.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { LineRange } from '../sources/reader.js';
import { detectFormat } from '../sources/index.js';
import { HostEvidence } from '../events/host-directory.js';
import type { FileScanResult } from './scan-file.js';

/** A file's parts are at least this big: smaller ones cost more in start-up than they save. */
export const MIN_PART_BYTES = 16 << 20;
/** Bytes read at a time while counting lines. */
const READ_SIZE = 1 << 20;

/** One unit of a hunt's work: a whole file, or a part of one. */
export interface ScanTask {
  path: string;
  /** Size of the bytes to read (the file's size, or the part's). */
  bytes: number;
  part?: LineRange;
}

/** How many parts a file of `size` bytes is worth for `threads` threads (1: not split). */
export function partsFor(size: number, threads: number): number {
  return Math.max(1, Math.min(threads, Math.floor(size / MIN_PART_BYTES)));
}

/** Whether the file is plain text (not gzip, no UTF-16 byte-order mark) read by a reader that splits at lines. */
async function splittable(path: string): Promise<boolean> {
  const head = Buffer.alloc(2);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false; // the scan reports it
  }
  try {
    if (readSync(fd, head, 0, 2, 0) === 2) {
      if (head[0] === 0x1f && head[1] === 0x8b) return false;
      if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
    }
  } finally {
    closeSync(fd);
  }
  const sniffer = await detectFormat(path).catch(() => null);
  return sniffer?.open().splitsAtLines === true;
}

/**
 * The file's parts: `count` ranges of about equal size, each starting after a newline, with the
 * number of its first line (newlines before it + 1). Fewer when the file has too few lines.
 */
export function lineParts(path: string, size: number, count: number): LineRange[] {
  const targets: number[] = [];
  for (let k = 1; k < count; k++) targets.push(Math.floor((k * size) / count));
  const starts: Array<{ start: number; firstLine: number }> = [{ start: 0, firstLine: 1 }];
  const buf = Buffer.allocUnsafe(READ_SIZE);
  const fd = openSync(path, 'r');
  try {
    let newlines = 0;
    let pos = 0;
    let t = 0;
    while (t < targets.length && pos < size) {
      const n = readSync(fd, buf, 0, Math.min(READ_SIZE, size - pos), pos);
      if (n <= 0) break;
      for (let i = buf.indexOf(0x0a); i >= 0 && i < n; i = buf.indexOf(0x0a, i + 1)) {
        newlines++;
        const lineStart = pos + i + 1;
        while (t < targets.length && pos + i >= targets[t]!) {
          if (lineStart < size && lineStart > starts[starts.length - 1]!.start) starts.push({ start: lineStart, firstLine: newlines + 1 });
          t++;
        }
      }
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return starts.map((s, i) => ({ start: s.start, end: i + 1 < starts.length ? starts[i + 1]!.start : size, firstLine: s.firstLine }));
}

/** Per file, how many parts it can be read in by `threads` threads (only big files of a splitting reader get more than 1). */
export async function planParts(files: readonly string[], sizes: ReadonlyMap<string, number>, threads: number): Promise<Map<string, number>> {
  const plan = new Map<string, number>();
  for (const path of files) {
    const count = threads > 1 ? partsFor(sizes.get(path) ?? 0, threads) : 1;
    plan.set(path, count > 1 && (await splittable(path)) ? count : 1);
  }
  return plan;
}

/** The hunt's work for `threads` threads: every file whole, except planned ones, in parts (at most one per thread). */
export function scanTasks(files: readonly string[], sizes: ReadonlyMap<string, number>, plan: ReadonlyMap<string, number>, threads: number): ScanTask[] {
  const tasks: ScanTask[] = [];
  for (const path of files) {
    const size = sizes.get(path) ?? 0;
    const count = Math.min(threads, plan.get(path) ?? 1);
    if (count > 1) for (const part of lineParts(path, size, count)) tasks.push({ path, bytes: part.end - part.start, part });
    else tasks.push({ path, bytes: size });
  }
  return tasks;
}

/** Collects the scan results of a file's parts and hands on one merged result once every part is in. */
export class FilePartResults {
  private readonly pending = new Map<string, { left: number; merged: FileScanResult | null; hosts: HostEvidence }>();

  constructor(tasks: readonly ScanTask[]) {
    for (const t of tasks) {
      if (!t.part) continue;
      const p = this.pending.get(t.path);
      if (p) p.left++;
      else this.pending.set(t.path, { left: 1, merged: null, hosts: new HostEvidence() });
    }
  }

  /** A part's (or a whole file's) result: the file's result when complete, else null. */
  add(r: FileScanResult): FileScanResult | null {
    const p = this.pending.get(r.path);
    if (!p) return r;
    p.hosts.merge(r.hosts);
    p.merged = p.merged ? mergeResults(p.merged, r) : { ...r };
    return this.settle(r.path);
  }

  /** A part that failed: the file's merged result when it was the last part, else null. */
  failed(path: string): FileScanResult | null {
    return this.pending.has(path) ? this.settle(path) : null;
  }

  private settle(path: string): FileScanResult | null {
    const p = this.pending.get(path)!;
    if (--p.left > 0) return null;
    this.pending.delete(path);
    if (!p.merged) return null;
    return { ...p.merged, hosts: p.hosts.toData() };
  }
}

function mergeResults(a: FileScanResult, b: FileScanResult): FileScanResult {
  return {
    ...a,
    events: a.events + b.events,
    bytes: a.bytes + b.bytes,
    problems: a.problems + b.problems,
    firstTime: minTime(a.firstTime, b.firstTime),
    lastTime: maxTime(a.lastTime, b.lastTime),
    outsideWindow: a.outsideWindow + b.outsideWindow,
    filtered: a.filtered + b.filtered,
  };
}

const minTime = (x: number, y: number): number => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.min(x, y));
const maxTime = (x: number, y: number): number => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y));
