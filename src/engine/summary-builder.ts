/**
 * Accumulates what a hunt read and found into a HuntSummary.
 */
import { LEVELS, type Finding, type Level } from '../findings/finding.js';
import type { HuntSummary, RuleCount } from '../findings/summary.js';
import { toIso } from '../events/timestamp.js';
import type { FileScanResult } from './scan-file.js';

export const MAX_LISTED_PROBLEMS = 200;

/** A file's scan result without host evidence (merged by the hunt) and with the scope counts optional (sweep has none). */
export type ScannedInput = Omit<FileScanResult, 'hosts' | 'outsideWindow' | 'filtered'> & Partial<Pick<FileScanResult, 'outsideWindow' | 'filtered'>>;

export class SummaryBuilder {
  private readonly started = Date.now();
  /** Without the host evidence, which the hunt merges on its own. */
  private readonly inputs: ScannedInput[] = [];
  private readonly skipped: string[] = [];
  private readonly problems: string[] = [];
  private badRecords = 0;
  private findings = 0;
  private outsideValidity = 0;
  private outsideWindow = 0;
  private filtered = 0;
  private belowLevel = 0;
  private readonly byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  private readonly byRule = new Map<string, RuleCount>();

  constructor(private readonly tool: { name: string; version: string }) {}

  addInput(result: ScannedInput): void {
    const { path, format, events, bytes, problems, firstTime, lastTime } = result;
    this.outsideWindow += result.outsideWindow ?? 0;
    this.filtered += result.filtered ?? 0;
    this.inputs.push({ path, format, events, bytes, problems, firstTime, lastTime });
  }

  addSkipped(line: string): void {
    this.skipped.push(line);
  }

  addProblem(line: string): void {
    this.badRecords++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push(line);
  }

  get problemCount(): number {
    return this.badRecords;
  }

  /** Count a finding under --level, not reported. */
  addBelowLevel(): void {
    this.belowLevel++;
  }

  /** Count a reported finding (by level and by rule). */
  addFinding(f: Finding): void {
    this.findings++;
    this.byLevel[f.rule.level]++;
    if (f.intel?.indicator_valid === false) this.outsideValidity++;
    const key = `${f.detector}\u0000${f.rule.id}`;
    const seen = this.byRule.get(key);
    if (seen) seen.count++;
    else this.byRule.set(key, { id: f.rule.id, title: f.rule.title, level: f.rule.level, detector: f.detector, count: 1 });
  }

  build(rules: HuntSummary['rules']): HuntSummary {
    let first = Infinity;
    let last = -Infinity;
    let events = 0;
    for (const i of this.inputs) {
      events += i.events;
      if (i.firstTime < first) first = i.firstTime;
      if (i.lastTime > last) last = i.lastTime;
    }
    const inputs = [...this.inputs]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map(({ path, format, events: e, bytes, problems }) => ({ path, format, events: e, bytes, problems }));
    return {
      tool: this.tool,
      startedAt: new Date(this.started).toISOString(),
      elapsedMs: Date.now() - this.started,
      inputs,
      skippedInputs: this.skipped,
      events,
      badRecords: this.badRecords,
      problems: this.problems,
      firstEvent: first === Infinity ? '' : toIso(first),
      lastEvent: last === -Infinity ? '' : toIso(last),
      rules,
      findings: this.findings,
      outsideValidity: this.outsideValidity,
      outsideWindow: this.outsideWindow,
      filtered: this.filtered,
      belowLevel: this.belowLevel,
      byLevel: { ...this.byLevel },
      byRule: [...this.byRule.values()].sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : 1)),
    };
  }
}
