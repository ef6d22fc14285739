/**
 * Sigma correlation rules: parse them (`parseCorrelationRule`) and evaluate them over the base-rule
 * matches of a hunt (`Correlator`). See correlator.ts for the evaluation semantics.
 */
export {
  parseCorrelationRule, parseTimespan, parseRuleExpression, describeCondition, isTemporalType,
  CORRELATION_TYPES, THRESHOLD_OPS,
} from './correlation-rule.js';
export type {
  CorrelationRule, CorrelationType, CorrelationCondition, ThresholdCondition, ExpressionCondition,
  ThresholdOp, RuleExpr,
} from './correlation-rule.js';
export { Correlator } from './correlator.js';
export type { CorrelationInput, CorrelatorOptions, CorrelatorStats } from './correlator-types.js';
export { percentileOf } from './window.js';
