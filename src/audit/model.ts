/**
 * What the audit collects: findings (one per gap, Finding contract with `defence`), input problems,
 * and the subjects each defence examined (for the scores).
 *
 * Score of a defence = round(100 × (1 − Σ weight / subjects)), where every subject examined
 * (an account, an inventory row, a web service, a log source) weighs the worst gap found on it:
 * critical/high 1, medium 0.5, low 0.2, informational 0, none 0. Subjects named `group|…` with a
 * group other than the default are scored per group and the defence takes the mean of its groups
 * (detection: log sources, and techniques when coverage ran). A defence with no subject is
 * "not assessed" (null). The overall score is the mean of the assessed defences.
 */
import type { Finding, Level } from '../findings/finding.js';
import { levelRank } from '../findings/finding.js';
import type { SourceRef } from '../events/event.js';

export type Defence = NonNullable<Finding['defence']>;
export const DEFENCES: readonly Defence[] = ['mfa', 'patching', 'detection', 'least-privilege'];

export const DEFENCE_TITLES: Record<Defence, string> = {
  mfa: 'MFA on every account',
  patching: 'Current versions of exposed systems and software',
  detection: 'Behaviour detection that would spot the breach',
  'least-privilege': 'Web services on minimum permissions',
};

export const LEVEL_WEIGHT: Record<Level, number> = { critical: 1, high: 1, medium: 0.5, low: 0.2, informational: 0 };

/** A problem with an input: a file that cannot be read (fatal) or a record that cannot (not fatal). */
export interface AuditProblem {
  path: string;
  line?: number;
  message: string;
  /** The whole file was unusable. */
  fatal: boolean;
}

export function formatProblem(p: AuditProblem): string {
  return `${p.path}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`;
}

/** Everything a check says about one gap. */
export interface Gap {
  /** Check name: the rule id is `audit:<check>`. */
  check: string;
  title: string;
  level: Level;
  defence: Defence;
  /** ATT&CK ids of the GALLIUM step the gap leaves open. */
  attack: string[];
  /** The step in words. */
  galliumStep: string;
  fix: string;
  host: string;
  source: SourceRef;
  /** The account, host or service concerned. */
  affected: string;
  /** What in the export shows the gap (human sentence). */
  evidence: string;
  /** Extra matched fields (the values seen). */
  matched?: Record<string, unknown>;
  /** ISO time of the evidence, '' when none. */
  ts?: string;
  /** Extra details for `event`. */
  details?: Record<string, unknown>;
  /** Scoring subject the gap belongs to (defaults to `affected`). */
  subject?: string;
}

export interface DefenceScore {
  defence: Defence;
  title: string;
  /** 0–100, or null when nothing was examined. */
  score: number | null;
  subjects: number;
  findings: number;
  byLevel: Record<Level, number>;
}

export interface AuditResult {
  findings: Finding[];
  problems: AuditProblem[];
  scores: DefenceScore[];
  overall: number | null;
  /** Inputs read: path, kind, records. */
  inputs: { path: string; kind: string; records: number }[];
  /** Notes on what could not be assessed and why. */
  notes: string[];
}

/** Subject-key prefixes scored as their own group (see the scoring rule above). */
export const SCORE_GROUPS = ['technique|'];

export class AuditCollector {
  readonly findings: Finding[] = [];
  readonly problems: AuditProblem[] = [];
  readonly notes: string[] = [];
  private readonly subjects = new Map<Defence, Map<string, number>>();

  constructor() {
    for (const d of DEFENCES) this.subjects.set(d, new Map());
  }

  /** Record that a subject was examined for a defence (a subject with no gap scores full marks). */
  examined(defence: Defence, subject: string): void {
    const m = this.subjects.get(defence)!;
    const key = subject.toLowerCase();
    if (!m.has(key)) m.set(key, 0);
  }

  problem(path: string, message: string, line?: number, fatal = false): void {
    this.problems.push({ path, message, line, fatal });
  }

  /** A problem of the file walk (walkFiles' onProblem): a path that could not be opened is fatal for it. */
  readonly walkProblem = (p: { path: string; where: string; reason: string }): void => {
    this.problem(p.path, p.reason, undefined, p.where === 'open');
  };

  gap(g: Gap): void {
    const subject = (g.subject ?? `${g.host}|${g.affected}`).toLowerCase();
    const m = this.subjects.get(g.defence)!;
    m.set(subject, Math.max(m.get(subject) ?? 0, LEVEL_WEIGHT[g.level]));
    this.findings.push({
      ts: g.ts ?? '',
      detector: 'audit',
      rule: { id: `audit:${g.check}`, title: g.title, level: g.level },
      attack: g.attack,
      host: g.host,
      source: g.source,
      matched: { affected: g.affected, ...(g.matched ?? {}) },
      event: {
        evidence: g.evidence,
        gallium_step: g.galliumStep,
        fix: g.fix,
        affected: g.affected,
        ...(g.details ?? {}),
      },
      defence: g.defence,
    });
  }

  scores(): { scores: DefenceScore[]; overall: number | null } {
    const scores: DefenceScore[] = DEFENCES.map((d) => {
      const m = this.subjects.get(d)!;
      const mine = this.findings.filter((f) => f.defence === d);
      const byLevel: Record<Level, number> = { informational: 0, low: 0, medium: 0, high: 0, critical: 0 };
      for (const f of mine) byLevel[f.rule.level]++;
      // Per scoring group: [weight sum, subjects].
      const groups = new Map<string, [number, number]>();
      for (const [key, w] of m) {
        const g = SCORE_GROUPS.find((p) => key.startsWith(p)) ?? '';
        const acc = groups.get(g) ?? [0, 0];
        acc[0] += w;
        acc[1] += 1;
        groups.set(g, acc);
      }
      const parts = [...groups.values()].map(([w, n]) => 1 - w / n);
      const score = parts.length === 0 ? null : Math.round((100 * parts.reduce((a, b) => a + b, 0)) / parts.length);
      return { defence: d, title: DEFENCE_TITLES[d], score, subjects: m.size, findings: mine.length, byLevel };
    });
    const assessed = scores.filter((s) => s.score !== null);
    const overall = assessed.length === 0 ? null : Math.round(assessed.reduce((a, s) => a + s.score!, 0) / assessed.length);
    return { scores, overall };
  }
}

/** Findings ordered for display: defence, then level (highest first), then rule, then evidence place. */
export function sortAuditFindings(findings: Finding[]): Finding[] {
  const order = (d: Finding['defence']): number => DEFENCES.indexOf(d ?? 'mfa');
  return [...findings].sort((a, b) =>
    order(a.defence) - order(b.defence) ||
    levelRank(b.rule.level) - levelRank(a.rule.level) ||
    (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0) ||
    (a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : 0) ||
    a.source.record - b.source.record);
}
