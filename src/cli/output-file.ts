/**
 * Output files that never destroy evidence or a good earlier result:
 * - an output path that is one of the inputs (same device and inode) is refused;
 * - a regular file is written to a temporary file in the same folder and renamed over the target
 *   only on success, so a failed or interrupted run leaves the earlier file as it was (a replaced
 *   file keeps its permissions);
 * - temporary files still open when the process exits (an error, Ctrl-C) are removed.
 * Devices and pipes (`-o /dev/stdout`, a FIFO) are written directly: there is nothing to replace.
 */
import { createWriteStream, realpathSync, statSync, unlinkSync, type Stats, type WriteStream } from 'node:fs';
import { chmod, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './usage-error.js';

export interface OutputFile {
  stream: WriteStream;
  /** The paths this output occupies (target and temporary file): a hunt must never read them. */
  paths: string[];
  /** Flush, close and put the file in place. */
  commit(): Promise<void>;
  /** Close and remove the temporary file; the target is left as it was. */
  abort(): Promise<void>;
}

const pendingTemps = new Set<string>();
let exitHookInstalled = false;

function removePendingTemps(): void {
  for (const file of pendingTemps) {
    try {
      unlinkSync(file);
    } catch {
      /* already gone */
    }
  }
  pendingTemps.clear();
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** The reason of a failed file operation, in words. */
export function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ENOSPC') return 'no space left on device';
  return err instanceof Error ? err.message : String(err);
}

/** Refuse to write `output` when it is the same file as one of `inputs` (a UsageError). */
export function refuseOutputOntoInput(output: string, inputs: readonly string[]): void {
  const out = statOrNull(output);
  if (!out) return;
  if (out.isDirectory()) throw new UsageError(`${output}: is a folder; --output needs a file name`);
  for (const input of inputs) {
    const s = statOrNull(input);
    if (s && s.dev === out.dev && s.ino === out.ino) {
      throw new UsageError(`${output}: is also an input (${input}); refusing to overwrite evidence: choose another --output`);
    }
  }
}

/** A write stream that remembers its first error, so no failed write can go unnoticed. */
async function openStream(file: string, displayName: string, flags: 'w' | 'wx'): Promise<WriteStream> {
  const stream = createWriteStream(file, { flags });
  stream.on('error', () => {}); // kept in stream.errored, checked by endStream
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new UsageError(`${displayName}: cannot write: ${why(err)}`)));
  });
  return stream;
}

/** End the stream; rejects when any write failed (ENOSPC, EIO…), even one nobody waited for. */
function endStream(stream: WriteStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.errored) return reject(stream.errored);
    stream.end((err?: Error | null) => {
      const failure = err ?? stream.errored;
      if (failure) reject(failure);
      else resolve();
    });
  });
}

/** Open `target` for writing (through a temporary file when it is, or will be, a regular file). */
export async function openOutputFile(target: string): Promise<OutputFile> {
  const existing = statOrNull(target);
  if (existing && existing.isDirectory()) throw new UsageError(`${target}: is a folder; --output needs a file name`);
  if (existing && !existing.isFile()) {
    const stream = await openStream(target, target, 'w');
    const commit = (): Promise<void> => endStream(stream).catch((err: unknown) => {
      throw new UsageError(`${target}: cannot write: ${why(err)}`);
    });
    return { stream, paths: [target], commit, abort: () => endStream(stream).catch(() => {}) };
  }
  // Follow a symlink, so the file it points to is replaced and the link kept.
  const final = existing ? realpathSync(target) : target;
  const temp = path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}-${Date.now().toString(36)}.tmp`);
  if (!exitHookInstalled) {
    process.on('exit', removePendingTemps);
    exitHookInstalled = true;
  }
  pendingTemps.add(temp); // before it exists: an interrupt right after creation still removes it
  const stream = await openStream(temp, target, 'wx').catch((err: unknown) => {
    pendingTemps.delete(temp);
    throw err;
  });
  const forget = async (): Promise<void> => {
    pendingTemps.delete(temp);
    await unlink(temp).catch(() => {});
  };
  return {
    stream,
    paths: [final, temp],
    async commit(): Promise<void> {
      try {
        await endStream(stream);
        // A replaced file keeps its permissions (findings can be as private as the logs).
        if (existing) await chmod(temp, existing.mode & 0o7777);
        await rename(temp, final);
        pendingTemps.delete(temp);
      } catch (err) {
        await forget();
        throw new UsageError(`${target}: cannot write: ${why(err)}`);
      }
    },
    async abort(): Promise<void> {
      await endStream(stream).catch(() => {});
      await forget();
    },
  };
}

/** Write a whole text to `target` the same safe way (commands that build their output in memory). */
export async function writeOutputFile(target: string, text: string): Promise<void> {
  const out = await openOutputFile(target);
  await new Promise<void>((resolve, reject) => {
    out.stream.write(text, (err) => (err ? reject(err) : resolve()));
  }).catch(async (err: unknown) => {
    await out.abort();
    throw new UsageError(`${target}: cannot write: ${why(err)}`);
  });
  await out.commit();
}
