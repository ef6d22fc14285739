/**
 * Variants of a rule loaded from a rule-set snapshot (rule-set-snapshot.ts): the prefilter's
 * necessities come from the snapshot, and the detection is parsed and compiled the first time the
 * variant is tested, so rules no event reaches cost nothing. Each variant's `test` replaces itself
 * with the compiled predicate on that first call.
 */
import type { CompiledDetection, DetectionCompiler } from './compile.js';
import type { EventView } from './event-view.js';
import type { EventSelector } from './mapping.js';
import type { Necessity } from './prefilter.js';
import { selectorGuard } from './event-selector-match.js';
import type { Variant } from './rule-compilation.js';
import type { Detection } from './rule.js';

export function lazyVariants(
  detection: () => Detection, selectors: readonly EventSelector[], necessities: ReadonlyArray<Necessity[] | null>,
  ruleIndex: number, compiler: DetectionCompiler,
): Variant[] {
  const byFieldmap = new Map<Record<string, string[]>, () => CompiledDetection>();
  return selectors.map((selector, i) => {
    const fm = selector.fieldmap;
    let compiled = byFieldmap.get(fm);
    if (!compiled) {
      let done: CompiledDetection | undefined;
      compiled = () => (done ??= compiler.compile(detection(), fm));
      byFieldmap.set(fm, compiled);
    }
    const get = compiled;
    const guard = selectorGuard(selector);
    const variant: Variant = {
      ruleIndex, selector, compiled: get, fieldmap: fm, necessity: necessities[i] ?? null,
      test: (view: EventView): boolean => {
        const predicate = get().test;
        variant.test = guard ? (v: EventView): boolean => guard(v) && predicate(v) : predicate;
        return variant.test(view);
      },
    };
    return variant;
  });
}
