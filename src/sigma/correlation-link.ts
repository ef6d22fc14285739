/**
 * The link to the correlation engine (src/sigma/correlation/): the parts of it the rule set uses.
 */
export { Correlator, parseCorrelationRule } from './correlation/index.js';
export type { CorrelationInput, CorrelationRule } from './correlation/index.js';
