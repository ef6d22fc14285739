/**
 * Writing report text to a sink's stream with back-pressure, without ever ending the stream
 * (stdout must stay open; the engine ends file streams itself).
 */
const SLICE = 1 << 20;

function writeOnce(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    stream.once('error', onError);
    const ok = stream.write(text, (err) => {
      if (err) reject(err);
    });
    const done = (): void => {
      stream.removeListener('error', onError);
      resolve();
    };
    if (ok) done();
    else stream.once('drain', done);
  });
}

/** Write `parts` in order, in slices of at most 1 MiB, waiting for 'drain' when asked to. */
export async function writeText(stream: NodeJS.WritableStream, ...parts: string[]): Promise<void> {
  for (const part of parts) {
    for (let at = 0; at < part.length; at += SLICE) await writeOnce(stream, part.slice(at, at + SLICE));
  }
}

/** Line-oriented writer for streaming sinks: buffers to ~64 KiB, `flush()` waits for the stream. */
export class BufferedText {
  private parts: string[] = [];
  private size = 0;
  private queued = 0;
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  /** Characters buffered or queued and not yet handed to the stream. */
  get pendingChars(): number {
    return this.size + this.queued;
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.push();
  }

  private push(): void {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.queued += text.length;
    this.pending = this.pending.then(() => writeText(this.stream, text)).catch((err: unknown) => {
      this.failure ??= err;
    }).finally(() => {
      this.queued -= text.length;
    });
  }

  async flush(): Promise<void> {
    this.push();
    await this.pending;
    if (this.failure !== undefined) throw this.failure;
  }
}
