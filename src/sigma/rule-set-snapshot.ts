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
import { loadCorrelations } from './loaded-correlations.js';
import { mappingFromDocs, type MappingDocs } from './mapping.js';
import type { Necessity } from './prefilter.js';
import type { CompiledRule } from './rule-compilation.js';
import type { LoadedDoc } from './rule-files.js';
import { RuleIndex } from './rule-index.js';
import type { RuleWarning, SigmaRuleInfo, UnsupportedRule } from './rule-info.js';
import { parseRuleMeta } from './rule-metadata.js';
import type { ExcludedRule } from './rule-selection.js';
import type { Detection } from './rule.js';
import type { DetectorParts } from './sigma-detector.js';
import { lazyVariants } from './lazy-variants.js';
import { restoreDetection, type StoredDetection } from './stored-detection.js';

/** Bumped whenever the snapshot's shape or meaning changes (old cache entries are then ignored). */
export const SNAPSHOT_FORMAT = 12; // 2: rule infos carry refs and bases, unsupported rules a kind; ids fall back to name, then title. 3: mapping documents. 4: rule infos and detection documents kept cold. 5: logsource table. 6: detector fields kept cold. 7: regex items give prefilter necessities. 8: event IDs a detection pins. 9: necessities carry their grams. 10: cache entries hold necessities in gram form (snapshot-codec.ts). 11: detections stored parsed and compact (stored-detection.ts), filters applied. 12: 10 and 11 together; filter documents no longer kept (applied when the snapshot is made).

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

/** What the detector reads of a compiled rule: all of it but its info (which SigmaRuleSet.rules holds). */
export type SnapshotRule = Omit<CompiledRule, 'info'>;

/** What a detection rule needs once an event reaches it: its file, its detection (filters and modifiers applied) to compile, its detector fields when it matches. */
export interface DetectionPart {
  path: string;
  detection: StoredDetection;
  rule: SnapshotRule;
}

export interface SnapshotDetection {
  /** The rule's logsource (as its info has it), by its place in RuleSetSnapshot.logsources. */
  logsource: number;
  /** Per event selector of the rule's logsource (in mapping order): the prefilter necessity. */
  necessities: Array<Necessity[] | null>;
  /** Per event selector: the event IDs the detection can match (event-id-requirement.ts); absent when none is pinned. */
  eventIds?: Array<readonly string[] | null>;
  /** Absent when the snapshot keeps it in `cold`. */
  part?: DetectionPart;
}

/** RuleSetData with the rule infos absent when the snapshot keeps them in `cold`. */
export type SnapshotData = Omit<RuleSetData, 'rules'> & { rules?: readonly SigmaRuleInfo[] };

/**
 * JSON texts a snapshot read from the cache keeps unparsed until used (snapshot-codec.ts): item 0
 * the rule infos (RuleSetData.rules), item 1 + i detection i's part. Item k is the UTF-8 bytes
 * from spans[2k] to spans[2k + 1].
 */
export interface ColdTexts {
  bytes: Uint8Array;
  spans: number[];
}

export interface RuleSetSnapshot {
  format: number;
  data: SnapshotData;
  detections: SnapshotDetection[];
  /** Correlation documents, as the loader handed them to loadCorrelations. */
  correlations: LoadedDoc[];
  /** The logsource mapping files' documents (the runtime reads no YAML). */
  mappings: MappingDocs;
  /** The rules' distinct logsources (each resolved to event selectors once). */
  logsources: Array<Record<string, string>>;
  /** Rule infos and detection parts not parsed yet (a snapshot read from the cache). */
  cold?: ColdTexts;
}

export interface SnapshotOptions {
  /** The snapshot's detections were expanded with the placeholders it was made with (the rule cache's key holds them). */
  placeholders?: Record<string, string[]>;
}

const utf8 = new TextDecoder();

function coldValue(cold: ColdTexts | undefined, item: number): unknown {
  if (!cold || 2 * item + 1 >= cold.spans.length) throw new Error(`rule-set snapshot: item ${item} is missing`);
  return JSON.parse(utf8.decode(cold.bytes.subarray(cold.spans[2 * item], cold.spans[2 * item + 1])));
}

const infosOf = new WeakMap<RuleSetSnapshot, readonly SigmaRuleInfo[]>();

/** The snapshot's rule infos (RuleSetData.rules), parsed once when kept cold. */
export function snapshotRuleInfos(snapshot: RuleSetSnapshot): readonly SigmaRuleInfo[] {
  if (snapshot.data.rules) return snapshot.data.rules;
  let infos = infosOf.get(snapshot);
  if (!infos) infosOf.set(snapshot, (infos = coldValue(snapshot.cold, 0) as SigmaRuleInfo[]));
  return infos;
}

/** Detection i's part (parsed each time it is asked for when kept cold). */
export function detectionPart(snapshot: RuleSetSnapshot, i: number): DetectionPart {
  return snapshot.detections[i]!.part ?? (coldValue(snapshot.cold, 1 + i) as DetectionPart);
}

/** A compiled rule of a snapshot: its detector fields and info are read when first asked for (when it first matches). */
class SnapshotCompiledRule implements CompiledRule {
  private fields: SnapshotRule | undefined;

  constructor(private readonly load: () => SnapshotRule, private readonly snapshot: RuleSetSnapshot, private readonly i: number) {}

  private get rule(): SnapshotRule {
    return (this.fields ??= this.load());
  }

  get finding(): CompiledRule['finding'] {
    return this.rule.finding;
  }

  get attack(): string[] {
    return this.rule.attack;
  }

  get keys(): string[] {
    return this.rule.keys;
  }

  get emits(): boolean {
    return this.rule.emits;
  }

  get correlated(): boolean {
    return this.rule.correlated;
  }

  get info(): SigmaRuleInfo {
    return snapshotRuleInfos(this.snapshot)[this.i]!;
  }
}

/** The distinct logsources of some rules, numbered in order of first use. */
export class LogsourceTable {
  readonly list: Array<Record<string, string>> = [];
  private readonly byKey = new Map<string, number>();

  /** The number of a logsource (added when new). */
  add(logsource: Record<string, string>): number {
    const key = JSON.stringify(logsource);
    let n = this.byKey.get(key);
    if (n === undefined) {
      this.byKey.set(key, (n = this.list.length));
      this.list.push(logsource);
    }
    return n;
  }
}

/** The runtime of a snapshot: detector parts whose rules compile on first use, and the correlation rules. */
export function snapshotRuntime(snapshot: RuleSetSnapshot, options: SnapshotOptions): { parts: DetectorParts; correlationRules: CorrelationRule[] } {
  const mapping = mappingFromDocs(snapshot.mappings);
  // Problems were recorded when the snapshot was made; they are in snapshot.data already.
  const correlation = loadCorrelations(snapshot.correlations.map((d) => ({ ...d, meta: parseRuleMeta(d.doc, d.path) })), []);
  const slots = new FieldSlots();
  const compiler = new DetectionCompiler(slots);
  const index = new RuleIndex();
  const rules: CompiledRule[] = [];
  const selectors = snapshot.logsources.map((l) => mapping.resolve(l).selectors);
  // A rule's part is parsed once, when an event first reaches the rule.
  const parts: Array<DetectionPart | undefined> = [];
  const partOf = (i: number): DetectionPart => (parts[i] ??= detectionPart(snapshot, i));
  for (const [i, d] of snapshot.detections.entries()) {
    let detection: Detection | undefined;
    const parsed = (): Detection => (detection ??= restoreDetection(partOf(i).detection));
    for (const v of lazyVariants(parsed, selectors[d.logsource]!, d.necessities, d.eventIds, rules.length, compiler)) index.add(v);
    rules.push(new SnapshotCompiledRule(() => partOf(i).rule, snapshot, i));
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
