/**
 * Public API of the Sigma engine (see rule-set.ts): load rule files and folders into a compiled,
 * indexed rule set that creates detectors and correlators.
 */
export { loadSigmaRules, listRuleFiles } from './rule-set.js';
export type { SigmaLoadOptions, SigmaRuleInfo, SigmaRuleSet, UnsupportedRule, RuleWarning } from './rule-set.js';
export type { CorrelationInput } from './correlation-link.js';
export type { Level } from '../findings/finding.js';
export { DEFAULT_EXCLUDED_STATUSES } from './rule-selection.js';
export type { ExcludedRule, RuleSelection } from './rule-selection.js';
