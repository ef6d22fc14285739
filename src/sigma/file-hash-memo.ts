/**
 * A memo of file content hashes by file stamp, kept beside the rule cache (rule-cache.ts), in the
 * way git's index remembers what it hashed: for each file its device, inode, size, modification
 * and change times, and the SHA-256 of its content. A file whose stamp is unchanged is not read
 * again; any difference in the stamp (an edit, a file replaced by another, a restored mtime: the
 * change time still moves) makes it read and hashed.
 *
 * Racy files: a file written within RACY_MS before its hash was taken could be changed again
 * within the same timestamp tick, leaving its stamp as it was. Such a file is hashed, used, and
 * not remembered; it is hashed again on the next run, until it is old enough.
 *
 * The memo only ever saves reading: an unreadable or corrupt memo is ignored (with a note) and
 * rewritten, a memo that cannot be written is noted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';

/** Reads a file's bytes for hashing (injectable, so tests can count reads). */
export type ReadBytes = (file: string) => Buffer;

/** How close (ms) to the start of hashing a file's mtime or ctime may be and the file still be remembered. */
export const RACY_MS = 2000;

/** Files kept in total; beyond it, files this run did not list are dropped. */
const MAX_FILES = 100_000;

const MEMO_FORMAT = 2;

/**
 * The memo's rows, flat: per file its path (as listed), dev, ino, size, mtimeMs, ctimeMs and the
 * SHA-256 of its content (base64), in the order the files were listed, so that an unchanged tree
 * is checked row after row. A relative path may name another file from another working folder:
 * its device and inode then differ, and it is read.
 */
const ROW = 7;

/** Whether a flat row list holds rows of the right types. */
function validRows(rows: unknown[]): boolean {
  if (rows.length % ROW !== 0) return false;
  for (let i = 0; i < rows.length; i += ROW) {
    if (typeof rows[i] !== 'string' || typeof rows[i + 6] !== 'string') return false;
    for (let j = i + 1; j < i + 6; j++) if (typeof rows[j] !== 'number') return false;
  }
  return true;
}

export class FileHashMemo {
  /** A note about the memo for the user (unreadable or corrupt: ignored), or null. */
  note: string | null = null;
  /** The remembered rows (ROW values per file). */
  private readonly old: unknown[];
  /** Row of each remembered path, made when the listing departs from the memo's order. */
  private byPath: Map<string, number> | null = null;
  /** Where the next file is expected among the remembered rows. */
  private cursor = 0;
  /** Remembered rows of files listed in this run (not carried over as they were). */
  private readonly listed: Uint8Array;
  /**
   * This run's rows in listing order (racy files left out), each as a number: a remembered row's
   * start in `old` (>= 0), or ~i for the row `fresh[i]` of a file hashed in this run.
   */
  private readonly order: number[] = [];
  private readonly fresh: unknown[][] = [];
  private changed = false;
  /**
   * @param start when this run begins hashing, in ms since the epoch (files changed after RACY_MS
   * before it are racy); tests pass a later time to play a later run.
   */
  constructor(private readonly file: string, private readonly readBytes: ReadBytes = readFileSync, private readonly start = Date.now()) {
    this.old = this.load();
    this.listed = new Uint8Array(this.old.length / ROW);
  }

  /** The SHA-256 (base64) of a file's content, from the memo when its stamp is unchanged. Throws when it cannot be read. */
  hashOf(file: string, stats: Stats): string {
    const old = this.old;
    const at = this.rowOf(file);
    if (at >= 0) {
      this.listed[at / ROW] = 1;
      if (old[at + 1] === stats.dev && old[at + 2] === stats.ino && old[at + 3] === stats.size && old[at + 4] === stats.mtimeMs && old[at + 5] === stats.ctimeMs) {
        this.order.push(at);
        return old[at + 6] as string;
      }
    }
    const hash = createHash('sha256').update(this.readBytes(file)).digest('base64');
    this.changed = true;
    if (Math.max(stats.mtimeMs, stats.ctimeMs) < this.start - RACY_MS) {
      this.order.push(~this.fresh.length);
      this.fresh.push([file, stats.dev, stats.ino, stats.size, stats.mtimeMs, stats.ctimeMs, hash]);
    }
    return hash;
  }

  /** Writes the memo when it changed (temp file + rename); returns a note when it cannot. */
  save(): string | null {
    if (!this.changed) return null;
    const rows: unknown[] = [];
    for (const o of this.order) {
      if (o >= 0) for (let j = o; j < o + ROW; j++) rows.push(this.old[j]);
      else rows.push(...this.fresh[~o]!);
    }
    for (let at = 0; at < this.old.length && rows.length < MAX_FILES * ROW; at += ROW) {
      if (this.listed[at / ROW] === 0) for (let j = at; j < at + ROW; j++) rows.push(this.old[j]);
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(tmp, JSON.stringify({ format: MEMO_FORMAT, rows }));
      renameSync(tmp, this.file);
      this.changed = false;
      return null;
    } catch (err) {
      rmSync(tmp, { force: true });
      return `rule cache: cannot write ${this.file} (${(err as Error).message.split('\n')[0]}); rule files are read again on every run`;
    }
  }

  /** Where a path's row starts among the remembered rows, or -1. */
  private rowOf(file: string): number {
    const old = this.old;
    if (this.cursor < old.length && old[this.cursor] === file) {
      const at = this.cursor;
      this.cursor += ROW;
      return at;
    }
    if (!this.byPath) {
      this.byPath = new Map();
      for (let at = 0; at < old.length; at += ROW) this.byPath.set(old[at] as string, at);
    }
    const at = this.byPath.get(file) ?? -1;
    if (at >= 0) this.cursor = at + ROW;
    return at;
  }

  private load(): unknown[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.ignore(`cannot read (${(err as Error).message.split('\n')[0]})`);
      return [];
    }
    try {
      const memo = JSON.parse(text) as { format?: unknown; rows?: unknown };
      if (memo?.format !== MEMO_FORMAT || !Array.isArray(memo.rows) || !validRows(memo.rows)) throw new Error('not a file-hash memo');
      return memo.rows;
    } catch (err) {
      this.ignore((err as Error).message.split('\n')[0]!);
      return [];
    }
  }

  private ignore(reason: string): void {
    this.note = `rule cache: ${this.file}: ${reason}, ignored (rule files hashed again)`;
    this.changed = true;
  }
}
