/**
 * Files a hunt must never read although they sit under an input folder: its own output (and the
 * temporary file beside it). Compared by device and inode, so relative paths, symlinks and hard
 * links are all caught.
 */
import { statSync } from 'node:fs';

export type FileFilter = (file: string) => boolean;

/** A predicate that is true for files other than `skipped`; paths that do not exist are ignored. */
export function notOneOf(skipped: readonly string[]): FileFilter {
  const ids = new Set<string>();
  for (const p of skipped) {
    try {
      const s = statSync(p);
      ids.add(`${s.dev}:${s.ino}`);
    } catch {
      /* not there (yet): nothing to skip */
    }
  }
  if (ids.size === 0) return () => true;
  return (file) => {
    try {
      const s = statSync(file);
      return !ids.has(`${s.dev}:${s.ino}`);
    } catch {
      return true; // unreadable: reported when the scan opens it
    }
  };
}
