/**
 * Coverage of an actor's techniques: for every technique in the actor's list, the loaded Sigma
 * rules tagged with it and, when data is given, whether the log sources those rules read are
 * present in the data. No technique is left out: one without a rule is listed with rules [] and
 * the reason (the intel pack's note on which logs, if any, can show it).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { contentPath } from '../content/content-path.js';
import { loadSigmaRules, type SigmaRuleInfo } from '../sigma/index.js';
import type { ReadProblem } from '../sources/index.js';
import { ruleNeeds, scanData, type RuleNeeds } from './logsources.js';
import type { EventSelector } from '../sigma/mapping.js';
import { covers, loadTechniques, type ActorTechnique } from './techniques.js';
import type { CoverageDetail, CoverageRow, CoverageRuleDetail } from './types.js';

export { parseTechniques, loadTechniques, covers, type ActorTechnique } from './techniques.js';
export { buildCoverageLayer } from './navigator.js';
export { markPresent } from './logsources.js';
export type { CoverageDetail, CoverageRow, CoverageRuleDetail } from './types.js';

export const DEFAULT_TECHNIQUES = contentPath('intel', 'gallium-techniques.json');
export const DEFAULT_RULES = contentPath('rules', 'gallium');

export interface CoverageOptions {
  /** Extra rule files or folders, loaded with the built-in GALLIUM rules. */
  rulePaths?: string[];
  /** Leave the built-in rules out (then rulePaths is the whole rule set). */
  noBuiltin?: boolean;
  /** Log files or folders; when given, logsources_present is true/false instead of null. */
  dataPaths?: string[];
  /** Technique list (default content/intel/gallium-techniques.json). */
  techniquesPath?: string;
  mappingsDir?: string;
  /** Follow symlinks that lead out of the given rule and data folders. */
  followSymlinks?: boolean;
}

export interface CoverageReport {
  rows: CoverageDetail[];
  rulesLoaded: number;
  unsupported: Array<{ path: string; id: string | null; reason: string }>;
  /** Rule techniques outside the actor's list (extra coverage), with their rule ids. */
  extraTechniques: Map<string, string[]>;
  data: { events: number; files: number; problems: ReadProblem[] } | null;
}

/** Rows only, in the public shape, for callers that need no detail (the audit reuses this). */
export async function computeCoverage(options: CoverageOptions = {}): Promise<CoverageRow[]> {
  const report = await computeCoverageReport(options);
  return report.rows.map(({ technique, name, rules, logsources_present }) => ({ technique, name, rules, logsources_present }));
}

/** The rule side of coverage: techniques, the loaded rules and what each reads. */
export interface CoverageRules {
  techniques: ActorTechnique[];
  rules: SigmaRuleInfo[];
  needs: Map<string, RuleNeeds>;
  unsupported: CoverageReport['unsupported'];
  /** Every selector some rule reads (what a data scan looks for). */
  selectors: EventSelector[];
}

export async function loadCoverageRules(options: CoverageOptions = {}): Promise<CoverageRules> {
  const techniques: ActorTechnique[] = loadTechniques(options.techniquesPath ?? DEFAULT_TECHNIQUES);
  const rulePaths = [...(options.noBuiltin ? [] : [DEFAULT_RULES]), ...(options.rulePaths ?? [])];
  if (rulePaths.length === 0) throw new Error('no rules: --no-builtin needs at least one --rules PATH');
  const set = await loadSigmaRules(rulePaths, { mappingsDir: options.mappingsDir, followSymlinks: options.followSymlinks });
  const unsupportedIds = new Set(set.unsupported.map((u) => u.id).filter((x): x is string => x !== null));
  const rules: SigmaRuleInfo[] = set.rules.filter((r) => r.kind !== 'filter' && !unsupportedIds.has(r.id));
  const needs = ruleNeeds(rules, options.mappingsDir);
  const selectors = [...new Set([...needs.values()].flatMap((n) => n.selectors))];
  return { techniques, rules, needs, unsupported: set.unsupported, selectors };
}

export async function computeCoverageReport(options: CoverageOptions = {}): Promise<CoverageReport> {
  const loaded = await loadCoverageRules(options);
  let scan: Awaited<ReturnType<typeof scanData>> | null = null;
  if (options.dataPaths && options.dataPaths.length > 0) {
    for (const p of options.dataPaths) {
      try {
        statSync(p);
      } catch (err) {
        throw new Error(`${p}: cannot read data (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    }
    scan = await scanData(options.dataPaths, loaded.selectors, options.followSymlinks);
  }
  const report = coverageFrom(loaded, scan ? scan.present : null);
  return { ...report, data: scan ? { events: scan.events, files: scan.files, problems: scan.problems } : null };
}

/**
 * Coverage rows from the loaded rules and the selectors some data holds events of (`present`;
 * null when no data was looked at). `serve` gives the selectors its event log holds.
 */
export function coverageFrom(loaded: CoverageRules, present: ReadonlySet<EventSelector> | null): Omit<CoverageReport, 'data'> {
  const { techniques, rules, needs } = loaded;
  const rulePresent = (r: SigmaRuleInfo): boolean | null => {
    if (!present) return null;
    return (needs.get(r.id)?.selectors ?? []).some((s) => present.has(s));
  };

  const listed = new Set(techniques.map((t) => t.id));
  const extra = new Map<string, string[]>();
  for (const r of rules) {
    for (const a of r.attack) {
      if ([...listed].some((t) => covers(a, t))) continue;
      extra.set(a, [...(extra.get(a) ?? []), r.id]);
    }
  }

  const rows: CoverageDetail[] = techniques.map((t) => {
    const matching = rules
      .filter((r) => r.attack.some((a) => covers(a, t.id)))
      .sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
    const ruleDetails: CoverageRuleDetail[] = matching.map((r) => ({
      id: r.id, title: r.title, level: r.level, kind: r.kind, logsources: needs.get(r.id)?.labels ?? [], present: rulePresent(r),
    }));
    let shown: boolean | null = null;
    if (present) shown = ruleDetails.some((d) => d.present === true);
    let reason = '';
    if (matching.length === 0) reason = `no rule${t.evidence ? `; evidence: ${t.evidence}` : ''}`;
    else if (shown === false) reason = `no event the rules read: ${[...new Set(ruleDetails.flatMap((d) => d.logsources))].join('; ')}`;
    return { technique: t.id, name: t.name, rules: ruleDetails.map((d) => d.id), logsources_present: shown, tactics: t.tactics, ruleDetails, reason };
  });

  return { rows, rulesLoaded: rules.length, unsupported: loaded.unsupported, extraTechniques: extra };
}
