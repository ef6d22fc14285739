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
      yield* this.folder(p, '', st, false);
      for (let d = this.deferred.shift(); d; d = this.deferred.shift()) yield* this.link(d.child, d.name, d.rel);
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

  private *folder(dir: string, rel: string, st: Stats, viaLink: boolean): Generator<WalkedFile> {
    if (!this.first(st)) {
      if (viaLink) this.note(dir, 'walk', 'symlink to a folder already walked (loop), skipped');
      return;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      this.note(dir, 'open', errorReason(err));
      return;
    }
    entries.sort(byName);
    const exclude = this.options.exclude;
    // path.join(dir, name) for every entry: a name holds no separator and is never '.' or '..'.
    const prefix = path.join(dir, '_').slice(0, -1);
    for (const e of entries) {
      const child = prefix + e.name;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (exclude?.(childRel)) continue;
      if (e.isDirectory()) {
        if (this.skipsFolder(e.name)) continue;
        const cst = this.stat(child);
        if (cst) yield* this.folder(child, childRel, cst, false);
      } else if (e.isSymbolicLink()) {
        if (this.options.linksLast) this.deferred.push({ child, name: e.name, rel: childRel });
        else yield* this.link(child, e.name, childRel);
      } else if (this.accept(e.name) || !(e.isFile() || e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice())) {
        // Also entries of unknown type (some file systems report none): stat decides.
        const cst = this.stat(child);
        if (!cst) continue;
        if (!cst.isDirectory()) {
          if (this.accept(e.name)) yield* this.entry(child, childRel, cst);
        } else if (!this.skipsFolder(e.name)) yield* this.folder(child, childRel, cst, false);
      }
    }
  }

  private *link(child: string, name: string, rel: string): Generator<WalkedFile> {
    let real: string;
    try {
      real = realpathSync(child);
    } catch (err) {
      this.note(child, 'walk', `${errorReason(err)}, skipped`);
      return;
    }
    if (!this.options.followSymlinks && !this.inRoots(real)) {
      this.note(child, 'walk', `symlink to ${real} leads out of the given folders, skipped (--follow-symlinks reads it)`);
      return;
    }
    const st = this.stat(child);
    if (!st) return;
    if (st.isDirectory()) {
      if (!this.skipsFolder(name)) yield* this.folder(child, rel, st, true);
    } else if (this.accept(name)) {
      yield* this.entry(child, rel, st);
    }
  }

  /** A non-folder found inside a folder: yielded when regular, noted once when special. */
  private *entry(p: string, rel: string, st: Stats): Generator<WalkedFile> {
    if (!this.first(st)) return;
    if (st.isFile()) yield { path: p, root: this.root, rel, stats: st };
    else this.note(p, 'walk', `${specialKind(st)}: skipped (only regular files are read inside folders)`);
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
