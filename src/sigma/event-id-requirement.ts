/**
 * Which Windows event IDs a detection can match at all: many rules of a broad logsource (every
 * Sysmon event, say) name the event ID in their detection (`EventID: 27`), too short a literal for
 * the prefilter's scan. Read from the detection, it lets the rule index leave such a rule out of
 * the buckets of other event IDs (rule-index.ts), so it is never tested there.
 *
 * The requirement is the set of texts `EventID` must equal (digits only, compared as the compiled
 * matcher compares a plain value: the field's text), or null when the detection does not pin it:
 * an item `EventID: [values]` without modifiers pins it; AND intersects, OR unites (an unpinned
 * branch unpins), NOT pins nothing.
 */
import type { Detection } from './rule.js';
import { foldDetection } from './detection-fold.js';
import type { DetectionItem, SigmaValue } from './values.js';

/** The event field the index keys buckets by. */
const EVENT_ID = 'EventID';

type Ids = Set<string> | null;

function valueText(v: SigmaValue): string | null {
  if (v.type === 'number') return Number.isInteger(v.n) && v.n >= 0 ? String(v.n) : null;
  if (v.type !== 'string') return null;
  const parts = v.s.parts;
  if (parts.length !== 1 || parts[0]!.kind !== 'text') return null;
  const text = parts[0]!.text;
  return /^\d+$/.test(text) ? text : null;
}

function itemIds(item: DetectionItem, mapField: (f: string) => string[]): Ids {
  if (item.field === null || item.modifiers.length > 0 || item.neq || item.timePart || item.linking !== 'or') return null;
  const names = mapField(item.field);
  if (names.length !== 1 || names[0] !== EVENT_ID) return null;
  const ids = new Set<string>();
  for (const group of item.groups) {
    for (const v of group) {
      const t = valueText(v);
      if (t === null) return null;
      ids.add(t);
    }
  }
  return ids;
}

function both(a: Ids, b: Ids): Ids {
  if (a === null) return b;
  if (b === null) return a;
  return new Set([...a].filter((x) => b.has(x)));
}

function either(list: Ids[]): Ids {
  const out = new Set<string>();
  for (const ids of list) {
    if (ids === null) return null;
    for (const x of ids) out.add(x);
  }
  return out;
}

/** The event IDs the detection can match under a field mapping (sorted), or null when it does not pin them. */
export function requiredEventIds(detection: Detection, mapField: (f: string) => string[]): string[] | null {
  const ids = foldDetection<Ids>(detection, {
    item: (i) => itemIds(i, mapField),
    all: (list) => list.reduce<Ids>(both, null),
    any: either,
    unknown: null,
  });
  return ids === null ? null : [...ids].sort();
}
