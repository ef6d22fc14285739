/**
 * One pass over the inputs for the commands that look at events rather than hunt (search, stats):
 * the hunt's walk, readers, host evidence and event scope (scan-file.ts), with one consumer in
 * place of the detectors, on the main thread. Returns what the pass read, so the command can print
 * a summary, and the host directory, so per-host output uses the hunt's canonical hosts.
 */
import type { Detector } from '../findings/detector.js';
import { HostEvidence, resolveHosts, type HostDirectory } from '../events/host-directory.js';
import { compileScope, EMPTY_SCOPE, keepsEverything, type EventScope } from './event-scope.js';
import { formatProblem } from './problems.js';
import { scanFile, UnknownFormatError, type FileScanResult } from './scan-file.js';
import { listScopedFiles, withHostsResolved } from './scoped-files.js';

export interface PassOptions {
  inputs: string[];
  scope?: EventScope;
  skipFiles?: string[];
  followSymlinks?: boolean;
}

export interface PassCallbacks {
  /** One line per unreadable record or skipped path (`path:where: reason`). */
  onProblem?: (line: string) => void;
  /** A file no reader recognises. */
  onUnknownFormat?: (path: string) => void;
}

export interface PassResult {
  files: Omit<FileScanResult, 'hosts'>[];
  /** Paths skipped (unreadable, unknown format, special files): `path: reason`. */
  skipped: string[];
  badRecords: number;
  hosts: HostDirectory;
}

/** Feed every in-scope event of the inputs to `consumer.examine` (its `emit` is unused). */
export async function runScopedPass(options: PassOptions, consumer: Pick<Detector, 'examine'>, cb: PassCallbacks = {}): Promise<PassResult> {
  const skipped: string[] = [];
  const skip = (line: string): void => {
    skipped.push(line);
    cb.onProblem?.(line);
  };
  const files = listScopedFiles(options.inputs, options.scope, { skipFiles: options.skipFiles, followSymlinks: options.followSymlinks, onSkip: skip });
  const scope = await withHostsResolved(files, options.scope ?? EMPTY_SCOPE);
  const inScope = keepsEverything(scope) ? undefined : compileScope(scope);
  const evidence = new HostEvidence();
  const detectors = [{ name: 'sigma' as const, examine: consumer.examine.bind(consumer) }];
  const results: Omit<FileScanResult, 'hosts'>[] = [];
  let badRecords = 0;
  for (const file of files) {
    try {
      const { hosts, ...result } = await scanFile(file, detectors, {
        emit: () => {}, scope: inScope,
        onProblem: (p) => {
          badRecords++;
          cb.onProblem?.(formatProblem(p));
        },
      });
      evidence.merge(hosts);
      results.push(result);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      skipped.push(message);
      if (err instanceof UnknownFormatError) cb.onUnknownFormat?.(file);
      else cb.onProblem?.(message);
    }
  }
  return { files: results, skipped, badRecords, hosts: resolveHosts(evidence.toData()) };
}
