/**
 * The deterministic id of a finding: the same event, rule and result always give the same id, so a
 * store that upserts by id never holds a finding twice when `serve` replays its log after a crash.
 *
 * id = first 32 hex digits of sha256 over the JSON array
 *      [detector, rule.id, source.path, source.record, ts, matched]
 * (`source` names the event: for `serve` it is the event's offset in the log; for correlations it
 * is the event that completed the window, and `matched` carries the group and metric.)
 */
import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

export function findingId(f: Finding): string {
  const key = JSON.stringify([f.detector, f.rule.id, f.source.path, f.source.record, f.ts, f.matched]);
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
}
