/**
 * The hunt orchestrator: walks the inputs, runs the detectors over every event (inline or on worker
 * threads), runs Sigma correlations over the whole stream, and returns the findings in time order
 * with a summary. Printing is the caller's job.
 */
import { availableParallelism, loadavg } from 'node:os';
import { statSync } from 'node:fs';
import { levelRank, type Finding } from '../findings/finding.js';
import { TimeOrderedFindings } from './time-ordered-findings.js';
import type { HuntSummary } from '../findings/summary.js';
import type { HuntOptions } from './hunt-options.js';
import { createDetectors, loadDetectors, type LoadedDetectors } from './load-detectors.js';
import { scanFile, UnknownFormatError } from './scan-file.js';
import { FileQueue, WorkerPool } from './worker-pool.js';
import { FilePartResults, planParts, scanTasks, type ScanTask } from './file-parts.js';
import { SummaryBuilder } from './summary-builder.js';
import { formatProblem } from './problems.js';
import { listScopedFiles, withHostsResolved } from './scoped-files.js';
import { compileScope, EMPTY_SCOPE, keepsEverything } from './event-scope.js';
import { HostEvidence, resolveHosts } from '../events/host-directory.js';
import type { FileScanResult } from './scan-file.js';
import type { Detector } from '../findings/detector.js';

export interface HuntProgress {
  /** Called once the inputs are known, before scanning. */
  onStart?: (files: number, totalBytes: number, threads: number) => void;
  onBytes?: (bytes: number) => void;
  /** One line per unreadable record, file or rule source (`path:where: reason`). */
  onProblem?: (line: string) => void;
  /** A file no reader recognises (README, binaries…): skipped and listed in the summary. */
  onUnknownFormat?: (path: string) => void;
}

export interface HuntResult {
  /** The reported findings; `drain()` yields them in time order (once). */
  findings: TimeOrderedFindings;
  /** Rank (levelRank) of the highest finding seen, before the --level filter; -1 when none. */
  highestRank: number;
  summary: HuntSummary;
  loaded: LoadedDetectors;
}

/**
 * Below this much input, an automatic hunt stays on one thread. A worker pays its own start-up:
 * modules loaded, rules compiled on first use, buckets and prefilter automata built, code warmed up
 * (about 0.4–0.6 s of CPU on the 277 EVTX attack samples with the SigmaHQ set), and a one-thread
 * hunt already keeps about 1.4 cores busy (V8's background compiler and GC helpers). Measured
 * 2026-11-29 on 2 vCPUs: 36 MB of EVTX ran 0.93–1.01× as fast on 2 threads as on 1, 178 MB of
 * JSONL 1.24–1.38×.
 */
const WORKER_THRESHOLD_BYTES = 96 << 20;

/**
 * Threads for a hunt: as asked (at most one per unit of work: a file, or a part of a big one,
 * file-parts.ts), or automatically one per core that is idle (cores minus the load average, this
 * process's own thread counted as idle), and only for inputs large enough to pay for a worker's
 * start-up (WORKER_THRESHOLD_BYTES).
 */
export function chooseThreads(requested: number, units: number, totalBytes: number, cores = availableParallelism(), load = loadavg()[0]!): number {
  if (requested > 0) return Math.min(requested, Math.max(1, units));
  if (totalBytes < WORKER_THRESHOLD_BYTES || units < 2) return 1;
  const idle = Math.floor(cores - load + 1);
  return Math.max(1, Math.min(cores, idle, units));
}

export async function runHunt(
  options: HuntOptions, tool: { name: string; version: string }, progress: HuntProgress = {},
  store: TimeOrderedFindings = new TimeOrderedFindings(),
): Promise<HuntResult> {
  const summary = new SummaryBuilder(tool);
  const { problem, skip, failed } = problemReporters(summary, progress);

  const files = listScopedFiles(options.inputs, options.scope, { skipFiles: options.skipFiles, followSymlinks: options.followSymlinks, onSkip: skip });
  const scope = await withHostsResolved(files, options.scope ?? EMPTY_SCOPE);
  const inScope = keepsEverything(scope) ? undefined : compileScope(scope);
  const { sizes, totalBytes } = fileSizes(files);
  const { threads, tasks } = await planWork(files, sizes, totalBytes, options.threads);
  const loaded = await loadDetectors(options);
  for (const p of [...loaded.ruleProblems, ...loaded.intelProblems]) progress.onProblem?.(p);
  assertSomeDetector(loaded);
  // Workers build on this thread's rule set (a snapshot: no YAML, rules compiled on first use).
  const pool = threads > 1 ? new WorkerPool(threads - 1, { config: options, scope, sigma: loaded.sigma.snapshot }) : null;
  progress.onStart?.(files.length, totalBytes, threads);

  const results = new ScanResults(tasks, summary, failed);
  const scanned = (r: FileScanResult): void => results.scanned(r);
  const failedTask = (path: string, message: string, unknownFormat: boolean): void => results.failed(path, message, unknownFormat);

  const kept = new KeptFindings(levelRank(options.minLevel), store, summary);
  const keep = (f: Finding): void => kept.keep(f);
  const queue = new FileQueue(tasks, pool !== null);
  /** This thread's share of the queue. */
  const scanHere = async (detectors: Detector[]): Promise<void> => {
    for (let task = queue.next(); task !== undefined; task = queue.next()) {
      try {
        scanned(await scanFile(task.path, detectors, {
          emit: keep,
          scope: inScope,
          onProblem: (p) => problem(formatProblem(p)),
          onBytes: progress.onBytes,
        }, task.part));
      } catch (err) {
        failedTask(task.path, err instanceof Error ? err.message : String(err), err instanceof UnknownFormatError);
      }
    }
    for (const d of detectors) d.finish?.(keep);
  };

  if (!pool) {
    await scanHere(createDetectors(loaded, { mode: 'inline', onProblem: (t) => progress.onProblem?.(`correlation: ${t}`) }));
  } else {
    // Correlations see every thread's inputs, so they run here, after all scans.
    const correlator = loaded.sigma.createCorrelator((t) => progress.onProblem?.(`correlation: ${t}`));
    const here = createDetectors(loaded, { mode: 'external', onInput: (i) => correlator.feed(i) });
    try {
      await Promise.all([
        pool.run(queue, {
          onFindings: (batch) => { for (const f of batch) keep(f); },
          onCorrelationInputs: (inputs) => { for (const i of inputs) correlator.feed(i); },
          onProblem: problem,
          onBytes: (n) => progress.onBytes?.(n),
          onScanned: scanned,
          onFailed: failedTask,
        }),
        scanHere(here),
      ]);
    } finally {
      pool.terminate();
    }
    correlator.finish(keep);
  }

  store.resolveHosts(resolveHosts(results.hosts.toData()));
  return {
    findings: store,
    highestRank: kept.highestRank,
    loaded,
    summary: summary.build({ sigma: loaded.sigma.compiled, indicators: loaded.indicators.length, excluded: loaded.sigma.excluded.length }),
  };
}

/** Threads and units of work for a hunt: big JSONL files in parts (file-parts.ts), at most one part per thread. */
async function planWork(
  files: readonly string[], sizes: ReadonlyMap<string, number>, totalBytes: number, requested: number,
): Promise<{ threads: number; tasks: ScanTask[] }> {
  const plan = await planParts(files, sizes, requested > 0 ? requested : availableParallelism());
  let units = 0;
  for (const p of plan.values()) units += p.parts;
  const threads = chooseThreads(requested, units, totalBytes);
  return { threads, tasks: scanTasks(files, sizes, plan, threads) };
}

/**
 * What the scans found per file: a file read in parts is one input (file-parts.ts) and, when parts
 * fail, one failure. Host evidence of every file is merged as a set: the resolution does not depend
 * on file order or threads.
 */
class ScanResults {
  readonly hosts = new HostEvidence();
  private readonly parts: FilePartResults;
  private readonly failedFiles = new Set<string>();

  constructor(
    tasks: readonly ScanTask[], private readonly summary: SummaryBuilder,
    private readonly report: (path: string, message: string, unknownFormat: boolean) => void,
  ) {
    this.parts = new FilePartResults(tasks);
  }

  scanned(r: FileScanResult): void {
    const whole = this.parts.add(r);
    if (whole) this.addInput(whole);
  }

  failed(path: string, message: string, unknownFormat: boolean): void {
    const whole = this.parts.failed(path);
    if (whole) this.addInput(whole);
    if (!this.failedFiles.has(path)) this.report(path, message, unknownFormat);
    this.failedFiles.add(path);
  }

  private addInput(r: FileScanResult): void {
    this.hosts.merge(r.hosts);
    this.summary.addInput(r);
  }
}

/** The level filter: findings at or above the level go to the store; the highest level seen is noted. */
class KeptFindings {
  highestRank = -1;

  constructor(private readonly minRank: number, private readonly store: TimeOrderedFindings, private readonly summary: SummaryBuilder) {}

  keep(f: Finding): void {
    const rank = levelRank(f.rule.level);
    if (rank > this.highestRank) this.highestRank = rank;
    if (rank >= this.minRank) {
      this.store.add(f);
      this.summary.addFinding(f);
    } else this.summary.addBelowLevel();
  }
}

/** Where a hunt's problems go: counted in the summary and shown as they happen. */
function problemReporters(summary: SummaryBuilder, progress: HuntProgress): {
  problem: (line: string) => void;
  skip: (line: string) => void;
  failed: (path: string, message: string, unknownFormat: boolean) => void;
} {
  const problem = (line: string): void => {
    summary.addProblem(line);
    progress.onProblem?.(line);
  };
  const skip = (line: string): void => {
    summary.addSkipped(line);
    progress.onProblem?.(line);
  };
  const failed = (path: string, message: string, unknownFormat: boolean): void => {
    if (!unknownFormat) return skip(message);
    summary.addSkipped(message);
    progress.onUnknownFormat?.(path);
  };
  return { problem, skip, failed };
}

/** Each file's size (an unreadable file is left out: the scan reports it when it opens it) and their sum. */
function fileSizes(files: readonly string[]): { sizes: Map<string, number>; totalBytes: number } {
  const sizes = new Map<string, number>();
  let totalBytes = 0;
  for (const f of files) {
    try {
      const n = statSync(f).size;
      sizes.set(f, n);
      totalBytes += n;
    } catch {
      /* reported when the scan opens it */
    }
  }
  return { sizes, totalBytes };
}

/** A hunt with nothing to detect with is a usage error (exit 2), not an empty success. */
function assertSomeDetector(loaded: LoadedDetectors): void {
  if (loaded.sigma.compiled > 0 || loaded.indicators.length > 0) return;
  const excluded = loaded.sigma.excluded.length;
  throw new Error(excluded
    ? `no detectors loaded: all ${excluded} rules excluded by selection (first: ${loaded.sigma.excluded[0]!.id ?? loaded.sigma.excluded[0]!.path}: ${loaded.sigma.excluded[0]!.reason}) and no indicators`
    : 'no detectors loaded: no Sigma rule compiled and no indicators (with --no-builtin, add --rules or --intel)');
}
