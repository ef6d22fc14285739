/**
 * Reads a file once, read-only, computing MD5, SHA-1 and SHA-256 as the bytes arrive. Files up to
 * `keepLimit` bytes are kept in one buffer for the content detectors (YARA, PE, archives), so every
 * byte is read from disk exactly once; larger files are hashed through a reused chunk buffer.
 * The file is opened with O_NOATIME where the platform allows it (Linux, when the caller owns the
 * file or has CAP_FOWNER), so a sweep leaves access times as they were.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';

export interface FileHashes {
  md5: string;
  sha1: string;
  sha256: string;
}

export interface ReadResult {
  hashes: FileHashes;
  size: number;
  /** The whole content, when size ≤ keepLimit. */
  content?: Buffer;
}

const CHUNK = 1 << 20;
const NOATIME = (constants as Record<string, number>).O_NOATIME ?? 0;

async function openReadOnly(path: string): Promise<FileHandle> {
  if (NOATIME) {
    try {
      return await open(path, constants.O_RDONLY | NOATIME);
    } catch (err) {
      // O_NOATIME needs ownership of the file; fall back to a plain read-only open.
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    }
  }
  return open(path, constants.O_RDONLY);
}

/** Hashes of bytes already in memory (archive entries). */
export function hashBuffer(data: Buffer): FileHashes {
  return {
    md5: createHash('md5').update(data).digest('hex'),
    sha1: createHash('sha1').update(data).digest('hex'),
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

export async function readFileOnce(path: string, statSize: number, keepLimit: number): Promise<ReadResult> {
  const handle = await openReadOnly(path);
  try {
    const md5 = createHash('md5');
    const sha1 = createHash('sha1');
    const sha256 = createHash('sha256');
    // The file may change while we read: a kept buffer grows up to keepLimit, past that the rest
    // is hashed through a chunk buffer and the content is not kept.
    let keeping = statSize <= keepLimit;
    let buffer = Buffer.allocUnsafe(keeping ? Math.max(1, statSize) : CHUNK);
    let size = 0;
    for (;;) {
      if (keeping && size >= buffer.length) {
        if (buffer.length >= keepLimit) {
          keeping = false;
          buffer = Buffer.allocUnsafe(CHUNK);
        } else {
          const grown = Buffer.allocUnsafe(Math.min(keepLimit, buffer.length * 2));
          buffer.copy(grown);
          buffer = grown;
        }
      }
      const at = keeping ? size : 0;
      const { bytesRead } = await handle.read(buffer, at, Math.min(CHUNK, buffer.length - at), null);
      if (bytesRead === 0) break;
      const piece = buffer.subarray(at, at + bytesRead);
      md5.update(piece);
      sha1.update(piece);
      sha256.update(piece);
      size += bytesRead;
    }
    const hashes = { md5: md5.digest('hex'), sha1: sha1.digest('hex'), sha256: sha256.digest('hex') };
    return { hashes, size, content: keeping ? buffer.subarray(0, size) : undefined };
  } finally {
    await handle.close();
  }
}
