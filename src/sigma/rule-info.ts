/**
 * What a loaded rule set tells its callers about each rule (`rules list`, coverage, regression):
 * the rule's public summary, and the rules that did not load or load with a caveat.
 */
import { attackIdsFromTags, type Level } from '../findings/finding.js';
import { toRuleError, type RuleErrorKind } from './rule-error.js';
import { ruleKey, ruleRefs, type RuleMeta } from './rule-metadata.js';

/** A rule that loads and runs, but perhaps not as its author meant (one entry per rule and cause). */
export interface RuleWarning {
  path: string;
  id: string | null;
  reason: string;
}

/** A rule that did not load: `invalid` (not valid Sigma) or `unsupported` (valid Sigma cellwatch does not run); rule-error.ts. */
export interface UnsupportedRule extends RuleWarning {
  kind: RuleErrorKind;
  /** Line in the file, where known (YAML errors). */
  line?: number;
}

/** The entry for a rule that failed with `err` (any Error; see toRuleError). */
export function unsupportedRule(err: unknown, path: string, id: string | null): UnsupportedRule {
  const e = toRuleError(err, { file: path });
  const entry: UnsupportedRule = { path, id, reason: e.message, kind: e.kind };
  if (e.place.line !== undefined) entry.line = e.place.line;
  return entry;
}

export type RuleKind = 'detection' | 'correlation' | 'filter';

export interface SigmaRuleInfo {
  /** The rule's key (rule-metadata.ts: id, else name, else title). */
  id: string;
  title: string;
  level: Level;
  tags: string[];
  attack: string[];
  path: string;
  kind: RuleKind;
  logsource: Record<string, string>;
  /** How other rules (correlations, filters) may name this one: its id and its name. */
  refs: string[];
  /** A correlation's base rules (`correlation.rules`, by id or name); [] for other kinds. */
  bases: string[];
}

/** The summary of a parsed rule (a filter carries no ATT&CK techniques of its own). */
export function ruleInfo(meta: RuleMeta, kind: RuleKind, bases: string[] = []): SigmaRuleInfo {
  return {
    id: ruleKey(meta),
    title: meta.title,
    level: meta.level,
    tags: meta.tags,
    attack: kind === 'filter' ? [] : attackIdsFromTags(meta.tags),
    path: meta.path,
    kind,
    logsource: meta.logsource,
    refs: ruleRefs(meta),
    bases,
  };
}
