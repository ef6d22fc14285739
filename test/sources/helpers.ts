/** Shared helpers for the reader tests: temporary files and reading a whole file through the API. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { HuntEvent } from '../../src/events/event.js';
import { openInput } from '../../src/sources/index.js';
import type { EventReader, ReadOptions, ReadProblem } from '../../src/sources/reader.js';

export class TempDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'cellwatch-sources-'));
  file(name: string, content: string | Buffer, gzip = false): string {
    const path = join(this.dir, name);
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeFileSync(path, gzip ? gzipSync(data) : data);
    return path;
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface ReadResult {
  format: string;
  events: HuntEvent[];
  problems: ReadProblem[];
  batches: number[];
  bytes: number;
}

/** Detect the format of `path`, then read it all. */
export async function readAll(path: string, options: Partial<ReadOptions> = {}): Promise<ReadResult> {
  const reader = await openInput(path);
  return readWith(reader, path, options);
}

export async function readWith(reader: EventReader, path: string, options: Partial<ReadOptions> = {}): Promise<ReadResult> {
  const problems: ReadProblem[] = [];
  const events: HuntEvent[] = [];
  const batches: number[] = [];
  let bytes = 0;
  for await (const batch of reader.read(path, {
    onProblem: (p) => problems.push(p),
    onBytes: (n) => (bytes += n),
    batchSize: options.batchSize,
    keepRaw: options.keepRaw,
  })) {
    batches.push(batch.length);
    events.push(...batch);
  }
  return { format: reader.format, events, problems, batches, bytes };
}
