/**
 * Compiling one detection rule: its filters applied, its detection compiled once per field mapping
 * of the event selectors its logsource resolves to (the first at load time, which validates the
 * rule; the others on first use), and one indexed variant per selector.
 */
import type { Finding } from '../findings/finding.js';
import { backtrackingRegexWarning } from './backtracking-regex-warning.js';
import type { CompiledDetection, DetectionCompiler } from './compile.js';
import type { Correlator } from './correlation-link.js';
import type { EventView } from './event-view.js';
import { applyFilters } from './filter-application.js';
import type { EventSelector, LogsourceMapping } from './mapping.js';
import { necessity } from './prefilter.js';
import { selectorGuard } from './event-selector-match.js';
import type { IndexedVariant } from './rule-index.js';
import { ruleInfo, type SigmaRuleInfo } from './rule-info.js';
import { ruleRefs } from './rule-metadata.js';
import type { Detection, DetectionRule, FilterRule } from './rule.js';

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

/** A rule reached through one event selector. */
export interface Variant extends IndexedVariant {
  compiled: () => CompiledDetection;
  fieldmap: Record<string, string[]>;
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
  return { rule: compiled, variants, warning: backtrackingRegexWarning(rule.detection) };
}

/** One variant per selector; selectors sharing a field mapping share one compiled detection. */
function buildVariants(detection: Detection, selectors: readonly EventSelector[], ruleIndex: number, compiler: DetectionCompiler): Variant[] {
  // The first selector's compile validates the rule; other field mappings compile on first use.
  const first = compiler.compile(detection, selectors[0]?.fieldmap ?? {});
  const byFieldmap = new Map<Record<string, string[]>, () => CompiledDetection>();
  if (selectors[0]) byFieldmap.set(selectors[0].fieldmap, () => first);
  const variants: Variant[] = [];
  for (const selector of selectors) {
    let get = byFieldmap.get(selector.fieldmap);
    if (!get) {
      let lazy: CompiledDetection | undefined;
      const fm = selector.fieldmap;
      get = () => (lazy ??= compiler.compile(detection, fm));
      byFieldmap.set(fm, get);
    }
    const guard = selectorGuard(selector);
    const compiled = get;
    const test = guard ? (v: EventView): boolean => guard(v) && compiled().test(v) : get === byFieldmap.get(selectors[0]!.fieldmap) ? first.test : (v: EventView): boolean => compiled().test(v);
    const fm = selector.fieldmap;
    variants.push({ ruleIndex, selector, test, compiled, fieldmap: fm, necessity: necessity(detection, (f) => fm[f] ?? [f]) });
  }
  return variants;
}
