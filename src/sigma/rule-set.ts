/**
 * Loading a Sigma rule set, step by step: read the rule files (rule-files.ts), select rules
 * (rule-selection.ts), parse each document by kind, set up the correlations
 * (loaded-correlations.ts), compile the detection rules with their filters applied
 * (rule-compilation.ts), check the filters (filter-check.ts) and index the compiled variants
 * (rule-index.ts). The result creates detectors (sigma-detector.ts) and correlators.
 */
import type { Detector, Emit } from '../findings/detector.js';
import { DetectionCompiler } from './compile.js';
import { Correlator, type CorrelationInput } from './correlation-link.js';
import { FieldSlots } from './event-view.js';
import { FieldNameAliases } from './field-name-aliases.js';
import { checkFilters } from './filter-check.js';
import { loadCorrelations } from './loaded-correlations.js';
import { loadMappings } from './mapping.js';
import type { ModifierContext } from './modifiers.js';
import { missingPlaceholders } from './placeholder-needs.js';
import { compileDetectionRule, type CompiledRule } from './rule-compilation.js';
import { listRuleFiles, readRuleFile, type LoadedDoc } from './rule-files.js';
import { RuleIndex } from './rule-index.js';
import { RuleError } from './rule-error.js';
import { unsupportedRule, type RuleWarning, type SigmaRuleInfo, type UnsupportedRule } from './rule-info.js';
import { parseRuleMeta, type RuleMeta } from './rule-metadata.js';
import { selectRules, type ExcludedRule, type RuleSelection } from './rule-selection.js';
import { docKind, parseDetectionRule, parseFilterRule, type DetectionRule, type FilterRule } from './rule.js';
import { SigmaDetector } from './sigma-detector.js';

export { listRuleFiles } from './rule-files.js';
export type { RuleWarning, SigmaRuleInfo, UnsupportedRule } from './rule-info.js';

export interface SigmaLoadOptions {
  /** Values for `expand` placeholders (`%name%` → values); a placeholder without values matches nothing. */
  placeholders?: Record<string, string[]>;
  /** Folder of logsource mapping YAML files (default: the shipped content/mappings). */
  mappingsDir?: string;
  /** Follow symlinks that lead out of the given rule folders. */
  followSymlinks?: boolean;
  /** Files or folders of Sigma filter rules (hunt --filters); other documents in them are reported, not loaded. */
  filterPaths?: string[];
  /** Which detection and correlation rules to load (rule-selection.ts; default: every rule). */
  selection?: RuleSelection;
}

export interface SigmaRuleSet {
  total: number;
  parsed: number;
  compiled: number;
  unsupported: UnsupportedRule[];
  /** Rules left out by the selection (rule-selection.ts), each with the reason. */
  excluded: ExcludedRule[];
  /** Placeholder name → number of loaded rules that use it with no value given (they match nothing there). */
  missingPlaceholders: Record<string, number>;
  /** Paths the walk of the rule folders skipped (loops, special files, symlinks out): `path:where: reason`. */
  skipped: string[];
  warnings: RuleWarning[];
  rules: readonly SigmaRuleInfo[];
  /** One detector; correlation 'inline' runs correlations inside it; 'external' sends correlation inputs to onCorrelationInput. */
  createDetector(options?: {
    correlation?: 'inline' | 'external';
    onCorrelationInput?: (input: CorrelationInput) => void;
    /** Correlation inputs dropped or unplaceable (inline mode), one line each; default: stderr warning. */
    onProblem?: (text: string) => void;
  }): Detector;
  createCorrelator(onProblem?: (text: string) => void): { feed(input: CorrelationInput): void; finish(emit: Emit): void };
}

/** The id a raw document names, for reports about a document that did not parse. */
const docId = (doc: Record<string, unknown>): string | null => (typeof doc.id === 'string' ? doc.id : null);

/** The documents of the rule and filter paths; filter paths hold filters only. */
function readAllDocs(paths: string[], options: SigmaLoadOptions, skipped: string[], unsupported: UnsupportedRule[]): { docs: LoadedDoc[]; total: number } {
  const docs: LoadedDoc[] = [];
  let total = 0;
  for (const file of listRuleFiles(paths, (line) => skipped.push(line), options.followSymlinks)) {
    const read = readRuleFile(file, unsupported);
    total += read.failed + read.docs.length;
    docs.push(...read.docs);
  }
  for (const file of listRuleFiles(options.filterPaths ?? [], (line) => skipped.push(line), options.followSymlinks)) {
    const read = readRuleFile(file, unsupported);
    total += read.failed + read.docs.length;
    for (const d of read.docs) {
      if (docKind(d.doc) === 'filter') docs.push(d);
      else unsupported.push(unsupportedRule(new RuleError('invalid', 'not a Sigma filter (given with --filters; rules go with --rules)'), d.path, docId(d.doc)));
    }
  }
  return { docs, total };
}

interface ParsedDocs {
  detections: DetectionRule[];
  filters: FilterRule[];
  correlations: Array<LoadedDoc & { meta: RuleMeta }>;
  parsed: number;
}

/** Each selected document parsed by its kind; a document that does not parse goes to `unsupported`. */
function parseDocs(docs: readonly LoadedDoc[], ctx: ModifierContext, unsupported: UnsupportedRule[]): ParsedDocs {
  const out: ParsedDocs = { detections: [], filters: [], correlations: [], parsed: 0 };
  for (const { path, doc } of docs) {
    try {
      const kind = docKind(doc);
      if (kind === 'detection') out.detections.push(parseDetectionRule(doc, path, ctx));
      else if (kind === 'filter') out.filters.push(parseFilterRule(doc, path, ctx));
      else if (kind === 'correlation') out.correlations.push({ path, doc, meta: parseRuleMeta(doc, path) });
      else throw new RuleError('invalid', `not a Sigma rule: no 'detection', 'correlation' or 'filter' section`);
      out.parsed++;
    } catch (err) {
      unsupported.push(unsupportedRule(err, path, docId(doc)));
    }
  }
  return out;
}

export async function loadSigmaRules(paths: string[], options: SigmaLoadOptions = {}): Promise<SigmaRuleSet> {
  const skipped: string[] = [];
  const unsupported: UnsupportedRule[] = [];
  const warnings: RuleWarning[] = [];
  const { docs, total } = readAllDocs(paths, options, skipped, unsupported);
  const mapping = loadMappings(options.mappingsDir);
  const ctx: ModifierContext = { placeholders: options.placeholders ?? {} };
  const { kept, excluded, feedOnly } = options.selection ? selectRules(docs, options.selection) : { kept: docs, excluded: [], feedOnly: new Set<string>() };
  const { detections, filters, correlations, parsed } = parseDocs(kept, ctx, unsupported);
  const correlation = loadCorrelations(correlations, unsupported);

  const slots = new FieldSlots();
  const compiler = new DetectionCompiler(slots);
  const index = new RuleIndex(slots);
  const inputs = { compiler, mapping, filters, filterUsed: new Set<FilterRule>(), baseRefs: correlation.baseRefs, probe: correlation.probe, feedOnly };
  const rules: CompiledRule[] = [];
  for (const rule of detections) {
    try {
      const parts = compileDetectionRule(rule, rules.length, inputs);
      rules.push(parts.rule);
      if (parts.warning) warnings.push({ path: rule.path, id: rule.id, reason: parts.warning });
      for (const v of parts.variants) index.add(v);
    } catch (err) {
      unsupported.push(unsupportedRule(err, rule.path, rule.id));
    }
  }
  const excludedKeys = new Set(excluded.map((e) => e.id));
  const filterInfos = checkFilters(filters, { compiler, used: inputs.filterUsed, excludedKeys, unsupported, warnings });

  const correlationRules = correlation.rules;
  const newCorrelator = (onProblem?: (text: string) => void): Correlator | null =>
    (correlationRules.length ? new Correlator(correlationRules, { onProblem }) : null);
  const parts = {
    index,
    rules,
    slotCount: slots.size,
    aliases: mapping.fieldNameAliases ? new FieldNameAliases(mapping.fieldNameAliases) : null,
    neededFields: correlation.probe?.neededFields ?? [],
  };
  return {
    total,
    parsed,
    compiled: rules.length + filterInfos.length + correlationRules.length,
    unsupported,
    excluded,
    missingPlaceholders: missingPlaceholders(kept, ctx.placeholders),
    skipped,
    warnings,
    rules: [...rules.map((r) => r.info), ...filterInfos, ...correlation.infos],
    createCorrelator(onProblem) {
      return newCorrelator(onProblem) ?? { feed() {}, finish() {} };
    },
    createDetector(opts = {}) {
      const mode = opts.correlation ?? 'inline';
      return new SigmaDetector(parts, {
        correlator: mode === 'inline' ? newCorrelator(opts.onProblem) : null,
        onInput: mode === 'external' ? opts.onCorrelationInput : undefined,
      });
    },
  };
}
