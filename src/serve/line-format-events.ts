/**
 * The events of a `POST /api/v1/events?format=w3c|zeek` body, read by the hunt's own readers (W3C
 * extended logs; Zeek TSV with its `#` headers, or Zeek JSON lines) from the body in memory
 * (`ReadOptions.content`), so live and offline events get exactly the same fields and times. A line
 * the reader cannot read rejects the request with a 400 naming it.
 */
import { w3cSniffer } from '../sources/w3c-reader.js';
import { zeekJsonSniffer, zeekTsvSniffer } from '../sources/zeek-reader.js';
import type { ReadProblem } from '../sources/reader.js';
import { HttpError } from './http-error.js';
import { encodeFlatEvent } from './log-event.js';
import { tooMany } from './json-events.js';

export const LINE_FORMATS = ['w3c', 'zeek'] as const;
export type LineFormat = (typeof LINE_FORMATS)[number];

/** What the body is called where a reader names its input (Zeek takes its log path from it when `#path` is absent). */
const BODY_NAME = 'request body';

export async function lineFormatRecords(body: Buffer, format: LineFormat, maxEvents: number): Promise<Buffer[]> {
  const sniffer = format === 'w3c' ? w3cSniffer
    : zeekJsonSniffer.sniff(body.subarray(0, 65536), '') ? zeekJsonSniffer : zeekTsvSniffer;
  let problem: ReadProblem | undefined;
  const out: Buffer[] = [];
  for await (const batch of sniffer.open().read(BODY_NAME, { content: body, onProblem: (p) => { problem ??= p; } })) {
    if (problem) break;
    for (const e of batch) {
      if (out.length >= maxEvents) throw tooMany(maxEvents);
      out.push(encodeFlatEvent(e.source.format, e.time, e.fields));
    }
  }
  if (problem) throw new HttpError(400, `${problem.where}: ${problem.reason}`);
  return out;
}
