/**
 * `cellwatch sweep` orchestration: loads indicators, YARA rules and the public-tools table, walks
 * the roots, scans each file (in this thread, or on worker threads), adds the web-root context
 * findings at the end, and returns the findings in time order with a summary.
 */
import os from 'node:os';
import { levelRank, type Finding, type Level } from '../findings/finding.js';
import type { HuntSummary } from '../findings/summary.js';
import { TimeOrderedFindings } from '../engine/time-ordered-findings.js';
import { SummaryBuilder } from '../engine/summary-builder.js';
import { walkEntries } from '../sources/walk-files.js';
import { formatProblem } from '../engine/problems.js';
import { compileExcludes } from '../text/glob-pattern.js';
import type { YaraRuleSet } from './yara-rules.js';
import type { FileJob, FileScanOutcome, FileScanner } from './file-scanner.js';
import { loadSweepParts } from './load-sweep-parts.js';
import { WebRootContext } from './web-root-context.js';
import { contextFinding } from './sweep-findings.js';
import { scanOnSweepWorkers, type SweepPoolCallbacks, type SweepWorkerConfig } from './sweep-worker-pool.js';

export interface SweepOptions {
  roots: string[];
  yaraPaths: string[];
  intelFiles: string[];
  noBuiltin: boolean;
  maxFileSize: number;
  exclude: string[];
  /** Follow symlinks that lead out of the given roots (default: noted and skipped). */
  followSymlinks?: boolean;
  /** Epoch ms bounds on file modification time (files outside are not read). */
  from?: number;
  to?: number;
  minLevel: Level;
  /** 0: automatic. */
  threads: number;
  /** The swept machine's name, in every finding's `host` (default: this machine's host name). */
  hostName?: string;
}

export interface SweepCallbacks {
  onProblem?: (line: string) => void;
  onBytes?: (bytes: number) => void;
}

export interface SweepResult {
  findings: TimeOrderedFindings;
  summary: HuntSummary;
  highestRank: number;
  yara: YaraRuleSet;
  indicators: number;
  files: number;
  /** Files larger than maxFileSize: hashed, not scanned by content. */
  hashedOnly: number;
  threads: number;
  /** The host name every finding carries. */
  host: string;
}

/** Files handed to a worker at a time, and files in flight on one thread. */
const IN_FLIGHT = 4;
/** Files below which an automatic-threads sweep runs in this thread. */
const SMALL_SWEEP = 64;

export async function runSweep(o: SweepOptions, tool: { name: string; version: string }, cb: SweepCallbacks = {}): Promise<SweepResult> {
  const summary = new SummaryBuilder(tool);
  const problem = (line: string): void => {
    summary.addProblem(line);
    cb.onProblem?.(line);
  };
  const parts = await loadSweepParts(o);
  for (const p of parts.yara.problems) problem(`${p.path}${p.line ? `:${p.line}` : ''}: ${p.reason}`);
  for (const p of parts.intelProblems) problem(p);
  const store = new TimeOrderedFindings();
  const minRank = levelRank(o.minLevel);
  let highestRank = -1;
  const host = o.hostName ?? os.hostname();
  const add = (f: Finding): void => {
    // --fail-on looks at every finding, before --level filtering (as for the hunt).
    const rank = levelRank(f.rule.level);
    if (rank > highestRank) highestRank = rank;
    if (rank < minRank) return;
    // Every finding of a sweep is about a file of the one machine swept.
    const found = { ...f, host };
    store.add(found);
    summary.addFinding(found);
  };
  const context = new WebRootContext();
  const perRoot = new Map<string, { files: number; bytes: number; problems: number }>();
  let files = 0;
  let hashedOnly = 0;
  const done = (root: string, job: FileJob, outcome: FileScanOutcome): void => {
    files++;
    if (!outcome.contentScanned) hashedOnly++;
    const r = perRoot.get(root)!;
    r.files++;
    r.bytes += outcome.bytes;
    r.problems += outcome.problems.length;
    for (const line of outcome.problems) problem(line);
    for (const f of outcome.findings) add(f);
    cb.onBytes?.(outcome.bytes);
  };
  const failed = (root: string, job: FileJob, err: unknown): void => {
    perRoot.get(root)!.problems++;
    const code = (err as NodeJS.ErrnoException).code;
    problem(`${job.path}: cannot read: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message}`);
  };
  for (const root of o.roots) perRoot.set(root, { files: 0, bytes: 0, problems: 0 });
  // The one walker (sources/walk-files.ts) with what a sweep adds: excludes, hidden folders entered
  // (shells hide in `.well-known` too), links after the real tree so a file is named by its real place.
  const walk = walkEntries(o.roots, {
    exclude: compileExcludes(o.exclude), hiddenFolders: true, linksLast: true, followSymlinks: o.followSymlinks,
    onProblem: (p) => problem(formatProblem(p)),
  });
  async function* jobs(): AsyncGenerator<{ root: string; job: FileJob }> {
    for (const f of walk) {
      if (!f.stats.isFile()) {
        problem(`${f.path}: not a regular file (a sweep reads files and folders), not read`);
        continue;
      }
      const mtime = f.stats.mtimeMs;
      if ((o.from !== undefined && mtime < o.from) || (o.to !== undefined && mtime > o.to)) continue;
      context.add(f.path, f.rel, mtime);
      yield { root: f.root, job: { path: f.path, size: f.stats.size, mtime } };
    }
  }
  const threads = await scanAll(jobs(), o.threads > 0 ? o.threads : Math.min(8, os.availableParallelism()), o, parts.scanner, { done, failed });
  for (const c of context.findings()) add(contextFinding(c));
  for (const [root, r] of perRoot) {
    summary.addInput({ path: root, format: 'files', events: r.files, bytes: r.bytes, problems: r.problems, firstTime: NaN, lastTime: NaN });
  }
  return {
    findings: store, summary: summary.build({ sigma: 0, indicators: parts.indicators, yara: parts.yara.rules }), highestRank,
    yara: parts.yara, indicators: parts.indicators, files, hashedOnly, threads, host,
  };
}

type Job = { root: string; job: FileJob };

/** Scans every job in this thread or on workers; returns the number of threads used. */
async function scanAll(walk: AsyncGenerator<Job>, threads: number, o: SweepOptions, scanner: FileScanner, cb: SweepPoolCallbacks): Promise<number> {
  // With automatic threads, a small sweep stays in this thread: starting workers (each loads the
  // indicators and compiles the rules) would cost more than it saves.
  const head: Job[] = [];
  let walked = false;
  while (o.threads === 0 && threads > 1 && !walked && head.length < SMALL_SWEEP) {
    const r = await walk.next();
    if (r.done) walked = true;
    else head.push(r.value);
  }
  async function* all(): AsyncGenerator<Job> {
    yield* head;
    if (!walked) yield* walk;
  }
  if (walked || threads <= 1) {
    const running = new Set<Promise<void>>();
    for await (const { root, job } of all()) {
      const p: Promise<void> = scanner.scan(job).then((r) => cb.done(root, job, r), (err) => cb.failed(root, job, err)).finally(() => running.delete(p));
      running.add(p);
      if (running.size >= IN_FLIGHT) await Promise.race(running);
    }
    await Promise.all(running);
    return 1;
  }
  const config: SweepWorkerConfig = { yaraPaths: o.yaraPaths, intelFiles: o.intelFiles, noBuiltin: o.noBuiltin, maxFileSize: o.maxFileSize };
  await scanOnSweepWorkers(all(), threads, config, cb);
  return threads;
}
