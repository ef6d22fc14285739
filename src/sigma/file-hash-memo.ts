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

/** Entries kept in total; beyond it, entries of files this run did not list are dropped. */
const MAX_ENTRIES = 100_000;

const MEMO_FORMAT = 1;

/** dev, ino, size, mtimeMs, ctimeMs: what must be unchanged for the remembered hash to stand. */
type Stamp = [number, number, number, number, number];
/** A remembered file: its stamp, then its content hash. */
type Entry = [...Stamp, string];

const stampOf = (st: Stats): Stamp => [st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs];

function sameStamp(e: Entry, s: Stamp): boolean {
  return e[0] === s[0] && e[1] === s[1] && e[2] === s[2] && e[3] === s[3] && e[4] === s[4];
}

function isEntry(v: unknown): v is [string, ...Entry] {
  return Array.isArray(v) && v.length === 7 && typeof v[0] === 'string' && typeof v[6] === 'string'
    && v.slice(1, 6).every((x) => typeof x === 'number');
}

export class FileHashMemo {
  /** A note about the memo for the user (unreadable or corrupt: ignored), or null. */
  note: string | null = null;
  /** Files hashed (read) by this memo so far. */
  hashed = 0;
  private readonly remembered: Map<string, Entry>;
  /** Entries of the files asked about in this run (racy ones left out). */
  private readonly current = new Map<string, Entry>();
  /** Files asked about in this run. */
  private readonly asked = new Set<string>();
  private changed = false;
  /** When this run began hashing (files changed after RACY_MS before it are racy). */
  private readonly start = Date.now();

  constructor(private readonly file: string, private readonly readBytes: ReadBytes = readFileSync) {
    this.remembered = this.load();
  }

  /** The SHA-256 (hex) of a file's content, from the memo when its stamp is unchanged. Throws when it cannot be read. */
  hashOf(file: string, stats: Stats): string {
    const key = path.resolve(file);
    const stamp = stampOf(stats);
    this.asked.add(key);
    const known = this.remembered.get(key);
    if (known && sameStamp(known, stamp)) {
      this.current.set(key, known);
      return known[5];
    }
    const hash = createHash('sha256').update(this.readBytes(file)).digest('hex');
    this.hashed++;
    this.changed = true;
    if (Math.max(stats.mtimeMs, stats.ctimeMs) < this.start - RACY_MS) this.current.set(key, [...stamp, hash]);
    return hash;
  }

  /** Writes the memo when it changed (temp file + rename); returns a note when it cannot. */
  save(): string | null {
    if (!this.changed) return null;
    const rows: Array<[string, ...Entry]> = [...this.current].map(([k, e]) => [k, ...e]);
    for (const [k, e] of this.remembered) {
      if (rows.length >= MAX_ENTRIES) break;
      if (!this.asked.has(k)) rows.push([k, ...e]);
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(tmp, JSON.stringify({ format: MEMO_FORMAT, files: rows }));
      renameSync(tmp, this.file);
      this.changed = false;
      return null;
    } catch (err) {
      rmSync(tmp, { force: true });
      return `rule cache: cannot write ${this.file} (${(err as Error).message.split('\n')[0]}); rule files are read again on every run`;
    }
  }

  private load(): Map<string, Entry> {
    const out = new Map<string, Entry>();
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.ignore(`cannot read (${(err as Error).message.split('\n')[0]})`);
      return out;
    }
    try {
      const memo = JSON.parse(text) as { format?: unknown; files?: unknown };
      if (memo?.format !== MEMO_FORMAT || !Array.isArray(memo.files) || !memo.files.every(isEntry)) throw new Error('not a file-hash memo');
      for (const [k, ...e] of memo.files as Array<[string, ...Entry]>) out.set(k, e);
    } catch (err) {
      this.ignore((err as Error).message.split('\n')[0]!);
    }
    return out;
  }

  private ignore(reason: string): void {
    this.note = `rule cache: ${this.file}: ${reason}, ignored (rule files hashed again)`;
    this.changed = true;
  }
}
