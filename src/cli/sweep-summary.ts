/**
 * The human summary printed after a sweep (stderr), from the sweep's own counts: files and bytes
 * swept, problems, detectors loaded, speed, then the findings part every summary shares.
 */
import type { Finding } from '../findings/finding.js';
import type { SweepResult } from '../sweep/run-sweep.js';
import { boldPaint, findingLines, summaryLine } from './summary-text.js';

const n = (x: number): string => x.toLocaleString('en-US');
const plural = (count: number, word: string): string => `${n(count)} ${word}${count === 1 ? '' : 's'}`;

export function sweepSummaryText(r: SweepResult, colour: boolean, chain: readonly Finding[] = []): string {
  const bold = boldPaint(colour);
  const s = r.summary;
  const mb = s.inputs.reduce((a, i) => a + i.bytes, 0) / 1048576;
  const secs = s.elapsedMs / 1000;
  const hashedOnly = r.hashedOnly ? ` (${n(r.hashedOnly)} larger than --max-file-size: hashed only)` : '';
  const lines = [
    bold('Summary'),
    summaryLine('swept', `${plural(r.files, 'file')}, ${mb.toFixed(1)} MB${hashedOnly}, ${plural(r.threads, 'thread')}`),
    ...(r.host ? [summaryLine('host', r.host)] : []),
    summaryLine('problems', `${n(s.badRecords)} (unreadable files, archive members, rule files)`),
    summaryLine('detectors', `${n(r.yara.rules)} YARA rules, ${n(r.indicators)} indicators, renamed-tool and web-root checks`),
    summaryLine('elapsed', `${secs.toFixed(2)} s (${(mb / Math.max(0.001, secs)).toFixed(1)} MB/s)`),
    ...findingLines(s, bold, chain),
  ];
  return `${lines.join('\n')}\n`;
}
