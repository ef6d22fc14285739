/**
 * The correlation rules of a rule set: parsed by the correlation engine, then checked as a set by
 * one probe correlator built at load time, which also answers which base rules still emit their
 * own findings. Rules the correlator refuses as a set (a reference cycle) all become unsupported.
 */
import { Correlator, parseCorrelationRule, type CorrelationRule } from './correlation-link.js';
import type { LoadedDoc } from './rule-files.js';
import { ruleInfo, unsupportedRule, type SigmaRuleInfo, type UnsupportedRule } from './rule-info.js';
import type { RuleMeta } from './rule-metadata.js';

export interface LoadedCorrelations {
  rules: CorrelationRule[];
  infos: SigmaRuleInfo[];
  /** Ids and names of the rules the correlations refer to. */
  baseRefs: Set<string>;
  /** The load-time correlator (null without correlation rules). */
  probe: Correlator | null;
}

export function loadCorrelations(docs: ReadonlyArray<LoadedDoc & { meta: RuleMeta }>, unsupported: UnsupportedRule[]): LoadedCorrelations {
  const rules: CorrelationRule[] = [];
  const infos: SigmaRuleInfo[] = [];
  const baseRefs = new Set<string>();
  for (const { path, doc, meta } of docs) {
    try {
      const rule = parseCorrelationRule(doc, path);
      rules.push(rule);
      for (const r of rule.rules) baseRefs.add(r);
      infos.push(ruleInfo(meta, 'correlation', rule.rules));
    } catch (err) {
      unsupported.push(unsupportedRule(err, path, meta.id));
    }
  }
  if (rules.length === 0) return { rules, infos, baseRefs, probe: null };
  try {
    return { rules, infos, baseRefs, probe: new Correlator(rules) };
  } catch (err) {
    for (const r of rules) unsupported.push(unsupportedRule(err, r.path, r.id));
    return { rules: [], infos: [], baseRefs: new Set(), probe: null };
  }
}
