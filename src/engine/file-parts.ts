/**
 * Big files read by several threads at once: a file whose reader takes every line as a record on
 * its own (JSONL) is cut into parts at line starts, each part carrying the number of its first
 * line, so events keep the record numbers a whole-file read gives them; an EVTX file is cut at
 * chunk starts (records carry their own numbers). The parts' scan results are merged back into one
 * per file (`FilePartResults`), so the summary does not depend on the thread count either.
 */
import type { EventReader, FilePart } from '../sources/reader.js';
import { evtxParts } from '../sources/evtx/index.js';
import { lineParts } from '../sources/line-parts.js';
import { detectFormat } from '../sources/index.js';
import { readsBytesAsIs } from '../sources/byte-stream.js';
import { HostEvidence } from '../events/host-directory.js';
import type { FileScanResult } from './scan-file.js';

/** A file's parts are at least this big: smaller ones cost more in start-up than they save. */
export const MIN_PART_BYTES = 16 << 20;

/** One unit of a hunt's work: a whole file, or a part of one. */
export interface ScanTask {
  path: string;
  /** Size of the bytes to read (the file's size, or the part's). */
  bytes: number;
  part?: FilePart;
}

/** How many parts a file of `size` bytes is worth for `threads` threads (1: not split). */
export function partsFor(size: number, threads: number): number {
  return Math.max(1, Math.min(threads, Math.floor(size / MIN_PART_BYTES)));
}

type SplitKind = NonNullable<EventReader['splitsAt']>;

/** Where the file can be cut: a plain file (not gzip, no UTF-16 byte-order mark) whose reader splits; null when nowhere. */
async function splitKind(path: string): Promise<SplitKind | null> {
  if (!(await readsBytesAsIs(path))) return null; // the scan reports a file it cannot open
  const sniffer = await detectFormat(path).catch(() => null);
  return sniffer?.open().splitsAt ?? null;
}

/** How a file is read: in `parts` parts cut at `at`, or whole (parts 1). */
export interface PartPlan {
  parts: number;
  at?: SplitKind;
}

/** Per file, how many parts it can be read in by `threads` threads (only big files of a splitting reader get more than 1). */
export async function planParts(files: readonly string[], sizes: ReadonlyMap<string, number>, threads: number): Promise<Map<string, PartPlan>> {
  const plan = new Map<string, PartPlan>();
  for (const path of files) {
    const count = threads > 1 ? partsFor(sizes.get(path) ?? 0, threads) : 1;
    const at = count > 1 ? await splitKind(path) : null;
    plan.set(path, at ? { parts: count, at } : { parts: 1 });
  }
  return plan;
}

/** The hunt's work for `threads` threads: every file whole, except planned ones, in parts (at most one per thread). */
export function scanTasks(files: readonly string[], sizes: ReadonlyMap<string, number>, plan: ReadonlyMap<string, PartPlan>, threads: number): ScanTask[] {
  const tasks: ScanTask[] = [];
  for (const path of files) {
    const size = sizes.get(path) ?? 0;
    const p = plan.get(path);
    const count = Math.min(threads, p?.parts ?? 1);
    if (count > 1 && p?.at) {
      const parts = p.at === 'lines' ? lineParts(path, size, count) : evtxParts(size, count);
      for (const part of parts) tasks.push({ path, bytes: part.end - part.start, part });
    } else tasks.push({ path, bytes: size });
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
