/**
 * The events of a `POST /api/v1/events?format=w3c|zeek` body, read by the hunt's own readers (W3C
 * extended logs; Zeek TSV with its `#` headers, or Zeek JSON lines), so live and offline events get
 * exactly the same fields and times. The body is written to a temporary file for the reader. A line
 * the reader cannot read rejects the request with a 400 naming it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { w3cSniffer } from '../sources/w3c-reader.js';
import { zeekJsonSniffer, zeekTsvSniffer } from '../sources/zeek-reader.js';
import type { ReadProblem } from '../sources/reader.js';
import { HttpError } from './http-error.js';
import { encodeFlatEvent } from './log-event.js';
import { tooMany } from './json-events.js';

export const LINE_FORMATS = ['w3c', 'zeek'] as const;
export type LineFormat = (typeof LINE_FORMATS)[number];

export async function lineFormatRecords(body: Buffer, format: LineFormat, tmpRoot: string, maxEvents: number): Promise<Buffer[]> {
  const sniffer = format === 'w3c' ? w3cSniffer
    : zeekJsonSniffer.sniff(body.subarray(0, 65536), '') ? zeekJsonSniffer : zeekTsvSniffer;
  const dir = await mkdtemp(path.join(tmpRoot, 'ingest-'));
  const file = path.join(dir, 'body.log');
  try {
    await writeFile(file, body);
    let problem: ReadProblem | undefined;
    const out: Buffer[] = [];
    for await (const batch of sniffer.open().read(file, { onProblem: (p) => { problem ??= p; } })) {
      if (problem) break;
      for (const e of batch) {
        if (out.length >= maxEvents) throw tooMany(maxEvents);
        out.push(encodeFlatEvent(e.source.format, e.time, e.fields));
      }
    }
    if (problem) throw new HttpError(400, `${problem.where}: ${problem.reason}`);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
