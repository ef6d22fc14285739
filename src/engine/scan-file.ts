/**
 * Reads one input file (or a part of one: file-parts.ts) through its reader and runs every detector on every event.
 * Shared by the inline hunt and the worker threads.
 */
import { detectFormat } from '../sources/index.js';
import type { FilePart, ReadProblem } from '../sources/reader.js';
import type { Detector, Emit } from '../findings/detector.js';
import type { InputSummary } from '../findings/summary.js';
import { statSync } from 'node:fs';
import { eventHost, ownAddresses } from '../events/host.js';
import { HostEvidence, type HostEvidenceData } from '../events/host-directory.js';
import { IN_SCOPE, OUTSIDE_WINDOW, type ScopePredicate } from './event-scope.js';

export interface FileScanResult extends InputSummary {
  /** Epoch ms of the earliest and latest event time seen (NaN when none). */
  firstTime: number;
  lastTime: number;
  /** Host values and the addresses records show as their hosts' own (host-directory.ts). */
  hosts: HostEvidenceData;
  /** Events skipped before detection: outside --from/--to, and filtered by host/channel/Event ID. */
  outsideWindow: number;
  filtered: number;
}

export interface ScanCallbacks {
  emit: Emit;
  onProblem: (problem: ReadProblem) => void;
  onBytes?: (bytes: number) => void;
  /** Events out of scope are counted and never reach the detectors (event-scope.ts). */
  scope?: ScopePredicate;
}

/** A file no reader recognises: skipped and counted, not an error. */
export class UnknownFormatError extends Error {
  constructor(readonly path: string) {
    super(`${path}: unknown format`);
  }
}

/**
 * Throws UnknownFormatError when no reader recognises the file, and an Error naming the file when
 * it cannot be opened.
 */
export async function scanFile(path: string, detectors: readonly Detector[], cb: ScanCallbacks, part?: FilePart): Promise<FileScanResult> {
  const sniffer = await detectFormat(path);
  if (!sniffer) throw new UnknownFormatError(path);
  const reader = sniffer.open();
  const result: FileScanResult = {
    path, format: reader.format, events: 0, bytes: part ? part.end - part.start : statSync(path).size, problems: 0,
    firstTime: NaN, lastTime: NaN, hosts: { hosts: [], links: [] }, outsideWindow: 0, filtered: 0,
  };
  const hosts = new HostEvidence();
  const onProblem = (p: ReadProblem): void => {
    result.problems++;
    cb.onProblem(p);
  };
  let first = Infinity;
  let last = -Infinity;
  const n = detectors.length;
  const scope = cb.scope;
  for await (const batch of reader.read(path, { onProblem, onBytes: cb.onBytes, part })) {
    result.events += batch.length;
    for (const event of batch) {
      const t = event.time;
      if (t < first) first = t;
      if (t > last) last = t;
      const host = eventHost(event.fields, event.source);
      hosts.observe(host, ownAddresses(event.fields, event.source));
      if (scope) {
        const verdict = scope(event, host);
        if (verdict !== IN_SCOPE) {
          if (verdict === OUTSIDE_WINDOW) result.outsideWindow++;
          else result.filtered++;
          continue;
        }
      }
      for (let i = 0; i < n; i++) detectors[i]!.examine(event, cb.emit);
    }
  }
  if (first !== Infinity) result.firstTime = first;
  if (last !== -Infinity) result.lastTime = last;
  result.hosts = hosts.toData();
  return result;
}
