/**
 * Public API of the Sigma engine (see ruleSet.ts): load rule files and folders into a compiled,
 * indexed rule set that creates detectors and correlators.
 */
export { loadSigmaRules, listRuleFiles } from './ruleSet.js';
export type { SigmaLoadOptions, SigmaRuleInfo, SigmaRuleSet, UnsupportedRule, RuleWarning } from './ruleSet.js';
export type { CorrelationInput } from './correlationLink.js';
export type { Level } from '../findings/finding.js';
export { DEFAULT_EXCLUDED_STATUSES } from './rule-selection.js';
export type { ExcludedRule, RuleSelection } from './rule-selection.js';
