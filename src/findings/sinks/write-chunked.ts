/**
 * Buffers small writes into ~64 KiB chunks and respects back-pressure, so sinks can write line by
 * line without flooding the stream. `end()` flushes; it never ends the stream itself.
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
  const flush = (): void => {
    if (size === 0) return;
    const text = parts.join('');
    parts = [];
    size = 0;
    pending = pending.then(() => new Promise<void>((resolve, reject) => {
      const ok = stream.write(text, (err) => (err ? reject(err) : undefined));
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
    },
  };
}
