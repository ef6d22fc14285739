/**
 * A loaded rule set as plain data: what loading found (counts, unsupported rules, warnings, rule
 * infos), each compiled detection rule's document, metadata and prefilter necessities, and the
 * filter and correlation documents. It is what the rule cache stores (rule-cache.ts) and what a
 * hunt hands its worker threads, so neither reads YAML nor compiles a rule up front again: from a
 * snapshot, rules are parsed and compiled when an event first reaches them (lazy-variants.ts).
 */
import { DetectionCompiler } from './compile.js';
import type { CorrelationRule } from './correlation-link.js';
import { FieldSlots } from './event-view.js';
import { FieldNameAliases } from './field-name-aliases.js';
import { applyFilters } from './filter-application.js';
import { loadCorrelations } from './loaded-correlations.js';
import { loadMappings, type EventSelector } from './mapping.js';
import type { ModifierContext } from './modifiers.js';
import type { Necessity } from './prefilter.js';
import type { CompiledRule } from './rule-compilation.js';
import type { LoadedDoc } from './rule-files.js';
import { RuleIndex } from './rule-index.js';
import type { RuleWarning, SigmaRuleInfo, UnsupportedRule } from './rule-info.js';
import { parseRuleMeta } from './rule-metadata.js';
import type { ExcludedRule } from './rule-selection.js';
import { parseDetectionRule, parseFilterRule, type Detection, type FilterRule, type RawDoc } from './rule.js';
import type { DetectorParts } from './sigma-detector.js';
import { lazyVariants } from './lazy-variants.js';

/** Bumped whenever the snapshot's shape or meaning changes (old cache entries are then ignored). */
export const SNAPSHOT_FORMAT = 3; // 3: regex items give prefilter necessities (2: rule infos carry refs and bases, ...)

/** What loading a rule set found, as its callers read it. */
export interface RuleSetData {
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
}

/** The parts of a rule document that parsing and compiling a detection rule read. */
const DETECTION_KEYS = ['id', 'name', 'title', 'level', 'tags', 'logsource', 'detection'] as const;

/** A detection rule's document without what the detector never reads (description, references…). */
export function detectionDoc(doc: RawDoc): RawDoc {
  const out: RawDoc = {};
  for (const k of DETECTION_KEYS) if (k in doc) out[k] = doc[k];
  return out;
}

export interface SnapshotDetection {
  path: string;
  /** The rule's document, only the keys parsing reads (detectionDoc). */
  doc: RawDoc;
  rule: CompiledRule;
  /** Per event selector of the rule's logsource (in mapping order): the prefilter necessity. */
  necessities: Array<Necessity[] | null>;
}

export interface RuleSetSnapshot {
  format: number;
  data: RuleSetData;
  detections: SnapshotDetection[];
  /** Filter documents (applied to the rules they name when a rule is compiled). */
  filters: LoadedDoc[];
  /** Correlation documents, as the loader handed them to loadCorrelations. */
  correlations: LoadedDoc[];
}

export interface SnapshotOptions {
  placeholders?: Record<string, string[]>;
  mappingsDir?: string;
}

/** The runtime of a snapshot: detector parts whose rules compile on first use, and the correlation rules. */
export function snapshotRuntime(snapshot: RuleSetSnapshot, options: SnapshotOptions): { parts: DetectorParts; correlationRules: CorrelationRule[] } {
  const mapping = loadMappings(options.mappingsDir);
  const ctx: ModifierContext = { placeholders: options.placeholders ?? {} };
  // Problems were recorded when the snapshot was made; they are in snapshot.data already.
  const correlation = loadCorrelations(snapshot.correlations.map((d) => ({ ...d, meta: parseRuleMeta(d.doc, d.path) })), []);
  let filters: FilterRule[] | null = null;
  const parsedFilters = (): FilterRule[] => (filters ??= snapshot.filters.map((d) => parseFilterRule(d.doc, d.path, ctx)));
  const slots = new FieldSlots();
  const compiler = new DetectionCompiler(slots);
  const index = new RuleIndex();
  const rules: CompiledRule[] = [];
  // Most rules share a few logsources (process_creation on windows…): each is resolved once.
  const resolved = new Map<string, EventSelector[]>();
  const resolve = (logsource: Record<string, string>): EventSelector[] => {
    const key = JSON.stringify(logsource);
    let selectors = resolved.get(key);
    if (!selectors) resolved.set(key, (selectors = mapping.resolve(logsource).selectors));
    return selectors;
  };
  for (const d of snapshot.detections) {
    let detection: Detection | undefined;
    const parsed = (): Detection => (detection ??= applyFilters(parseDetectionRule(d.doc, d.path, ctx), parsedFilters(), new Set()));
    const selectors = resolve(d.rule.info.logsource);
    for (const v of lazyVariants(parsed, selectors, d.necessities, rules.length, compiler)) index.add(v);
    rules.push(d.rule);
  }
  return {
    parts: {
      index,
      rules,
      slotCount: slots.size,
      aliases: mapping.fieldNameAliases ? new FieldNameAliases(mapping.fieldNameAliases) : null,
      neededFields: correlation.probe?.neededFields ?? [],
    },
    correlationRules: correlation.rules,
  };
}

/**
 * The snapshot as JSON, or null when a document holds a value JSON would change (a YAML date, a
 * non-finite number): such a rule set is simply not cached.
 */
export function snapshotJson(snapshot: RuleSetSnapshot): string | null {
  try {
    return JSON.stringify(snapshot, function (this: Record<string, unknown>, key: string, value: unknown) {
      const own = this[key];
      if (own instanceof Date || own === undefined && key !== '' && Array.isArray(this) || (typeof own === 'number' && !Number.isFinite(own))) throw new Error('not plain JSON');
      return value;
    });
  } catch {
    return null;
  }
}
