/**
 * Why a rule (or a regression case) cannot be used, as a small hierarchy instead of message text:
 *
 * - `RuleError`, kind `invalid`: not valid Sigma (missing title, unknown modifier syntax, a condition
 *   naming no identifier, YAML that does not parse, a file that cannot be read).
 * - `RuleError`, kind `unsupported`: valid Sigma that cellwatch does not run (Sigma 1 aggregations
 *   after `|`, regex flag x, a regex that would backtrack for exponential time, limits).
 * - `RegressionCaseError`: a regression case (info.yml) that is invalid, or lists no tests (`empty`,
 *   which the runner skips rather than fails).
 *
 * Each carries its place (file, line where known). Parsers may throw a plain Error: the loader
 * reads any other Error as `invalid` (toRuleError).
 */

export interface SourcePlace {
  file?: string;
  /** 1-based line, where known. */
  line?: number;
}

export class SigmaError extends Error {
  constructor(message: string, readonly place: SourcePlace = {}) {
    super(message);
  }
}

export type RuleErrorKind = 'invalid' | 'unsupported';

export class RuleError extends SigmaError {
  override readonly name = 'RuleError';
  constructor(readonly kind: RuleErrorKind, message: string, place: SourcePlace = {}) {
    super(message, place);
  }
}

export type RegressionCaseErrorKind = 'invalid' | 'empty';

export class RegressionCaseError extends SigmaError {
  override readonly name = 'RegressionCaseError';
  constructor(readonly kind: RegressionCaseErrorKind, message: string, place: SourcePlace = {}) {
    super(message, place);
  }
}

/** Valid Sigma that cellwatch does not run. */
export function unsupportedFeature(message: string, place?: SourcePlace): RuleError {
  return new RuleError('unsupported', message, place);
}

/** Any thrown value as a RuleError: a RuleError keeps its kind (and gains the place it lacks); anything else is `invalid`. */
export function toRuleError(err: unknown, place: SourcePlace = {}): RuleError {
  if (err instanceof RuleError) return new RuleError(err.kind, err.message, { ...place, ...err.place });
  return new RuleError('invalid', err instanceof Error ? err.message : String(err), place);
}
