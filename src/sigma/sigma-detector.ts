/**
 * The Sigma detector: the runtime of a loaded rule set. Per event: the rule index picks the
 * candidate variants, each is tested once per rule, a match emits a finding (with the fields that
 * matched) and/or feeds the correlations. This is the hunt's hot loop: no per-event allocation
 * beyond findings, fields looked up through the shared event view.
 */
import type { HuntEvent } from '../events/event.js';
import { eventHost } from '../events/host.js';
import { toIso } from '../events/timestamp.js';
import type { Detector, Emit } from '../findings/detector.js';
import type { Correlator, CorrelationInput } from './correlation-link.js';
import { EventView } from './event-view.js';
import type { FieldNameAliases } from './field-name-aliases.js';
import type { RuleIndex } from './rule-index.js';
import type { CompiledRule, Variant } from './rule-compilation.js';

/** Everything a detector reads; shared by every detector of a rule set. */
export interface DetectorParts {
  index: RuleIndex;
  rules: readonly CompiledRule[];
  /** Number of field slots the compiled rules use (the event view's size). */
  slotCount: number;
  aliases: FieldNameAliases | null;
  /** Fields the correlations read (copied into each correlation input). */
  neededFields: readonly string[];
}

/** Where matches of correlation base rules go: a correlator here ('inline'), a callback ('external'), or nowhere. */
export interface CorrelationSink {
  correlator: Correlator | null;
  onInput?: (input: CorrelationInput) => void;
}

/** Generation counter wraps here; the per-rule marks are cleared then. */
const MAX_GENERATION = 0xffffffff;

export class SigmaDetector implements Detector {
  readonly name = 'sigma' as const;
  readonly stateHorizonMs: number;
  private readonly view: EventView;
  /** Per rule: the generation (event) it last fired in, so a rule reached by two selectors fires once. */
  private readonly fired: Uint32Array;
  private gen = 0;

  constructor(private readonly parts: DetectorParts, private readonly sink: CorrelationSink) {
    this.view = new EventView(parts.slotCount);
    this.fired = new Uint32Array(Math.max(1, parts.rules.length));
    this.stateHorizonMs = sink.correlator?.horizonMs ?? 0;
  }

  examine(event: HuntEvent, emit: Emit): void {
    const { view, fired } = this;
    const { aliases, rules, index } = this.parts;
    view.reset(aliases ? aliases.apply(event.fields) : event.fields, event.source.format, event.source.path);
    if (++this.gen === MAX_GENERATION) {
      fired.fill(0);
      this.gen = 1;
    }
    const gen = this.gen;
    const cands = index.bucket(event.fields, event.source.format).select(view) as Variant[];
    for (let i = 0; i < cands.length; i++) {
      const v = cands[i]!;
      if (fired[v.ruleIndex] === gen || !v.test(view)) continue;
      fired[v.ruleIndex] = gen;
      const rule = rules[v.ruleIndex]!;
      const host = eventHost(event.fields, event.source);
      if (rule.emits) {
        emit({
          ts: toIso(event.time),
          detector: 'sigma',
          rule: rule.finding,
          attack: rule.attack,
          host,
          source: event.source,
          matched: this.matchedFields(v, event),
          event: event.fields,
        });
      }
      if (rule.correlated) {
        const { correlator, onInput } = this.sink;
        if (correlator) correlator.feed(this.correlationInput(rule, v, event, host));
        else onInput?.(this.correlationInput(rule, v, event, host));
      }
    }
  }

  flush(watermark: number, emit: Emit): void {
    this.sink.correlator?.flush(watermark, emit);
  }

  finish(emit: Emit): void {
    this.sink.correlator?.finish(emit);
  }

  /** The fields that fired, by the event's own names (before field-name aliasing). */
  private matchedFields(v: Variant, event: HuntEvent): Record<string, unknown> {
    const { view } = this;
    const { aliases } = this.parts;
    const matched: Record<string, unknown> = {};
    for (const m of v.compiled().matchable) {
      const name = m.fields.find((n) => view.fields[n] !== undefined);
      const own = name === undefined || !aliases ? name : aliases.original(event.fields, name);
      if (own !== undefined && !(own in matched) && m.test(view)) matched[own] = view.fields[name!];
    }
    return matched;
  }

  private correlationInput(rule: CompiledRule, v: Variant, event: HuntEvent, host: string): CorrelationInput {
    const { view } = this;
    const fields: HuntEvent['fields'] = {};
    for (const f of this.parts.neededFields) {
      let val = view.fields[f];
      for (const n of v.fieldmap[f] ?? []) if (val === undefined) val = view.fields[n];
      if (val !== undefined) fields[f] = val;
    }
    return { rules: rule.keys, time: event.time, fields, host, source: event.source };
  }
}
