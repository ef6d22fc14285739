/**
 * The files inside an archive, recursively (a jar inside a war inside an ear), named
 * `outer.war!/WEB-INF/lib/inner.jar!/x.jsp`. Limits bound the nesting depth, the entries and the
 * inflated bytes of one top-level archive, besides zip-reader's per-entry size and ratio limits; a
 * limit reached or a damaged archive is reported once with the place, and the rest goes on.
 */
import { listZipEntries, looksLikeZip, readZipEntry, ZipFormatError, type ZipLimits } from './zip-reader.js';

export interface ArchiveLimits extends ZipLimits {
  maxDepth: number;
  /** Inflated bytes across one top-level archive and everything nested in it. */
  maxTotalSize: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxDepth: 4, maxEntries: 10_000, maxEntrySize: 64 * 1024 * 1024, maxRatio: 200, maxTotalSize: 256 * 1024 * 1024,
};

export interface ArchiveMember {
  /** Display path: `archive!/inner/path`. */
  path: string;
  /** Last element of the inner path. */
  name: string;
  data: Buffer;
  mtime: number;
}

const ARCHIVE_EXT = /\.(zip|jar|war|ear)$/i;

export function isArchive(name: string, data: Buffer): boolean {
  return ARCHIVE_EXT.test(name) && looksLikeZip(data);
}

export function* archiveMembers(
  outerPath: string, data: Buffer, limits: ArchiveLimits, onProblem: (path: string, reason: string) => void,
): Generator<ArchiveMember> {
  const budget = { bytes: limits.maxTotalSize, stopped: false };
  yield* walk(outerPath, data, 1, limits, budget, onProblem);
}

function* walk(
  archivePath: string, data: Buffer, depth: number, limits: ArchiveLimits, budget: { bytes: number; stopped: boolean },
  onProblem: (path: string, reason: string) => void,
): Generator<ArchiveMember> {
  let entries;
  try {
    entries = listZipEntries(data, limits);
  } catch (err) {
    onProblem(archivePath, `archive not read: ${(err as Error).message}`);
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory || budget.stopped) continue;
    const path = `${archivePath}!/${entry.name}`;
    if (entry.size > budget.bytes) {
      budget.stopped = true;
      onProblem(path, `archive size limit reached (${limits.maxTotalSize} inflated bytes); the rest of the archive is not read`);
      continue;
    }
    let member: Buffer;
    try {
      member = readZipEntry(data, entry, limits);
    } catch (err) {
      onProblem(path, err instanceof ZipFormatError ? `entry not read: ${err.message}` : `entry not read: ${String(err)}`);
      continue;
    }
    budget.bytes -= member.length;
    const name = entry.name.slice(entry.name.lastIndexOf('/') + 1);
    yield { path, name, data: member, mtime: entry.mtime };
    if (isArchive(name, member)) {
      if (depth >= limits.maxDepth) onProblem(path, `archive nested deeper than ${limits.maxDepth} levels, not opened`);
      else yield* walk(path, member, depth + 1, limits, budget, onProblem);
    }
  }
}
