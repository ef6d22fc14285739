/**
 * The item builder: a detection item from `Field|mod|mod` and its values. Modifiers apply in the
 * order written, each as its descriptor (modifier-descriptors.ts) says: value modifiers transform
 * every value (value-transforms.ts), item modifiers set how the item matches. A modifier used
 * where its descriptor does not allow it makes the rule invalid; an unknown one, unsupported.
 */
import { compileRuleRegex } from './rule-regex.js';
import { unsupportedFeature } from './rule-error.js';
import { SigmaString } from './sigma-string.js';
import { MODIFIERS, TIME_PARTS } from './modifier-descriptors.js';
import type { ModifierContext } from './value-transforms.js';
import type { DetectionItem, SigmaValue, TimePart } from './values.js';

export type { ModifierContext } from './value-transforms.js';

/** Read a YAML scalar into a typed value (strings parsed for wildcards unless `re` follows). */
export function initialValue(raw: unknown, modifiers: readonly string[]): SigmaValue {
  if (raw === null || raw === undefined) return { type: 'null' };
  if (typeof raw === 'number') return { type: 'number', n: raw };
  if (typeof raw === 'boolean') return { type: 'bool', b: raw };
  if (typeof raw === 'string') {
    if (modifiers.includes('re')) return { type: 'string', s: SigmaString.literal(raw) };
    return { type: 'string', s: SigmaString.parse(raw, modifiers.includes('expand')) };
  }
  if (raw instanceof Date) return { type: 'string', s: SigmaString.literal(raw.toISOString().slice(0, 10)) };
  throw new Error(`unsupported value type ${Array.isArray(raw) ? 'list' : typeof raw} in a value list`);
}

/** Every modifier known, and used where its descriptor allows it. */
function checkModifiers(mods: readonly string[], field: string | null, key: string): void {
  mods.forEach((m, i) => {
    const d = MODIFIERS.get(m);
    if (!d) throw unsupportedFeature(`unknown modifier '${m}' in '${key}'`);
    if (d.needsField && field === null) throw new Error(`modifier '${m}' needs a field in '${key}'`);
    if (d.follows !== null && !mods.slice(0, i).includes(d.follows)) throw new Error(`modifier '${m}' must follow '${d.follows}'`);
  });
}

/** The field and modifiers a key names, as written (`Field|mod|mod`; no field: a keyword search). */
export function keyParts(key: string): { field: string | null; modifiers: string[] } {
  const [field, ...modifiers] = key.split('|');
  return { field: field || null, modifiers };
}

/** Build a detection item from `key` (`Field|mod|mod`) and its YAML value (scalar or list). */
export function buildItem(key: string, raw: unknown, ctx: ModifierContext): DetectionItem {
  const { field, modifiers: mods } = keyParts(key);
  // A keyword (field-less) value is searched for anywhere in the event's values.
  if (field === null && !mods.some((m) => m === 'contains' || m === 'startswith' || m === 're' || m === 'cidr' || m === 'endswith')) mods.push('contains');
  checkModifiers(mods, field, key);
  const item: DetectionItem = { field, key, modifiers: mods, groups: [], linking: 'or', cased: false, neq: false };
  const rawValues = Array.isArray(raw) ? raw : [raw];
  if (mods.includes('all')) {
    item.linking = 'and';
    if (rawValues.length < 2 && !Array.isArray(raw)) {
      // The spec discourages `all` on a single value; it means the same as without it.
    }
  }
  for (const m of mods) {
    if (m === 'cased') item.cased = true;
    else if (m === 'neq') item.neq = true;
    else if (TIME_PARTS.has(m as TimePart)) {
      if (item.timePart) throw new Error(`two time modifiers in '${key}'`);
      item.timePart = m as TimePart;
    }
  }
  if (item.neq && item.linking === 'and') throw new Error(`'neq' cannot combine with 'all' in '${key}'`);
  for (const rv of rawValues) {
    if (rv !== null && typeof rv === 'object' && !(rv instanceof Date)) throw new Error(`nested ${Array.isArray(rv) ? 'list' : 'map'} as value of '${key}'`);
    let values: SigmaValue[] = [initialValue(rv, mods)];
    for (const m of mods) {
      const t = MODIFIERS.get(m)!.transform;
      if (!t) continue;
      const next: SigmaValue[] = [];
      for (const v of values) next.push(...t(v, item, ctx));
      values = next;
    }
    if (item.timePart) {
      for (const v of values) {
        if (v.type !== 'number' && v.type !== 'compare' && !(v.type === 'string' && v.s.plain() !== null && /^\d+$/.test(v.s.plain()!)))
          throw new Error(`time modifier '${item.timePart}' needs a number in '${key}'`);
      }
    }
    for (const v of values) {
      if (v.type === 'regex') {
        // Validate now so the reason names the rule, not the event.
        compileRuleRegex(v.source, v.flags, key);
      }
    }
    item.groups.push(values);
  }
  if (item.groups.length === 0) throw new Error(`empty value list for '${key}'`);
  return item;
}
