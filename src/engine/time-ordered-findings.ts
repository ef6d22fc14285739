/**
 * Holds a hunt's findings until they can be written in time order, with bounded memory: past
 * `spillAt` findings the buffer is sorted and written to a temporary run file (JSON lines), and
 * `drain()` merges the runs and the last buffer back into one time-ordered stream. A hunt whose
 * rules fire on every event therefore needs memory for `spillAt` findings, not for all of them.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { compareFindings, type Finding } from '../findings/finding.js';
import type { HostDirectory } from '../events/host-directory.js';
import { withCanonicalHost } from '../findings/canonical-host.js';

export const DEFAULT_SPILL_AT = 50_000;
const WRITE_BATCH = 1000;

export class TimeOrderedFindings {
  private buffer: Finding[] = [];
  private readonly runs: string[] = [];
  private dir: string | null = null;
  private count = 0;
  private readonly cleanup = (): void => this.dispose();
  private hosts: HostDirectory | null = null;

  constructor(private readonly spillAt = DEFAULT_SPILL_AT, private readonly tmpRoot = tmpdir()) {}

  get size(): number {
    return this.count;
  }

  /** Temporary run files written so far (for tests and the summary). */
  get spilledRuns(): number {
    return this.runs.length;
  }

  add(finding: Finding): void {
    this.buffer.push(finding);
    this.count++;
    if (this.buffer.length >= this.spillAt) this.spill();
  }

  private spill(): void {
    if (!this.dir) {
      this.dir = mkdtempSync(path.join(this.tmpRoot, 'cellwatch-findings-'));
      process.once('exit', this.cleanup);
    }
    this.buffer.sort(compareFindings);
    const file = path.join(this.dir, `run-${this.runs.length}.jsonl`);
    const fd = openSync(file, 'w');
    try {
      for (let i = 0; i < this.buffer.length; i += WRITE_BATCH) {
        const lines = this.buffer.slice(i, i + WRITE_BATCH).map((f) => JSON.stringify(f)).join('\n');
        writeSync(fd, `${lines}\n`);
      }
    } finally {
      closeSync(fd);
    }
    this.runs.push(file);
    this.buffer = [];
  }

  /**
   * Resolve every finding's host when it is drained (host-directory.ts): Finding.host becomes the
   * machine's canonical host and host_aliases its other names and addresses.
   */
  resolveHosts(directory: HostDirectory): void {
    this.hosts = directory;
  }

  /** Every finding in time order (compareFindings), hosts resolved; the store is empty afterwards. */
  async *drain(): AsyncGenerator<Finding> {
    const hosts = this.hosts;
    if (!hosts) {
      yield* this.ordered();
      return;
    }
    for await (const f of this.ordered()) yield withCanonicalHost(f, hosts);
  }

  private async *ordered(): AsyncGenerator<Finding> {
    const last = this.buffer.sort(compareFindings);
    this.buffer = [];
    try {
      if (this.runs.length === 0) {
        yield* last;
        return;
      }
      const sources: AsyncIterator<Finding>[] = this.runs.map((file) => readRun(file));
      sources.push(arrayIterator(last));
      const heads: (Finding | undefined)[] = [];
      for (const s of sources) heads.push((await s.next()).value as Finding | undefined);
      for (;;) {
        let best = -1;
        for (let i = 0; i < heads.length; i++) {
          const h = heads[i];
          if (h !== undefined && (best < 0 || compareFindings(h, heads[best]!) < 0)) best = i;
        }
        if (best < 0) break;
        yield heads[best]!;
        const next = await sources[best]!.next();
        heads[best] = next.done ? undefined : next.value;
      }
    } finally {
      this.dispose();
    }
  }

  async toArray(): Promise<Finding[]> {
    const out: Finding[] = [];
    for await (const f of this.drain()) out.push(f);
    return out;
  }

  /** Remove the temporary files (also done after drain() and at process exit). */
  dispose(): void {
    if (this.dir) {
      rmSync(this.dir, { recursive: true, force: true });
      process.removeListener('exit', this.cleanup);
      this.dir = null;
    }
    this.runs.length = 0;
  }
}

async function* readRun(file: string): AsyncGenerator<Finding> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as Finding;
}

async function* arrayIterator(items: Finding[]): AsyncGenerator<Finding> {
  yield* items;
}
