/**
 * The on-disk rule cache: a rule-set snapshot (rule-set-snapshot.ts) stored under a key made of
 * everything the load depends on: the cellwatch version, the snapshot format, the content hash of
 * every rule, filter and mapping file (with its path), and the options that change parsing
 * (placeholders, selection, symlink policy). Any edit makes a new key, so an entry is never stale;
 * entries beyond the newest few are removed. The content hashes come from a memo beside the
 * entries (file-hash-memo.ts), so an unchanged file is not read again to make the key.
 *
 * The cache only ever saves time: an entry that cannot be read or parsed is ignored (with a note),
 * and a cache folder that cannot be written is skipped (with a note).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileHashMemo, type ReadBytes } from './file-hash-memo.js';
import { mappingFileEntries } from './mapping.js';
import { walkRuleFiles } from './rule-files.js';
import type { RuleSelection } from './rule-selection.js';
import { SNAPSHOT_FORMAT, type RuleSetSnapshot } from './rule-set-snapshot.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';

export interface RuleCacheOptions {
  /** Folder of the cache entries. */
  dir: string;
  /** The cellwatch version (part of the key). */
  version: string;
  /** How files are read to be hashed (default readFileSync; tests count the reads). */
  readBytes?: ReadBytes;
  /** The time now, in ms since the epoch (default Date.now; tests play later runs). */
  now?: () => number;
}

/** What the key covers besides the files. */
interface KeyedOptions {
  placeholders?: Record<string, string[]>;
  mappingsDir?: string;
  followSymlinks?: boolean;
  filterPaths?: string[];
  selection?: RuleSelection;
}

/** Entries kept (the newest by modification time); older ones are removed when one is written. */
const KEEP_ENTRIES = 8;
const ENTRY = /^rules-[0-9a-f]{64}\.json$/;
/** The file-hash memo's name in the cache folder (not a `.json` entry name). */
export const MEMO_NAME = 'file-hashes.memo';

export class RuleCache {
  private readonly file: string | null;
  private readonly memoNote: string | null;
  private readonly memoWriteNote: string | null;
  private entryNote: string | null = null;
  private writeNote: string | null = null;

  constructor(private readonly options: RuleCacheOptions, paths: readonly string[], keyed: KeyedOptions) {
    const memo = new FileHashMemo(path.join(options.dir, MEMO_NAME), options.readBytes, (options.now ?? Date.now)());
    this.file = this.keyOf(paths, keyed, memo);
    this.memoWriteNote = memo.save();
    this.memoNote = memo.note;
  }

  /** Notes for the user: the memo or an entry ignored, the folder not writable (said once). */
  get notes(): string[] {
    return [this.memoNote, this.entryNote, this.writeNote ?? this.memoWriteNote].filter((n): n is string => n !== null);
  }

  /** The cached snapshot, or null (absent, unreadable or not a snapshot: noted). */
  read(): RuleSetSnapshot | null {
    if (!this.file) return null;
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.entryNote = `rule cache: ${this.file}: cannot read (${(err as Error).message}), ignored`;
      return null;
    }
    try {
      return decodeSnapshot(bytes);
    } catch (err) {
      this.entryNote = `rule cache: ${this.file}: ${(err as Error).message.split('\n')[0]}, ignored (rebuilt)`;
      return null;
    }
  }

  write(snapshot: RuleSetSnapshot): void {
    if (!this.file) return;
    const bytes = encodeSnapshot(snapshot);
    if (bytes === null) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.options.dir, { recursive: true });
      writeFileSync(tmp, bytes);
      renameSync(tmp, this.file);
      this.prune();
    } catch (err) {
      rmSync(tmp, { force: true });
      this.writeNote = `rule cache: cannot write ${this.options.dir} (${(err as Error).message.split('\n')[0]}); rules are compiled on every run`;
    }
  }

  /** Path of the entry for these inputs, or null when a file cannot be read (the load reports it). */
  private keyOf(paths: readonly string[], keyed: KeyedOptions, memo: FileHashMemo): string | null {
    const hash = createHash('sha256');
    const { placeholders, selection, followSymlinks } = keyed;
    hash.update(JSON.stringify({ format: SNAPSHOT_FORMAT, version: this.options.version, placeholders, selection, followSymlinks: followSymlinks === true }));
    try {
      // One file at a time: its stats are garbage once its hash is had.
      const groups = [
        ['rules', () => walkRuleFiles(paths, () => {}, followSymlinks)],
        ['filters', () => walkRuleFiles(keyed.filterPaths ?? [], () => {}, followSymlinks)],
        ['mappings', () => mappingFileEntries(keyed.mappingsDir)],
      ] as const;
      // The key's text is hashed in one update per group (an update per file costs more than the hashing).
      for (const [name, files] of groups) {
        const text = [`\u0000${name}`];
        for (const f of files()) text.push(`\u0000${f.path}\u0000${memo.hashOf(f.path, f.stats)}`);
        hash.update(text.join(''));
      }
    } catch {
      return null;
    }
    return path.join(this.options.dir, `rules-${hash.digest('hex')}.json`);
  }

  private prune(): void {
    const entries = readdirSync(this.options.dir).filter((n) => ENTRY.test(n)).map((n) => {
      const p = path.join(this.options.dir, n);
      return { p, t: statSync(p).mtimeMs };
    });
    entries.sort((a, b) => b.t - a.t);
    for (const e of entries.slice(KEEP_ENTRIES)) rmSync(e.p, { force: true });
  }
}
