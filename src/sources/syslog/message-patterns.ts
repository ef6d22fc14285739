/**
 * The engine of the message enrichers: a table of patterns, each a regular expression whose named
 * groups become fields, plus constant fields and an optional adjustment. The first pattern of a
 * table that matches wins. Group values that are empty are left out; groups named `*_port`,
 * `bytes` or `connection_id` become numbers, as other readers type ports and counters.
 */
import type { EventFields } from '../../events/event.js';

export interface MessagePattern {
  pattern: RegExp;
  /** Constant fields set when the pattern matches. */
  set?: EventFields;
  /** Last touches once the groups are in `fields` (e.g. mapping a verb to an outcome). */
  adjust?: (fields: EventFields) => void;
}

const NUMERIC = /(?:_port|^bytes|^connection_id)$/;

/** Group names of a pattern, and which of them are numeric; computed once per pattern. */
const GROUPS = new WeakMap<RegExp, Array<[string, boolean]>>();

function groupsOf(pattern: RegExp, groups: Record<string, string | undefined>): Array<[string, boolean]> {
  let names = GROUPS.get(pattern);
  if (names === undefined) {
    names = Object.keys(groups).map((n) => [n, NUMERIC.test(n)]);
    GROUPS.set(pattern, names);
  }
  return names;
}

/** Apply the first matching pattern of `table` to `text`; true when one matched. */
export function applyPatterns(table: readonly MessagePattern[], text: string, fields: EventFields): boolean {
  for (const p of table) {
    const m = p.pattern.exec(text);
    if (!m) continue;
    const groups = m.groups;
    if (groups) {
      for (const [name, numeric] of groupsOf(p.pattern, groups)) {
        const value = groups[name];
        if (value === undefined || value === '') continue;
        fields[name] = numeric && /^\d+$/.test(value) ? Number(value) : value;
      }
    }
    if (p.set) Object.assign(fields, p.set);
    p.adjust?.(fields);
    return true;
  }
  return false;
}

/** Rename a field (used by adjustments that move a group to its final name). */
export function moveField(fields: EventFields, from: string, to: string): void {
  if (fields[from] === undefined) return;
  fields[to] = fields[from]!;
  delete fields[from];
}
