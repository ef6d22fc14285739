/**
 * What a loaded rule set tells its callers about each rule (`rules list`, coverage, regression):
 * the rule's public summary, and the rules that did not load or load with a caveat.
 */
import { attackIdsFromTags, type Level } from '../findings/finding.js';
import { ruleKey, type RuleMeta } from './rule-metadata.js';

export interface UnsupportedRule {
  path: string;
  id: string | null;
  reason: string;
}

/** A rule that loads and runs, but perhaps not as its author meant (one entry per rule and cause). */
export type RuleWarning = UnsupportedRule;

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
}

/** The summary of a parsed rule (a filter carries no ATT&CK techniques of its own). */
export function ruleInfo(meta: RuleMeta, kind: RuleKind): SigmaRuleInfo {
  return {
    id: ruleKey(meta),
    title: meta.title,
    level: meta.level,
    tags: meta.tags,
    attack: kind === 'filter' ? [] : attackIdsFromTags(meta.tags),
    path: meta.path,
    kind,
    logsource: meta.logsource,
  };
}
