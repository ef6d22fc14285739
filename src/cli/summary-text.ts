/**
 * The human summary printed after a hunt (on stderr, so stdout stays pipeable). Text from the
 * data (rule titles, hosts) is shown with its control characters visible, never raw.
 */
import pc from 'picocolors';
import { LEVELS } from '../findings/finding.js';
import type { Finding } from '../findings/finding.js';
import type { HuntSummary } from '../findings/summary.js';
import { visibleLine } from '../text/visible-controls.js';
import type { TimeFormatter } from '../events/display-time.js';

const n = (x: number): string => x.toLocaleString('en-US');

/**
 * The story in brief: the first finding of each ATT&CK technique, in time order (fed findings
 * sorted by time), with its host and rule.
 */
export class AttackChain {
  private readonly seen = new Set<string>();
  readonly steps: Finding[] = [];

  add(f: Finding): void {
    let fresh = false;
    for (const t of f.attack) {
      if (!this.seen.has(t)) {
        this.seen.add(t);
        fresh = true;
      }
    }
    if (fresh) this.steps.push(f);
  }
}

/** Bold for headings, or plain text. */
export type Paint = (text: string) => string;

export function boldPaint(colour: boolean): Paint {
  return colour ? pc.bold : (x: string) => x;
}

/** `  label     value`: the summary's aligned lines. */
export const summaryLine = (label: string, value: string): string => `  ${label.padEnd(9)} ${value}`;

export function summaryText(s: HuntSummary, colour: boolean, chain: readonly Finding[] = [], topRules = 15, time?: TimeFormatter): string {
  const bold = boldPaint(colour);
  const formats = [...new Set(s.inputs.map((i) => i.format))].sort().join(', ') || 'none';
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(s.events / secs) : s.events;
  const bytes = s.inputs.reduce((a, i) => a + i.bytes, 0);
  const lines: string[] = [];
  lines.push(bold('Summary'));
  lines.push(summaryLine('read', `${n(s.inputs.length)} files (${formats}), ${(bytes / 1048576).toFixed(1)} MB, ${n(s.events)} events`));
  const shown = (iso: string): string => (time && iso ? time(Date.parse(iso)) : iso);
  if (s.firstEvent) lines.push(summaryLine('time', visibleLine(`${shown(s.firstEvent)} → ${shown(s.lastEvent)}`)));
  if (s.outsideWindow || s.filtered) lines.push(summaryLine('scope', `${n(s.outsideWindow ?? 0)} events outside --from/--to, ${n(s.filtered ?? 0)} filtered by host/channel/eid`));
  lines.push(summaryLine('problems', `${n(s.badRecords)} bad records, ${n(s.skippedInputs.length)} inputs skipped`));
  lines.push(summaryLine('detectors', `${n(s.rules.sigma)} sigma rules, ${n(s.rules.indicators)} indicators${s.rules.excluded ? ` (${n(s.rules.excluded)} rule${s.rules.excluded === 1 ? '' : 's'} excluded by selection)` : ''}`));
  lines.push(summaryLine('elapsed', `${secs.toFixed(2)} s (${n(rate)} events/s)`));
  lines.push(...findingLines(s, bold, chain, topRules, time));
  return `${lines.join('\n')}\n`;
}

/**
 * The part every summary (hunt, sweep) ends with: findings by level, what --level hid, indicator
 * validity, findings by rule and the attack chain.
 */
export function findingLines(s: HuntSummary, bold: Paint, chain: readonly Finding[], topRules = 15, time?: TimeFormatter): string[] {
  const lines: string[] = [];
  const byLevel = [...LEVELS].reverse().map((l) => `${l} ${n(s.byLevel[l])}`).join(', ');
  lines.push(summaryLine('findings', `${bold(n(s.findings))} (${byLevel})`));
  if (s.belowLevel) lines.push(summaryLine('hidden', `${n(s.belowLevel)} lower findings not shown (below --level)`));
  if (s.outsideValidity) lines.push(summaryLine('validity', `${n(s.outsideValidity)} indicator findings outside the indicator's validity window (retro-hunt; --strict-validity drops them)`));
  if (s.byRule.length) {
    lines.push(bold(`Findings by rule${s.byRule.length > topRules ? ` (top ${topRules} of ${s.byRule.length})` : ''}`));
    for (const r of s.byRule.slice(0, topRules)) {
      lines.push(`  ${n(r.count).padStart(7)}  ${r.level.padEnd(13)} ${r.detector.padEnd(5)} ${visibleLine(r.title)}`);
    }
  }
  if (chain.length) {
    lines.push(bold('Attack chain (first finding of each ATT&CK technique, in time order)'));
    // Short host names (WEB-IIS01, not its FQDN); addresses stay whole. Columns as wide as their longest value.
    const rows = chain.map((f) => ({
      ts: visibleLine(time && f.ts ? time(Date.parse(f.ts)) : f.ts.slice(0, 19).replace('T', ' ')),
      host: visibleLine(!f.host ? '-' : /^[\d.:]+$/.test(f.host) ? f.host : f.host.split('.')[0]!),
      title: visibleLine(f.rule.title),
      attack: visibleLine(f.attack.join(',')),
    }));
    const hostW = Math.max(13, ...rows.map((r) => r.host.length));
    const titleW = Math.max(...rows.map((r) => r.title.length));
    for (const r of rows) lines.push(`  ${r.ts}  ${r.host.padEnd(hostW)} ${r.title.padEnd(titleW)} ${r.attack}`);
  }
  return lines;
}
