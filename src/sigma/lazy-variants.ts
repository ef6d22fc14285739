/**
 * Variants of a rule loaded from a rule-set snapshot (rule-set-snapshot.ts): the prefilter's
 * necessities come from the snapshot, and the detection is parsed and compiled the first time the
 * variant is tested on an event its selector's guard takes, so rules no event reaches cost nothing.
 * Each variant's `test` then replaces itself with the guarded compiled predicate.
 */
import type { CompiledDetection, DetectionCompiler } from './compile.js';
import type { EventView } from './event-view.js';
import type { EventSelector } from './mapping.js';
import type { Necessity } from './prefilter.js';
import { selectorGuard } from './event-selector-match.js';
import type { IndexedVariant } from './rule-index.js';
import type { Detection } from './rule.js';

/** A rule reached through one event selector. */
export interface Variant extends IndexedVariant {
  compiled: () => CompiledDetection;
  fieldmap: Record<string, string[]>;
}

export function lazyVariants(
  detection: () => Detection, selectors: readonly EventSelector[], necessities: ReadonlyArray<Necessity[] | null>,
  eventIds: ReadonlyArray<readonly string[] | null> | undefined, ruleIndex: number, compiler: DetectionCompiler,
  /** A detection already compiled for one field mapping (the loader's validating compile), reused. */
  compiledFor?: { fieldmap: Record<string, string[]>; compiled: CompiledDetection },
): Variant[] {
  const byFieldmap = new Map<Record<string, string[]>, () => CompiledDetection>();
  if (compiledFor) byFieldmap.set(compiledFor.fieldmap, () => compiledFor.compiled);
  return selectors.map((selector, i) => {
    const fm = selector.fieldmap;
    let compiled = byFieldmap.get(fm);
    if (!compiled) {
      let done: CompiledDetection | undefined;
      // A detection from a snapshot or for a second field mapping compiled once already (load time): its identifiers compile on first use.
      compiled = () => (done ??= compiler.compile(detection(), fm, { lazy: true }));
      byFieldmap.set(fm, compiled);
    }
    const get = compiled;
    const guard = selectorGuard(selector);
    const variant: Variant = {
      ruleIndex, selector, compiled: get, fieldmap: fm, necessity: necessities[i] ?? null, eventIds: eventIds?.[i] ?? null,
      test: (view: EventView): boolean => {
        // An event the selector's guard refuses compiles nothing yet.
        if (guard && !guard(view)) return false;
        const predicate = get().test;
        variant.test = guard ? (v: EventView): boolean => guard(v) && predicate(v) : predicate;
        return predicate(view);
      },
    };
    return variant;
  });
}
