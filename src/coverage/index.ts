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
import { ruleNeeds, scanData } from './logsources.js';
import { covers, loadTechniques, type ActorTechnique } from './techniques.js';
import type { CoverageDetail, CoverageRow, CoverageRuleDetail } from './types.js';

export { parseTechniques, loadTechniques, covers, type ActorTechnique } from './techniques.js';
export { buildCoverageLayer } from './navigator.js';
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

export async function computeCoverageReport(options: CoverageOptions = {}): Promise<CoverageReport> {
  const techniques: ActorTechnique[] = loadTechniques(options.techniquesPath ?? DEFAULT_TECHNIQUES);
  const rulePaths = [...(options.noBuiltin ? [] : [DEFAULT_RULES]), ...(options.rulePaths ?? [])];
  if (rulePaths.length === 0) throw new Error('no rules: --no-builtin needs at least one --rules PATH');
  const set = await loadSigmaRules(rulePaths, { mappingsDir: options.mappingsDir, followSymlinks: options.followSymlinks });
  const unsupportedIds = new Set(set.unsupported.map((u) => u.id).filter((x): x is string => x !== null));
  const rules: SigmaRuleInfo[] = set.rules.filter((r) => r.kind !== 'filter' && !unsupportedIds.has(r.id));
  const needs = ruleNeeds(rules, options.mappingsDir);

  let scan: Awaited<ReturnType<typeof scanData>> | null = null;
  if (options.dataPaths && options.dataPaths.length > 0) {
    for (const p of options.dataPaths) {
      try {
        statSync(p);
      } catch (err) {
        throw new Error(`${p}: cannot read data (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    }
    const all = [...new Set([...needs.values()].flatMap((n) => n.selectors))];
    scan = await scanData(options.dataPaths, all, options.followSymlinks);
  }
  const rulePresent = (r: SigmaRuleInfo): boolean | null => {
    if (!scan) return null;
    return (needs.get(r.id)?.selectors ?? []).some((s) => scan!.present.has(s));
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
    let present: boolean | null = null;
    if (scan) present = ruleDetails.some((d) => d.present === true);
    let reason = '';
    if (matching.length === 0) reason = `no rule${t.evidence ? `; evidence: ${t.evidence}` : ''}`;
    else if (present === false) reason = `no event the rules read: ${[...new Set(ruleDetails.flatMap((d) => d.logsources))].join('; ')}`;
    return { technique: t.id, name: t.name, rules: ruleDetails.map((d) => d.id), logsources_present: present, tactics: t.tactics, ruleDetails, reason };
  });

  return {
    rows,
    rulesLoaded: rules.length,
    unsupported: set.unsupported,
    extraTechniques: extra,
    data: scan ? { events: scan.events, files: scan.files, problems: scan.problems } : null,
  };
}
