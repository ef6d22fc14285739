/**
 * Loading a Sigma rule set, step by step: read the rule files (rule-files.ts), select rules
 * (rule-selection.ts), parse each document by kind, set up the correlations
 * (loaded-correlations.ts), compile the detection rules with their filters applied
 * (rule-compilation.ts), check the filters (filter-check.ts) and index the compiled variants
 * (rule-index.ts). The result creates detectors (sigma-detector.ts) and correlators.
 */
import type { Detector, Emit } from '../findings/detector.js';
import { DetectionCompiler } from './compile.js';
import { Correlator, type CorrelationInput, type CorrelationRule } from './correlation-link.js';
import { FieldSlots } from './event-view.js';
import { FieldNameAliases } from './field-name-aliases.js';
import { checkFilters } from './filter-check.js';
import { loadCorrelations } from './loaded-correlations.js';
import { mappingFromDocs, readMappingDocs } from './mapping.js';
import type { ModifierContext } from './modifiers.js';
import { missingPlaceholders } from './placeholder-needs.js';
import { compileDetectionRule, type CompiledRule } from './rule-compilation.js';
import { storeDetection } from './stored-detection.js';
import { listRuleFiles, readRuleFile, type LoadedDoc } from './rule-files.js';
import { RuleIndex } from './rule-index.js';
import { RuleError } from './rule-error.js';
import { unsupportedRule, type RuleWarning, type SigmaRuleInfo, type UnsupportedRule } from './rule-info.js';
import { parseRuleMeta, type RuleMeta } from './rule-metadata.js';
import { selectRules, type ExcludedRule, type RuleSelection } from './rule-selection.js';
import { docKind, parseDetectionRule, parseFilterRule, type DetectionRule, type FilterRule } from './rule.js';
import { SigmaDetector, type DetectorParts } from './sigma-detector.js';
import { LogsourceTable, snapshotRuleInfos, snapshotRuntime, SNAPSHOT_FORMAT, type RuleSetData, type RuleSetSnapshot, type SnapshotDetection } from './rule-set-snapshot.js';
import { RuleCache, type RuleCacheOptions } from './rule-cache.js';

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
  /** The on-disk rule cache (rule-cache.ts); none by default. */
  cache?: RuleCacheOptions;
  /** Build from this snapshot instead of reading the rules (a hunt's worker threads). */
  snapshot?: RuleSetSnapshot;
}

export interface SigmaRuleSet extends RuleSetData {
  /** The rule set as plain data (for worker threads and the cache). */
  readonly snapshot: RuleSetSnapshot;
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
      else if (kind === 'filter') {
        out.filters.push(parseFilterRule(doc, path, ctx));
      }
      else if (kind === 'correlation') out.correlations.push({ path, doc, meta: parseRuleMeta(doc, path) });
      else throw new RuleError('invalid', `not a Sigma rule: no 'detection', 'correlation' or 'filter' section`);
      out.parsed++;
    } catch (err) {
      unsupported.push(unsupportedRule(err, path, docId(doc)));
    }
  }
  return out;
}

/**
 * Loads a rule set: from `options.snapshot`, else from the cache when it holds this exact set of
 * rule files, mappings and options, else from the rule files (then written to the cache).
 */
export async function loadSigmaRules(paths: string[], options: SigmaLoadOptions = {}): Promise<SigmaRuleSet> {
  if (options.snapshot) return fromSnapshot(options.snapshot, options);
  const cache = options.cache ? new RuleCache(options.cache, paths, options) : null;
  const cached = cache?.read();
  const set = cached ? fromSnapshot(cached, options) : loadFromFiles(paths, options);
  if (cache && !cached) cache.write(set.snapshot);
  if (cache) set.skipped.push(...cache.notes);
  return set;
}

function fromSnapshot(snapshot: RuleSetSnapshot, options: SigmaLoadOptions): SigmaRuleSet {
  const { parts, correlationRules } = snapshotRuntime(snapshot, options);
  return assemble(snapshot, parts, correlationRules);
}

function loadFromFiles(paths: string[], options: SigmaLoadOptions): SigmaRuleSet {
  const skipped: string[] = [];
  const unsupported: UnsupportedRule[] = [];
  const warnings: RuleWarning[] = [];
  const { docs, total } = readAllDocs(paths, options, skipped, unsupported);
  const mappingDocs = readMappingDocs(options.mappingsDir);
  const mapping = mappingFromDocs(mappingDocs);
  const ctx: ModifierContext = { placeholders: options.placeholders ?? {} };
  const { kept, excluded, feedOnly } = options.selection ? selectRules(docs, options.selection) : { kept: docs, excluded: [], feedOnly: new Set<string>() };
  const { detections, filters, correlations, parsed } = parseDocs(kept, ctx, unsupported);
  const correlation = loadCorrelations(correlations, unsupported);

  const slots = new FieldSlots();
  const compiler = new DetectionCompiler(slots);
  const index = new RuleIndex();
  const inputs = { compiler, mapping, filters, filterUsed: new Set<FilterRule>(), baseRefs: correlation.baseRefs, probe: correlation.probe, feedOnly };
  const rules: CompiledRule[] = [];
  const snapshotDetections: SnapshotDetection[] = [];
  const logsources = new LogsourceTable();
  for (const rule of detections) {
    try {
      const parts = compileDetectionRule(rule, rules.length, inputs);
      rules.push(parts.rule);
      const { info, ...detectorFields } = parts.rule;
      snapshotDetections.push({
        logsource: logsources.add(info.logsource), necessities: parts.variants.map((v) => v.necessity),
        ...(parts.variants.some((v) => v.eventIds !== null) ? { eventIds: parts.variants.map((v) => v.eventIds) } : {}),
        part: { path: rule.path, detection: storeDetection(parts.detection), rule: detectorFields },
      });
      if (parts.warning) warnings.push({ path: rule.path, id: rule.id, reason: parts.warning });
      for (const v of parts.variants) index.add(v);
    } catch (err) {
      unsupported.push(unsupportedRule(err, rule.path, rule.id));
    }
  }
  const excludedKeys = new Set(excluded.map((e) => e.id));
  const filterInfos = checkFilters(filters, { compiler, used: inputs.filterUsed, excludedKeys, unsupported, warnings });

  const parts: DetectorParts = {
    index,
    rules,
    slotCount: slots.size,
    aliases: mapping.fieldNameAliases ? new FieldNameAliases(mapping.fieldNameAliases) : null,
    neededFields: correlation.probe?.neededFields ?? [],
  };
  const data: RuleSetData = {
    total,
    parsed,
    compiled: rules.length + filterInfos.length + correlation.rules.length,
    unsupported,
    excluded,
    missingPlaceholders: missingPlaceholders(kept, ctx.placeholders),
    skipped,
    warnings,
    rules: [...rules.map((r) => r.info), ...filterInfos, ...correlation.infos],
  };
  const snapshot: RuleSetSnapshot = {
    format: SNAPSHOT_FORMAT,
    data,
    detections: snapshotDetections,
    correlations: correlations.map(({ path, doc }) => ({ path, doc })),
    mappings: mappingDocs,
    logsources: logsources.list,
  };
  return assemble(snapshot, parts, correlation.rules);
}

/** The rule set callers see, over its data and its detector parts. */
function assemble(snapshot: RuleSetSnapshot, parts: DetectorParts, correlationRules: CorrelationRule[]): SigmaRuleSet {
  const newCorrelator = (onProblem?: (text: string) => void): Correlator | null =>
    (correlationRules.length ? new Correlator(correlationRules, { onProblem }) : null);
  return {
    ...snapshot.data,
    get rules() {
      return snapshotRuleInfos(snapshot);
    },
    skipped: [...snapshot.data.skipped],
    snapshot,
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
