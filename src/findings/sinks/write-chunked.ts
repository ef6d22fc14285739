/**
 * Buffers small writes into ~64 KiB chunks and respects back-pressure, so sinks can write line by
 * line without flooding the stream. `end()` flushes and rejects if any write failed (ENOSPC…); it never ends the stream itself.
 */
export interface ChunkedWriter {
  write(text: string): void;
  end(): Promise<void>;
}

const CHUNK = 64 * 1024;

export function writeChunked(stream: NodeJS.WritableStream): ChunkedWriter {
  let parts: string[] = [];
  let size = 0;
  let pending: Promise<void> = Promise.resolve();
  // A write can fail after it was accepted (ENOSPC): remembered and thrown by end().
  let failure: Error | null = null;
  const flush = (): void => {
    if (size === 0) return;
    const text = parts.join('');
    parts = [];
    size = 0;
    pending = pending.then(() => new Promise<void>((resolve) => {
      if (failure) return resolve();
      const ok = stream.write(text, (err) => {
        if (err) failure ??= err;
        resolve();
      });
      if (ok) resolve();
      else stream.once('drain', resolve);
    }));
  };
  return {
    write(text: string): void {
      parts.push(text);
      size += text.length;
      if (size >= CHUNK) flush();
    },
    async end(): Promise<void> {
      flush();
      await pending;
      if (failure) throw failure;
    },
  };
}
