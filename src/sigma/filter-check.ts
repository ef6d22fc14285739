/**
 * After the detection rules are compiled, each filter rule is checked: its own detection compiles,
 * it applied to at least one loaded rule (else it is reported: a filter that filters nothing is a
 * mistake, unless the rules it names were selected away), and warnings for filters that negate
 * nothing or use a regex that may backtrack.
 */
import { backtrackingRegexWarning } from './backtracking-regex-warning.js';
import type { DetectionCompiler } from './compile.js';
import { filterTargets, filterWithoutNegation } from './filter-application.js';
import { RuleError } from './rule-error.js';
import { ruleInfo, unsupportedRule, type RuleWarning, type SigmaRuleInfo, type UnsupportedRule } from './rule-info.js';
import type { FilterRule } from './rule.js';

export interface FilterCheckInputs {
  compiler: DetectionCompiler;
  /** Filters applied to at least one rule. */
  used: ReadonlySet<FilterRule>;
  /** Keys of the rules the selection left out. */
  excludedKeys: ReadonlySet<string | null>;
  unsupported: UnsupportedRule[];
  warnings: RuleWarning[];
}

/** The summaries of the filters that loaded; the others go to `unsupported`. */
export function checkFilters(filters: readonly FilterRule[], inputs: FilterCheckInputs): SigmaRuleInfo[] {
  const infos: SigmaRuleInfo[] = [];
  for (const f of filters) {
    try {
      inputs.compiler.compile(f.detection, {});
    } catch (err) {
      inputs.unsupported.push(unsupportedRule(err, f.path, f.id));
      continue;
    }
    if (!inputs.used.has(f)) {
      if (f.targets !== 'any' && f.targets.every((t) => inputs.excludedKeys.has(t))) continue; // its rules were selected away
      const unused = new RuleError('invalid', `filter names no loaded rule with a matching logsource (${filterTargets(f)})`);
      inputs.unsupported.push(unsupportedRule(unused, f.path, f.id));
      continue;
    }
    for (const warning of [filterWithoutNegation(f), backtrackingRegexWarning(f.detection)]) {
      if (warning) inputs.warnings.push({ path: f.path, id: f.id, reason: warning });
    }
    infos.push(ruleInfo(f, 'filter'));
  }
  return infos;
}
