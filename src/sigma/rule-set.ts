/**
 * Loading a Sigma rule set: walk files and folders, parse multi-document YAML, build the rule
 * models, apply filter rules to the rules they name, compile every detection rule once per event
 * selector of its logsource, and index the compiled variants.
 */
import { existsSync, readFileSync } from 'node:fs';
import { listFiles } from '../sources/walk-files.js';
import { parseAllDocuments } from 'yaml';
import type { HuntEvent } from '../events/event.js';
import { eventHost } from '../events/host.js';
import { toIso } from '../events/timestamp.js';
import type { Detector, Emit } from '../findings/detector.js';
import { attackIdsFromTags, type Finding, type Level } from '../findings/finding.js';
import { DetectionCompiler, type CompiledDetection } from './compile.js';
import { Correlator, parseCorrelationRule, type CorrelationInput, type CorrelationRule } from './correlation-link.js';
import { EventView, FieldSlots } from './event-view.js';
import { parseSigmaYaml } from './fast-yaml.js';
import { FieldNameAliases } from './field-name-aliases.js';
import { backtrackingRegexWarning } from './backtracking-regex-warning.js';
import { applyFilter, filtersOf, filterTargets, filterWithoutNegation } from './filter-application.js';
import { loadMappings } from './mapping.js';
import type { ModifierContext } from './modifiers.js';
import { docKind, parseDetectionRule, parseFilterRule, ruleMeta, type Detection, type DetectionRule, type FilterRule, type RawDoc } from './rule.js';
import { necessity } from './prefilter.js';
import { RuleIndex, selectorGuard, type IndexedVariant } from './rule-index.js';
import { selectRules, type ExcludedRule, type RuleSelection } from './rule-selection.js';
import { missingPlaceholders } from './placeholder-needs.js';

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

export interface UnsupportedRule {
  path: string;
  id: string | null;
  reason: string;
}

/** A rule that loads and runs, but perhaps not as its author meant (one entry per rule and cause). */
export type RuleWarning = UnsupportedRule;

export interface SigmaRuleInfo {
  id: string;
  title: string;
  level: Level;
  tags: string[];
  attack: string[];
  path: string;
  kind: 'detection' | 'correlation' | 'filter';
  logsource: Record<string, string>;
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

interface CompiledRule {
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

interface Variant extends IndexedVariant {
  compiled: () => CompiledDetection;
  fieldmap: Record<string, string[]>;
}

/**
 * Every *.yml / *.yaml under the given files and folders (the one walker, src/sources/walk-files):
 * a missing path throws; loops, special files and symlinks out of the folders go to onProblem.
 */
export function listRuleFiles(paths: readonly string[], onProblem: (line: string) => void = () => {}, followSymlinks = false): string[] {
  for (const p of paths) if (!existsSync(p)) throw new Error(`${p}: no such file or folder`);
  return listFiles(paths, { accept: isRuleFile, followSymlinks, onProblem: (x) => onProblem(`${x.path}:${x.where}: ${x.reason}`) });
}

const isRuleFile = (name: string): boolean => /\.ya?ml$/i.test(name);
/** Alias resolutions the `yaml` library may make per document (its resource-exhaustion guard). */
const MAX_ALIAS_COUNT = 1000;

interface LoadedDoc {
  path: string;
  doc: RawDoc;
}

/** Parse every YAML document of a file; legacy `action: global` documents are merged into the rest. */
function readDocs(file: string, unsupported: UnsupportedRule[]): { docs: LoadedDoc[]; failed: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    unsupported.push({ path: file, id: null, reason: `cannot read: ${(err as Error).message}` });
    return { docs: [], failed: 1 };
  }
  const docs: LoadedDoc[] = [];
  let failed = 0;
  let global: RawDoc | null = null;
  // The fast subset reader handles SigmaHQ-style files; anything else goes through the full parser.
  const values: unknown[] = parseSigmaYaml(text) ?? [];
  if (values.length === 0) {
    for (const d of parseAllDocuments(text)) {
      if (d.errors.length) {
        const e = d.errors[0]!;
        const line = e.linePos?.[0]?.line;
        unsupported.push({ path: file, id: null, reason: `YAML${line ? ` line ${line}` : ''}: ${e.message.split('\n')[0]}` });
        failed++;
        continue;
      }
      try {
        // Alias expansion is bounded: an alias bomb (or an alias to no anchor) makes this document unsupported.
        values.push(d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
      } catch (err) {
        unsupported.push({ path: file, id: null, reason: `YAML: ${(err as Error).message.split('\n')[0]}` });
        failed++;
      }
    }
  }
  for (const js of values) {
    if (js === null || js === undefined) continue;
    if (typeof js !== 'object' || Array.isArray(js)) {
      unsupported.push({ path: file, id: null, reason: 'document is not a map' });
      failed++;
      continue;
    }
    const doc = js as RawDoc;
    if (doc.action === 'global') {
      global = { ...doc };
      delete global.action;
      continue;
    }
    if (doc.action === 'reset') {
      global = null;
      continue;
    }
    docs.push({ path: file, doc: global ? mergeDocs(global, doc) : doc });
  }
  return { docs, failed };
}

function mergeDocs(base: RawDoc, over: RawDoc): RawDoc {
  const out: RawDoc = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v)) out[k] = mergeDocs(b as RawDoc, v as RawDoc);
    else out[k] = v;
  }
  delete out.action;
  return out;
}

export async function loadSigmaRules(paths: string[], options: SigmaLoadOptions = {}): Promise<SigmaRuleSet> {
  const skipped: string[] = [];
  const files = listRuleFiles(paths, (line) => skipped.push(line), options.followSymlinks);
  const mapping = loadMappings(options.mappingsDir);
  const ctx: ModifierContext = { placeholders: options.placeholders ?? {} };
  const unsupported: UnsupportedRule[] = [];
  const warnings: RuleWarning[] = [];
  let total = 0;
  let parsed = 0;
  let compiledCount = 0;

  const detections: DetectionRule[] = [];
  const filters: FilterRule[] = [];
  const correlationDocs: LoadedDoc[] = [];
  const allDocs: LoadedDoc[] = [];
  for (const file of files) {
    const { docs, failed } = readDocs(file, unsupported);
    total += failed + docs.length;
    allDocs.push(...docs);
  }
  for (const file of listRuleFiles(options.filterPaths ?? [], (line) => skipped.push(line), options.followSymlinks)) {
    const { docs, failed } = readDocs(file, unsupported);
    total += failed + docs.length;
    for (const d of docs) {
      if (docKind(d.doc) === 'filter') allDocs.push(d);
      else unsupported.push({ path: d.path, id: typeof d.doc.id === 'string' ? d.doc.id : null, reason: 'not a Sigma filter (given with --filters; rules go with --rules)' });
    }
  }
  const { kept, excluded, feedOnly } = options.selection ? selectRules(allDocs, options.selection) : { kept: allDocs, excluded: [], feedOnly: new Set<string>() };
  const excludedKeys = new Set(excluded.map((e) => e.id));
  { // the selected documents, parsed by kind
    for (const { path: p, doc } of kept) {
      const id = typeof doc.id === 'string' ? doc.id : null;
      const kind = docKind(doc);
      try {
        if (kind === 'detection') detections.push(parseDetectionRule(doc, p, ctx));
        else if (kind === 'filter') filters.push(parseFilterRule(doc, p, ctx));
        else if (kind === 'correlation') {
          ruleMeta(doc, p);
          correlationDocs.push({ path: p, doc });
        } else throw new Error(`not a Sigma rule: no 'detection', 'correlation' or 'filter' section`);
        parsed++;
      } catch (err) {
        unsupported.push({ path: p, id, reason: (err as Error).message });
      }
    }
  }

  // Correlation rules: parsed by the correlation engine; their base rules feed it.
  const correlationRules: CorrelationRule[] = [];
  const correlationInfos: SigmaRuleInfo[] = [];
  const baseRefs = new Set<string>(); // ids and names correlations refer to
  for (const { path: p, doc } of correlationDocs) {
    const meta = ruleMeta(doc, p);
    try {
      const rule = parseCorrelationRule(doc, p);
      correlationRules.push(rule);
      for (const r of rule.rules) baseRefs.add(r);
      compiledCount++;
      correlationInfos.push({ id: rule.id, title: rule.title, level: rule.level, tags: rule.tags, attack: attackIdsFromTags(rule.tags), path: p, kind: 'correlation', logsource: meta.logsource });
    } catch (err) {
      unsupported.push({ path: p, id: meta.id, reason: (err as Error).message });
    }
  }
  // One correlator built at load time answers which base rules still emit their own findings.
  // Rules the correlator refuses as a set (a reference cycle) all become unsupported.
  let probe: Correlator | null = null;
  if (correlationRules.length) {
    try {
      probe = new Correlator(correlationRules);
    } catch (err) {
      for (const r of correlationRules) unsupported.push({ path: r.path, id: r.id, reason: (err as Error).message });
      compiledCount -= correlationRules.length;
      correlationRules.length = 0;
      baseRefs.clear();
      correlationInfos.length = 0;
    }
  }

  // Filters: `(rule) and (filter)` on every rule they name, as pySigma applies them.
  const filterUsed = new Set<FilterRule>();

  const slots = new FieldSlots();
  const compiler = new DetectionCompiler(slots);
  const index = new RuleIndex(slots);
  const rules: CompiledRule[] = [];
  const infos: SigmaRuleInfo[] = [];
  const variants: Variant[] = [];
  for (const rule of detections) {
    try {
      let detection = rule.detection;
      let n = 0;
      for (const f of filtersOf(rule, filters)) {
        detection = applyFilter(detection, f.detection, n++);
        filterUsed.add(f);
      }
      const { selectors } = mapping.resolve(rule.logsource);
      // The first selector's compile validates the rule; other field mappings compile on first use.
      const first = compiler.compile(detection, selectors[0]?.fieldmap ?? {});
      const byFieldmap = new Map<Record<string, string[]>, () => CompiledDetection>();
      if (selectors[0]) byFieldmap.set(selectors[0].fieldmap, () => first);
      const ruleVariants: Variant[] = [];
      const ruleIndex = rules.length;
      for (const selector of selectors) {
        let get = byFieldmap.get(selector.fieldmap);
        if (!get) {
          let lazy: CompiledDetection | undefined;
          const fm = selector.fieldmap;
          const det = detection;
          get = () => (lazy ??= compiler.compile(det, fm));
          byFieldmap.set(fm, get);
        }
        const guard = selectorGuard(selector);
        const compiled = get;
        const test = guard ? (v: EventView): boolean => guard(v) && compiled().test(v) : get === byFieldmap.get(selectors[0]!.fieldmap) ? first.test : (v: EventView): boolean => compiled().test(v);
        const fm = selector.fieldmap;
        ruleVariants.push({ ruleIndex, selector, test, compiled, fieldmap: fm, necessity: necessity(detection, (f) => fm[f] ?? [f]) });
      }
      const keys = [rule.id, rule.name].filter((k): k is string => !!k);
      const correlated = keys.some((k) => baseRefs.has(k));
      const generate = probe ? probe.generatesStandalone(keys) : true;
      const info: SigmaRuleInfo = { id: rule.id ?? rule.name ?? rule.path, title: rule.title, level: rule.level, tags: rule.tags, attack: attackIdsFromTags(rule.tags), path: rule.path, kind: 'detection', logsource: rule.logsource };
      rules.push({ info, finding: { id: info.id, title: rule.title, level: rule.level }, attack: info.attack, keys, emits: (!correlated || generate) && !keys.some((k) => feedOnly.has(k)), correlated });
      infos.push(info);
      const regexWarning = backtrackingRegexWarning(rule.detection);
      if (regexWarning) warnings.push({ path: rule.path, id: rule.id, reason: regexWarning });
      for (const v of ruleVariants) {
        variants.push(v);
        index.add(v);
      }
      compiledCount++;
    } catch (err) {
      unsupported.push({ path: rule.path, id: rule.id, reason: (err as Error).message });
    }
  }
  for (const f of filters) {
    try {
      compiler.compile(f.detection, {});
    } catch (err) {
      unsupported.push({ path: f.path, id: f.id, reason: (err as Error).message });
      continue;
    }
    if (!filterUsed.has(f)) {
      if (f.targets !== 'any' && f.targets.every((t) => excludedKeys.has(t))) continue; // its rules were selected away
      unsupported.push({ path: f.path, id: f.id, reason: `filter names no loaded rule with a matching logsource (${filterTargets(f)})` });
      continue;
    }
    for (const warning of [filterWithoutNegation(f), backtrackingRegexWarning(f.detection)]) {
      if (warning) warnings.push({ path: f.path, id: f.id, reason: warning });
    }
    compiledCount++;
    infos.push({ id: f.id ?? f.name ?? f.path, title: f.title, level: f.level, tags: f.tags, attack: [], path: f.path, kind: 'filter', logsource: f.logsource });
  }
  infos.push(...correlationInfos);

  const newCorrelator = (onProblem?: (text: string) => void): Correlator | null =>
    (correlationRules.length ? new Correlator(correlationRules, { onProblem }) : null);
  const neededFields = probe?.neededFields ?? [];

  return {
    total,
    parsed,
    compiled: compiledCount,
    unsupported,
    excluded,
    missingPlaceholders: missingPlaceholders(kept, ctx.placeholders),
    skipped,
    warnings,
    rules: infos,
    createCorrelator(onProblem) {
      const c = newCorrelator(onProblem);
      return c ?? { feed() {}, finish() {} };
    },
    createDetector(opts = {}) {
      const mode = opts.correlation ?? 'inline';
      const correlator = mode === 'inline' ? newCorrelator(opts.onProblem) : null;
      const onInput = mode === 'external' ? opts.onCorrelationInput : undefined;
      const view = new EventView(slots.size);
      const aliases = mapping.fieldNameAliases ? new FieldNameAliases(mapping.fieldNameAliases) : null;
      const fired = new Uint32Array(Math.max(1, rules.length));
      let gen = 0;
      const makeInput = (rule: CompiledRule, v: Variant, event: HuntEvent, host: string): CorrelationInput => {
        const fields: HuntEvent['fields'] = {};
        for (const f of neededFields) {
          let val = view.fields[f];
          for (const n of v.fieldmap[f] ?? []) if (val === undefined) val = view.fields[n];
          if (val !== undefined) fields[f] = val;
        }
        return { rules: rule.keys, time: event.time, fields, host, source: event.source };
      };
      return {
        name: 'sigma',
        examine(event: HuntEvent, emit: Emit): void {
          view.reset(aliases ? aliases.apply(event.fields) : event.fields, event.source.format, event.source.path);
          if (++gen === 0xffffffff) {
            fired.fill(0);
            gen = 1;
          }
          const cands = index.bucket(event.fields, event.source.format).select(view) as Variant[];
          for (let i = 0; i < cands.length; i++) {
            const v = cands[i]!;
            if (fired[v.ruleIndex] === gen || !v.test(view)) continue;
            fired[v.ruleIndex] = gen;
            const rule = rules[v.ruleIndex]!;
            const host = eventHost(event.fields, event.source);
            if (rule.emits) {
              const matched: Record<string, unknown> = {};
              for (const m of v.compiled().matchable) {
                const name = m.fields.find((n) => view.fields[n] !== undefined);
                const own = name === undefined || !aliases ? name : aliases.original(event.fields, name);
                if (own !== undefined && !(own in matched) && m.test(view)) matched[own] = view.fields[name!];
              }
              emit({
                ts: toIso(event.time),
                detector: 'sigma',
                rule: rule.finding,
                attack: rule.attack,
                host,
                source: event.source,
                matched,
                event: event.fields,
              });
            }
            if (rule.correlated) {
              if (correlator) correlator.feed(makeInput(rule, v, event, host));
              else onInput?.(makeInput(rule, v, event, host));
            }
          }
        },
        stateHorizonMs: correlator?.horizonMs ?? 0,
        flush(watermark: number, emit: Emit): void {
          correlator?.flush(watermark, emit);
        },
        finish(emit: Emit): void {
          correlator?.finish(emit);
        },
      };
    },
  };
}
