/**
 * The prefilter's scan of a field value that is not a string: a number or boolean is scanned as the
 * text a rule matches it as (and not at all when the automaton has no gram such text can hold), an
 * array element by element, nested arrays included.
 */
import type { FieldValue } from '../events/event.js';
import { scalarText } from './event-view.js';
import type { GramAutomaton } from './gram-automaton.js';
import type { GramHits } from './gram-hits.js';

/** Nested arrays in a field value are scanned this deep. */
const MAX_ARRAY_DEPTH = 8;

export function collectNonString(ac: GramAutomaton, v: FieldValue, hits: GramHits): void {
  if (!Array.isArray(v)) {
    if (v !== null && ac.scalarsCanHit) ac.collect(scalarText(v), hits);
    return;
  }
  for (const e of (v as FieldValue[]).flat(MAX_ARRAY_DEPTH) as FieldValue[]) {
    if (typeof e === 'string') ac.collect(e, hits);
    else if (e !== null && ac.scalarsCanHit) ac.collect(scalarText(e), hits);
  }
}
