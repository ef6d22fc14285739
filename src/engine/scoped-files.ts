/**
 * The files and hosts a scoped run reads (hunt, search, stats): the walk of the inputs without the
 * run's own output and the `--exclude` path globs, and, when host globs are given, the raw host
 * values in scope, found with a first pass that gathers every file's host evidence (scan-file.ts
 * with no detectors) and resolves canonical hosts the way the hunt does (host-directory.ts).
 */
import { statSync } from 'node:fs';
import { STDIN_PATH, walkFiles } from '../sources/index.js';
import { compileExcludes } from '../text/glob-pattern.js';
import { HostEvidence, resolveHosts } from '../events/host-directory.js';
import { hostMatcher, needsHosts, type EventScope } from './event-scope.js';
import { notOneOf } from './own-files.js';
import { formatProblem } from './problems.js';
import { scanFile } from './scan-file.js';

export interface FileListOptions {
  /** The run's own output files (never read). */
  skipFiles?: readonly string[];
  followSymlinks?: boolean;
  /** One line per path the walk skipped (`path:where: reason`). */
  onSkip: (line: string) => void;
}

/** A walked file's path below the input folder it was found under (`/`-separated), as `--exclude` globs see it. */
function relativeToInput(file: string, inputs: readonly string[]): string {
  for (const root of inputs) {
    const r = root.replace(/[\\/]+$/, '');
    if (file.length > r.length && file.startsWith(r) && (file[r.length] === '/' || file[r.length] === '\\')) {
      return file.slice(r.length + 1).replace(/\\/g, '/');
    }
  }
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** Input files in walk order, without the run's own output and the files `--exclude` names. */
export function listScopedFiles(inputs: readonly string[], scope: EventScope | undefined, options: FileListOptions): string[] {
  const notOwnOutput = notOneOf(options.skipFiles ?? []);
  const excluded = compileExcludes(scope?.excludePaths ?? []);
  const files: string[] = [];
  const walk = walkFiles([...inputs], { onProblem: (p) => options.onSkip(formatProblem(p)), followSymlinks: options.followSymlinks });
  for (const file of walk) {
    if (excluded(relativeToInput(file, inputs))) continue;
    if (notOwnOutput(file)) files.push(file);
  }
  return files;
}

function isRegularFile(file: string): boolean {
  if (file === STDIN_PATH) return false;
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The scope with `hostsInScope` set when host globs are given (one extra read of every file);
 * unchanged otherwise. Unreadable files and records are left for the real pass to report.
 */
export async function withHostsResolved(files: readonly string[], scope: EventScope): Promise<EventScope> {
  if (!needsHosts(scope)) return scope;
  const evidence = new HostEvidence();
  for (const file of files) {
    if (!isRegularFile(file)) continue; // a pipe can be read once: its hosts are judged by name
    try {
      evidence.merge((await scanFile(file, [], { emit: () => {}, onProblem: () => {} })).hosts);
    } catch {
      /* reported by the real pass */
    }
  }
  const data = evidence.toData();
  const directory = resolveHosts(data);
  const accepts = hostMatcher(scope);
  const values = new Set([...data.hosts, ...data.links.map(([h]) => h)]);
  const hostsInScope: string[] = [];
  const hostsOutOfScope: string[] = [];
  for (const v of [...values].sort()) {
    const { host, aliases } = directory.resolve(v);
    (accepts([v, host, ...aliases]) ? hostsInScope : hostsOutOfScope).push(v);
  }
  return { ...scope, hostsInScope, hostsOutOfScope };
}
