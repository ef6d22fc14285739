/**
 * Compiling one detection rule: its filters applied, its detection compiled once per field mapping
 * of the event selectors its logsource resolves to (the first at load time, which validates the
 * rule; the others on first use), and one indexed variant per selector.
 */
import type { Finding } from '../findings/finding.js';
import { backtrackingRegexWarning } from './backtracking-regex-warning.js';
import type { CompiledDetection, DetectionCompiler } from './compile.js';
import type { Correlator } from './correlation-link.js';
import { applyFilters } from './filter-application.js';
import type { EventSelector, LogsourceMapping } from './mapping.js';
import { necessity } from './prefilter.js';
import { requiredEventIds } from './event-id-requirement.js';
import { ruleInfo, type SigmaRuleInfo } from './rule-info.js';
import { ruleRefs } from './rule-metadata.js';
import type { Detection, DetectionRule, FilterRule } from './rule.js';
import { lazyVariants, type Variant } from './lazy-variants.js';
export type { Variant } from './lazy-variants.js';

/** A loaded detection rule, as the detector needs it. */
export interface CompiledRule {
  info: SigmaRuleInfo;
  finding: Finding['rule'];
  attack: string[];
  /** Id and name, as correlation inputs name the base rule. */
  keys: string[];
  /** Emits its own findings (false for a correlation base rule unless the correlation says generate). */
  emits: boolean;
  /** Feeds correlations. */
  correlated: boolean;
}

export interface CompilationInputs {
  compiler: DetectionCompiler;
  mapping: LogsourceMapping;
  filters: readonly FilterRule[];
  /** Filters applied to at least one rule (added to here). */
  filterUsed: Set<FilterRule>;
  /** Ids and names the correlations refer to. */
  baseRefs: ReadonlySet<string>;
  /** The load-time correlator, which says whether a base rule still emits its own findings. */
  probe: Correlator | null;
  /** Rules selected only to feed correlations (rule-selection.ts). */
  feedOnly: ReadonlySet<string>;
}

export interface CompiledRuleParts {
  rule: CompiledRule;
  variants: Variant[];
  /** The detection the variants compile: the rule's, its filters applied. */
  detection: Detection;
  /** A caveat about the rule (a regex that may backtrack), or null. */
  warning: string | null;
}

/** Throws (the rule is then unsupported) when the detection does not compile. */
export function compileDetectionRule(rule: DetectionRule, ruleIndex: number, inputs: CompilationInputs): CompiledRuleParts {
  const detection = applyFilters(rule, inputs.filters, inputs.filterUsed);
  const { selectors } = inputs.mapping.resolve(rule.logsource);
  const variants = buildVariants(detection, selectors, ruleIndex, inputs.compiler);
  const keys = ruleRefs(rule);
  const correlated = keys.some((k) => inputs.baseRefs.has(k));
  const generate = inputs.probe ? inputs.probe.generatesStandalone(keys) : true;
  const info = ruleInfo(rule, 'detection');
  const compiled: CompiledRule = {
    info,
    finding: { id: info.id, title: rule.title, level: rule.level },
    attack: info.attack,
    keys,
    emits: (!correlated || generate) && !keys.some((k) => inputs.feedOnly.has(k)),
    correlated,
  };
  return { rule: compiled, variants, detection, warning: backtrackingRegexWarning(rule.detection) };
}

/**
 * One variant per selector; selectors sharing a field mapping share one compiled detection. The
 * first selector's compile happens now and validates the rule; other field mappings compile on first use.
 */
function buildVariants(detection: Detection, selectors: readonly EventSelector[], ruleIndex: number, compiler: DetectionCompiler): Variant[] {
  const first = compiler.compile(detection, selectors[0]?.fieldmap ?? {});
  const necessities = selectors.map((s) => necessity(detection, (f) => s.fieldmap[f] ?? [f]));
  const eventIds = selectors.map((s) => requiredEventIds(detection, (f) => s.fieldmap[f] ?? [f]));
  const compiledFor = selectors[0] ? { fieldmap: selectors[0].fieldmap, compiled: first } : undefined;
  return lazyVariants(() => detection, selectors, necessities, eventIds, ruleIndex, compiler, compiledFor);
}
