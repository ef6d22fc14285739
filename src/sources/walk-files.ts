/**
 * The one file walker of every command (hunt inputs, rule, mapping and intel folders, audit
 * exports, coverage data, regression data).
 *
 * - A path given explicitly is read as given: a file, a folder (walked), or a pipe / FIFO / socket
 *   (`-` means standard input, `/dev/stdin`), which readers then read as a stream. A device named
 *   explicitly (`/dev/zero`) is refused with a note.
 * - Inside folders only regular files are yielded, in sorted order. FIFOs, sockets and devices are
 *   listed once as a note and never opened (a FIFO would block, `/dev/zero` never ends).
 * - Loops are found by device + inode: a folder or file reached a second time (symlink loop, hard
 *   link, the same path given twice) is walked or yielded once.
 * - A symlink that leads out of the given roots is skipped with a note unless `followSymlinks`.
 * - Dot-folders and node_modules inside a walked folder are skipped (`isSkippedFolder`), unless
 *   `hiddenFolders` (sweep: web shells and tools hide in `.well-known` or `node_modules` too).
 * - `exclude` names paths below a given folder to leave out (an excluded folder is not entered);
 *   `linksLast` walks the symlinks of a given folder after its real tree, so a file reached both
 *   ways is named by its real place (sweep's web-root context judges files by that place).
 *
 * Problems and notes go to onProblem (`path:where: reason`), and the walk goes on.
 */
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { errorReason } from './byte-stream.js';
import { STDIN_PATH } from './pipe-input.js';
import type { ReadProblem } from './reader.js';

export interface WalkOptions {
  onProblem: (problem: ReadProblem) => void;
  /** Keeps a file found inside a folder by its name (explicit paths are always kept). Default: all. */
  accept?: (name: string) => boolean;
  /** Follow symlinks that lead out of the given roots (default: skip them with a note). */
  followSymlinks?: boolean;
  /** Walk sub-folders too (default true). */
  recursive?: boolean;
  /** Leaves out a path found below a given folder, by its `/`-separated path relative to that folder. */
  exclude?: (rel: string) => boolean;
  /** Enter dot-folders and node_modules too (default: skipped, see isSkippedFolder). */
  hiddenFolders?: boolean;
  /** Walk each given folder's symlinks after its real tree (default: in sorted order with the rest). */
  linksLast?: boolean;
}

/** A file the walk yields, with where it was found. */
export interface WalkedFile {
  /** Path as it would be typed: the given path, or a folder's path joined with the names below it. */
  path: string;
  /** The given path it was found under (as given; `-` for standard input). */
  root: string;
  /** `/`-separated path below the given folder; the file's name when the file itself was given. */
  rel: string;
  stats: Stats;
}

export { STDIN_PATH };

/** Folders a walk never enters: dot-folders (.git, .venv …) and node_modules. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** What a non-regular, non-folder file is, in words. */
function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  return 'special file';
}


/** A folder being walked: its sorted entries, the next one to look at, and how its children's paths start. */
interface Listing {
  prefix: string;
  rel: string;
  entries: Dirent[];
  next: number;
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

class Walk {
  /** Device → inodes of every folder walked and file yielded or noted. */
  private readonly seen = new Map<number, Set<number>>();
  private readonly roots: string[] = [];
  private readonly accept: (name: string) => boolean;
  /** Symlinks put off until the given folder's real tree is walked (linksLast). */
  private readonly deferred: Array<{ child: string; name: string; rel: string }> = [];
  /** The given path being walked. */
  private root = '';

  constructor(given: readonly string[], private readonly options: WalkOptions) {
    this.accept = options.accept ?? (() => true);
    // Every folder given counts as a root before the walk starts, whatever the order.
    for (const g of given) {
      try {
        if (statSync(g).isDirectory()) this.roots.push(realpathSync(g));
      } catch {
        /* reported when the path is walked */
      }
    }
  }

  private note(p: string, where: string, reason: string): void {
    this.options.onProblem({ path: p, where, reason });
  }

  /** First time this inode is met. */
  private first(st: Stats): boolean {
    let inodes = this.seen.get(st.dev);
    if (!inodes) this.seen.set(st.dev, (inodes = new Set()));
    if (inodes.has(st.ino)) return false;
    inodes.add(st.ino);
    return true;
  }

  *explicit(given: string): Generator<WalkedFile> {
    const p = given === '-' ? STDIN_PATH : given;
    this.root = given;
    let st: Stats;
    try {
      st = statSync(p);
    } catch (err) {
      this.note(p, 'open', errorReason(err));
      return;
    }
    if (st.isDirectory()) {
      yield* this.tree(this.open(p, '', st, false));
      for (let d = this.deferred.shift(); d; d = this.deferred.shift()) {
        const found = this.link(d.child, d.name, d.rel);
        if (found && 'entries' in found) yield* this.tree(found);
        else if (found) yield found;
      }
    } else if (st.isFile() || st.isFIFO() || st.isSocket()) {
      if (this.first(st)) yield { path: p, root: given, rel: path.basename(p), stats: st };
    } else if (this.first(st)) {
      this.note(p, 'open', `${specialKind(st)}: skipped (only files, folders and pipes are read)`);
    }
  }

  private inRoots(real: string): boolean {
    return this.roots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  }

  private skipsFolder(name: string): boolean {
    return this.options.recursive === false || (!this.options.hiddenFolders && isSkippedFolder(name));
  }

  /**
   * The files of a folder's tree, depth first in sorted order. One generator over a stack of
   * listings: nested generators (one per folder level) would pass every file up through each level.
   */
  private *tree(start: Listing | null): Generator<WalkedFile> {
    if (!start) return;
    const stack = [start];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === top.entries.length) {
        stack.pop();
        continue;
      }
      const found = this.child(top, top.entries[top.next++]!);
      if (found === null) continue;
      if ('entries' in found) stack.push(found);
      else yield found;
    }
  }

  /** A folder's sorted listing to walk, or null (walked already, unlistable: noted). */
  private open(dir: string, rel: string, st: Stats, viaLink: boolean): Listing | null {
    if (!this.first(st)) {
      if (viaLink) this.note(dir, 'walk', 'symlink to a folder already walked (loop), skipped');
      return null;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      this.note(dir, 'open', errorReason(err));
      return null;
    }
    entries.sort(byName);
    // path.join(dir, name) for every entry: a name holds no separator and is never '.' or '..'.
    return { prefix: path.join(dir, '_').slice(0, -1), rel, entries, next: 0 };
  }

  /** What an entry of a listing gives: a file, a folder's listing, or nothing. */
  private child(listing: Listing, e: Dirent): WalkedFile | Listing | null {
    const child = listing.prefix + e.name;
    const childRel = listing.rel ? `${listing.rel}/${e.name}` : e.name;
    if (this.options.exclude?.(childRel)) return null;
    if (e.isDirectory()) {
      if (this.skipsFolder(e.name)) return null;
      const cst = this.stat(child);
      return cst ? this.open(child, childRel, cst, false) : null;
    }
    if (e.isSymbolicLink()) {
      if (!this.options.linksLast) return this.link(child, e.name, childRel);
      this.deferred.push({ child, name: e.name, rel: childRel });
      return null;
    }
    if (this.accept(e.name) || !(e.isFile() || e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice())) {
      // Also entries of unknown type (some file systems report none): stat decides.
      const cst = this.stat(child);
      if (!cst) return null;
      if (!cst.isDirectory()) return this.accept(e.name) ? this.entry(child, childRel, cst) : null;
      if (!this.skipsFolder(e.name)) return this.open(child, childRel, cst, false);
    }
    return null;
  }

  private link(child: string, name: string, rel: string): WalkedFile | Listing | null {
    let real: string;
    try {
      real = realpathSync(child);
    } catch (err) {
      this.note(child, 'walk', `${errorReason(err)}, skipped`);
      return null;
    }
    if (!this.options.followSymlinks && !this.inRoots(real)) {
      this.note(child, 'walk', `symlink to ${real} leads out of the given folders, skipped (--follow-symlinks reads it)`);
      return null;
    }
    const st = this.stat(child);
    if (!st) return null;
    if (st.isDirectory()) return this.skipsFolder(name) ? null : this.open(child, rel, st, true);
    return this.accept(name) ? this.entry(child, rel, st) : null;
  }

  /** A non-folder found inside a folder: given when regular, noted once when special. */
  private entry(p: string, rel: string, st: Stats): WalkedFile | null {
    if (!this.first(st)) return null;
    if (st.isFile()) return { path: p, root: this.root, rel, stats: st };
    this.note(p, 'walk', `${specialKind(st)}: skipped (only regular files are read inside folders)`);
    return null;
  }

  private stat(p: string): Stats | null {
    try {
      return statSync(p);
    } catch (err) {
      this.note(p, 'open', errorReason(err));
      return null;
    }
  }
}

/**
 * Every file to read under `roots`, each once, in the order given (folders in sorted order), with
 * where it was found and its stats. Synchronous: listing is cheap next to reading, and rule loading
 * is synchronous.
 */
export function* walkEntries(roots: readonly string[], options: WalkOptions): Generator<WalkedFile> {
  const walk = new Walk(roots, options);
  for (const r of roots) yield* walk.explicit(r);
}

/** walkEntries' paths. */
export function* walkFiles(roots: readonly string[], options: WalkOptions): Generator<string> {
  for (const f of walkEntries(roots, options)) yield f.path;
}

/** The sub-folders of `dir` (symlinked ones too), sorted, without dot-folders and node_modules; [] when unlistable. */
export function subfolders(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.filter((n) => !isSkippedFolder(n)).map((n) => path.join(dir, n)).filter((p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  });
}

/** walkFiles into an array. */
export function listFiles(roots: readonly string[], options: WalkOptions): string[] {
  return [...walkFiles(roots, options)];
}
