/**
 * Compact, columnar storage of findings for the HTML report. Repeated strings (hosts, rules, paths,
 * field names and values) are interned into index tables; each finding keeps its own fields and
 * matched values; the full event is embedded for the first findings of each rule only (noisy rules
 * would otherwise fill the file with near-identical events), with long values trimmed. Whatever
 * is trimmed or left out is counted and shown in the report.
 */
import type { Finding } from '../findings/finding.js';
import { levelRank } from '../findings/finding.js';

export interface StoreLimits {
  /** Full events kept per rule (the first ones in time order). */
  eventsPerRule: number;
  /** Longest string value kept; longer ones are cut with a note of how much was cut. */
  valueChars: number;
  /** Most fields kept per event or matched set. */
  fieldsPerEvent: number;
  /** Total characters of distinct event values embedded; later events are left out. */
  eventBudgetChars: number;
  /** Total characters of distinct matched values; beyond it, new matched values are cut to matchedValueChars. */
  matchedBudgetChars: number;
  matchedValueChars: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = {
  eventsPerRule: 250,
  valueChars: 2000,
  fieldsPerEvent: 300,
  eventBudgetChars: 8_000_000,
  matchedBudgetChars: 4_000_000,
  matchedValueChars: 160,
};

/** The JSON the report page reads (see client-script.ts for its reader). */
export interface StoredFindings {
  count: number;
  /** Interned field names and values (any JSON value). */
  v: unknown[];
  /** [id, title, level rank, detector] */
  rules: Array<[string, string, number, string]>;
  hosts: string[];
  /** [path, format] */
  sources: Array<[string, string]>;
  attackSets: string[][];
  /** Flat [key, value, key, value, …] indices into v. */
  matchedSets: number[][];
  /** Same encoding as matchedSets; [-1, v] when the event is not an object. */
  events: number[][];
  /**
   * Columns, one entry per finding. t: ms since the previous timed finding (the first: epoch ms),
   * null = no time; n: record minus the previous record of the same source (the first: the record).
   */
  f: { t: Array<number | null>; r: number[]; h: number[]; a: number[]; s: number[]; n: number[]; m: number[]; e: number[] };
  /** Finding index → v index of {intel?, defence?} for findings that carry them. */
  x: Record<string, number>;
  limits: StoreLimits & { eventsOmitted: number; valuesTrimmed: number; fieldsDropped: number };
}

type ValueKind = 'event' | 'matched' | 'other';

/**
 * The interned values: strings keyed by themselves (the key and the stored value are one string),
 * numbers, booleans and null by value, anything else by its JSON text.
 */
class ValueTable {
  readonly list: unknown[] = [];
  private readonly strings = new Map<string, number>();
  private readonly scalars = new Map<unknown, number>();
  private readonly objects = new Map<string, number>();

  private push(value: unknown): number {
    this.list.push(value);
    return this.list.length - 1;
  }

  /** [index, isNew] */
  string(text: string): [number, boolean] {
    const i = this.strings.get(text);
    if (i !== undefined) return [i, false];
    const j = this.push(text);
    this.strings.set(text, j);
    return [j, true];
  }

  scalar(v: number | boolean | null): [number, boolean] {
    const i = this.scalars.get(v);
    if (i !== undefined) return [i, false];
    const j = this.push(typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
    this.scalars.set(v, j);
    return [j, true];
  }

  object(json: string, make: () => unknown): [number, boolean] {
    const i = this.objects.get(json);
    if (i !== undefined) return [i, false];
    const j = this.push(make());
    this.objects.set(json, j);
    return [j, true];
  }
}

/** A fresh copy of a string, so a cut-down value does not keep its long original alive. */
function detach(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

class Interner<T> {
  readonly list: T[] = [];
  private readonly index = new Map<string, number>();
  id(key: string, make: () => T): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(make());
      this.index.set(key, i);
    }
    return i;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return JSON.stringify(String(value));
  }
}

export class CompactFindingStore {
  private readonly limits: StoreLimits;
  private readonly values = new ValueTable();
  private readonly rules = new Interner<[string, string, number, string]>();
  private readonly hosts = new Interner<string>();
  private readonly sources = new Interner<[string, string]>();
  private readonly attackSets = new Interner<string[]>();
  private readonly matchedSets = new Interner<number[]>();
  private readonly events = new Interner<number[]>();
  private readonly eventsPerRule: number[] = [];
  private readonly cols: StoredFindings['f'] = { t: [], r: [], h: [], a: [], s: [], n: [], m: [], e: [] };
  private readonly extras: Record<string, number> = {};
  private lastTime: number | null = null;
  private readonly lastRecord: number[] = [];
  private eventChars = 0;
  private matchedChars = 0;
  private eventsOmitted = 0;
  private valuesTrimmed = 0;
  private fieldsDropped = 0;
  private count = 0;

  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...limits };
  }

  get size(): number {
    return this.count;
  }

  add(f: Finding): void {
    const i = this.count++;
    const time = f.ts ? Date.parse(f.ts) : NaN;
    if (Number.isNaN(time)) this.cols.t.push(null);
    else {
      this.cols.t.push(this.lastTime === null ? time : time - this.lastTime);
      this.lastTime = time;
    }
    const level = levelRank(String(f.rule?.level ?? ''));
    const ruleId = String(f.rule?.id ?? '');
    const title = String(f.rule?.title ?? '');
    const detector = String(f.detector ?? '');
    const r = this.rules.id(`${detector}\u0000${ruleId}\u0000${title}\u0000${level}`, () => [ruleId, title, level, detector]);
    this.cols.r.push(r);
    const host = String(f.host ?? '');
    this.cols.h.push(this.hosts.id(host, () => host));
    const attack = Array.isArray(f.attack) ? f.attack.map(String) : [];
    this.cols.a.push(this.attackSets.id(attack.join('\u0000'), () => attack));
    const srcPath = String(f.source?.path ?? '');
    const srcFormat = String(f.source?.format ?? '');
    const src = this.sources.id(`${srcPath}\u0000${srcFormat}`, () => [srcPath, srcFormat]);
    this.cols.s.push(src);
    const record = Number.isFinite(f.source?.record) ? f.source.record : 0;
    this.cols.n.push(record - (this.lastRecord[src] ?? 0));
    this.lastRecord[src] = record;
    const matched = this.encodeObject(f.matched, 'matched');
    this.cols.m.push(this.matchedSets.id(matched.join(','), () => matched));
    this.cols.e.push(this.encodeEvent(f.event, r));
    if (f.intel !== undefined || f.defence !== undefined || f.host_aliases !== undefined) {
      const extra: Record<string, unknown> = {};
      if (f.host_aliases !== undefined) extra.host_aliases = f.host_aliases;
      if (f.intel !== undefined) extra.intel = f.intel;
      if (f.defence !== undefined) extra.defence = f.defence;
      this.extras[String(i)] = this.value(extra, 'other');
    }
  }

  private encodeEvent(event: unknown, rule: number): number {
    const kept = this.eventsPerRule[rule] ?? 0;
    if (event === undefined || event === null) return -1;
    if (kept >= this.limits.eventsPerRule || this.eventChars >= this.limits.eventBudgetChars) {
      this.eventsOmitted++;
      return -1;
    }
    this.eventsPerRule[rule] = kept + 1;
    const encoded = this.encodeObject(event, 'event');
    return this.events.id(encoded.join(','), () => encoded);
  }

  /** Flat [k, v, …] for a plain object; [-1, v] for anything else. */
  private encodeObject(obj: unknown, kind: ValueKind): number[] {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      return obj === undefined ? [] : [-1, this.value(obj, kind)];
    }
    const out: number[] = [];
    let fields = 0;
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (++fields > this.limits.fieldsPerEvent) {
        this.fieldsDropped++;
        continue;
      }
      out.push(this.value(k, kind), this.value(v, kind));
    }
    return out;
  }

  private trim(text: string, max: number): string {
    if (text.length <= max) return text;
    this.valuesTrimmed++;
    return detach(`${text.slice(0, max)}... [${text.length - max} more characters trimmed]`);
  }

  private value(v: unknown, kind: ValueKind): number {
    const max = kind === 'matched' && this.matchedChars >= this.limits.matchedBudgetChars
      ? Math.min(this.limits.matchedValueChars, this.limits.valueChars)
      : this.limits.valueChars;
    let index: number;
    let added: boolean;
    let size: number;
    if (typeof v === 'string' || typeof v === 'bigint') {
      const text = this.trim(String(v), max);
      [index, added] = this.values.string(text);
      size = text.length;
    } else if (typeof v === 'number' || typeof v === 'boolean' || v === null) {
      [index, added] = this.values.scalar(v);
      size = 8;
    } else {
      const json = safeJson(v);
      const text = json.length > max ? this.trim(json, max) : json;
      [index, added] = this.values.object(text, () => (text === json ? JSON.parse(json) : text));
      size = text.length;
    }
    if (added) {
      if (kind === 'event') this.eventChars += size;
      else if (kind === 'matched') this.matchedChars += size;
    }
    return index;
  }

  toJSON(): StoredFindings {
    return {
      count: this.count,
      v: this.values.list,
      rules: this.rules.list,
      hosts: this.hosts.list,
      sources: this.sources.list,
      attackSets: this.attackSets.list,
      matchedSets: this.matchedSets.list,
      events: this.events.list,
      f: this.cols,
      x: this.extras,
      limits: {
        ...this.limits,
        eventsOmitted: this.eventsOmitted,
        valuesTrimmed: this.valuesTrimmed,
        fieldsDropped: this.fieldsDropped,
      },
    };
  }

  /** Technique ids seen, for the ATT&CK tables. */
  attackIds(): string[] {
    const ids = new Set<string>();
    for (const set of this.attackSets.list) for (const id of set) ids.add(id);
    return [...ids];
  }
}
