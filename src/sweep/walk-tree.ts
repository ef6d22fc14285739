/**
 * The sweep's file walker: every regular file under the given roots, in sorted order.
 *
 * - Regular files only; fifos, sockets and devices are reported once each and never opened.
 * - Symbolic links are followed only when their target lies inside the same root (a triage copy or
 *   a mounted image may hold links to `/etc` or `C:\` of the analyst's own machine); a link out of
 *   the tree is reported once and skipped.
 * - Folders are entered once, keyed by device and inode, so link loops and bind mounts end.
 * - `exclude` is tested against the path relative to its root; an excluded folder is not entered.
 * Kept as one small module so a shared walker can replace it.
 */
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { PathMatcher } from '../text/glob-pattern.js';

export interface WalkedFile {
  /** Path as it would be typed: the root as given joined with the relative path. */
  path: string;
  /** `/`-separated path relative to the root ('' when the root is the file itself). */
  rel: string;
  stats: Stats;
}

export interface WalkProblem {
  path: string;
  reason: string;
}

export interface WalkOptions {
  exclude: PathMatcher;
  onProblem: (p: WalkProblem) => void;
}

const reasonOf = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOENT') return 'no such file or folder';
  if (e.code === 'ELOOP') return 'too many levels of symbolic links';
  return e.message ?? String(err);
};

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const inside = (root: string, p: string): boolean => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

export async function* walkTree(roots: readonly string[], options: WalkOptions): AsyncGenerator<WalkedFile> {
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  for (const root of roots) {
    let info: Stats;
    let realRoot: string;
    try {
      info = await stat(root);
      realRoot = await realpath(root);
    } catch (err) {
      options.onProblem({ path: root, reason: reasonOf(err) });
      continue;
    }
    if (info.isFile()) {
      if (once(seenFiles, info)) yield { path: root, rel: path.basename(root), stats: info };
    } else if (info.isDirectory()) {
      // Linked folders are walked after the real tree, so files are named by their real place.
      const deferred: Deferred[] = [];
      yield* walkFolder(root, '', realRoot, info, seenDirs, seenFiles, options, deferred);
      for (let d = deferred.shift(); d; d = deferred.shift()) {
        if (d.stats.isDirectory()) yield* walkFolder(d.path, d.rel, realRoot, d.stats, seenDirs, seenFiles, options, deferred);
        else if (once(seenFiles, d.stats)) yield { path: d.path, rel: d.rel, stats: d.stats };
      }
    } else options.onProblem({ path: root, reason: `${kindOf(info)}, not read` });
  }
}

function once(seen: Set<string>, s: Stats): boolean {
  const key = `${s.dev}:${s.ino}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

interface Deferred {
  path: string;
  rel: string;
  stats: Stats;
}

async function* walkFolder(
  dir: string, rel: string, realRoot: string, info: Stats, seenDirs: Set<string>, seenFiles: Set<string>, options: WalkOptions,
  deferred: Deferred[],
): AsyncGenerator<WalkedFile> {
  const key = `${info.dev}:${info.ino}`;
  if (seenDirs.has(key)) return;
  seenDirs.add(key);
  const names: string[] = [];
  try {
    for await (const entry of await opendir(dir)) names.push(entry.name);
  } catch (err) {
    options.onProblem({ path: dir, reason: reasonOf(err) });
    return;
  }
  names.sort();
  for (const name of names) {
    const full = path.join(dir, name);
    const childRel = rel ? `${rel}/${name}` : name;
    if (options.exclude(childRel)) continue;
    let s: Stats;
    let linked = false;
    try {
      s = await lstat(full);
      if (s.isSymbolicLink()) {
        linked = true;
        const target = await realpath(full);
        if (!inside(realRoot, target)) {
          options.onProblem({ path: full, reason: 'symbolic link out of the swept tree, not followed' });
          continue;
        }
        s = await stat(full);
      }
    } catch (err) {
      options.onProblem({ path: full, reason: reasonOf(err) });
      continue;
    }
    if (linked && (s.isDirectory() || s.isFile())) deferred.push({ path: full, rel: childRel, stats: s });
    else if (s.isDirectory()) yield* walkFolder(full, childRel, realRoot, s, seenDirs, seenFiles, options, deferred);
    else if (s.isFile()) {
      // A hard link to a file already swept is not read twice.
      if (once(seenFiles, s)) yield { path: full, rel: childRel, stats: s };
    } else options.onProblem({ path: full, reason: `${kindOf(s)}, not read` });
  }
}
