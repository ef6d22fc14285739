/**
 * A parsed detection (rule.ts `Detection`: filters applied, modifiers applied, condition parsed) as
 * plain JSON data, and back. The rule-set snapshot keeps each detection in this form
 * (rule-set-snapshot.ts), so the first event that reaches a rule from a snapshot (a cached rule set,
 * a hunt's worker thread) only rebuilds objects: no YAML-shaped document is read again, no modifier
 * (windash, base64offset, utf16, cidr, expand …) runs again, no condition is parsed again, no filter
 * is parsed or applied again.
 *
 * Kept compact, as it is read from the cache and parsed when a rule is first used: a plain-text
 * string value is a JSON string; a string with wildcards is the list of its parts (text as
 * strings, `*` as 0, `?` as 1, a placeholder as [name]); other values are as they are. An item's
 * field and modifiers are read off its key unless they differ from it (a keyword search gains
 * `contains`); its flags are present only when set.
 */
import type { ConditionNode } from './condition.js';
import { keyParts } from './modifiers.js';
import type { Detection, SearchIdentifier } from './rule.js';
import { SigmaString, type StringPart } from './sigma-string.js';
import type { DetectionItem, SigmaValue, TimePart } from './values.js';

type StoredPart = string | 0 | 1 | [string];

/** A value: plain text as a string; other strings by their parts (with `bytes`, in an object); any other type as it is (plain data already). */
type StoredValue = string | StoredPart[] | { type: 'string'; p: StoredPart[]; bytes: true } | Exclude<SigmaValue, { type: 'string' }>;

interface StoredItem {
  /** Key as written (`Field|mod|mod`), value groups. */
  k: string;
  g: StoredValue[][];
  /** Field and modifiers, when they are not the key's (a keyword search gains `contains`). */
  f?: string | null;
  m?: readonly string[];
  /** Set flags only: `all` linking, cased, neq; the time part. */
  and?: 1;
  cased?: 1;
  neq?: 1;
  time?: TimePart;
}

export interface StoredDetection {
  /** Search identifiers in order: name, then alternatives (each an AND of items). */
  ids: Array<[string, StoredItem[][]]>;
  cond: ConditionNode;
}

function storePart(p: StringPart): StoredPart {
  switch (p.kind) {
    case 'text':
      return p.text;
    case 'any':
      return 0;
    case 'one':
      return 1;
    case 'placeholder':
      return [p.name];
  }
}

function restorePart(p: StoredPart): StringPart {
  if (typeof p === 'string') return { kind: 'text', text: p };
  if (p === 0) return { kind: 'any' };
  if (p === 1) return { kind: 'one' };
  return { kind: 'placeholder', name: p[0] };
}

function storeValue(v: SigmaValue): StoredValue {
  if (v.type !== 'string') return v;
  const parts = v.s.parts;
  if (v.bytes === true) return { type: 'string', p: parts.map(storePart), bytes: true };
  if (parts.length === 0 || (parts.length === 1 && parts[0]!.kind === 'text')) return v.s.plain()!;
  return parts.map(storePart);
}

function restoreValue(v: StoredValue): SigmaValue {
  if (typeof v === 'string') return { type: 'string', s: SigmaString.literal(v) };
  if (Array.isArray(v)) return { type: 'string', s: new SigmaString(v.map(restorePart)) };
  if (v.type !== 'string') return v;
  return { type: 'string', s: new SigmaString(v.p.map(restorePart)), bytes: true };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function storeItem(item: DetectionItem): StoredItem {
  const out: StoredItem = { k: item.key, g: item.groups.map((g) => g.map(storeValue)) };
  const written = keyParts(item.key);
  if (written.field !== item.field) out.f = item.field;
  if (!sameList(written.modifiers, item.modifiers)) out.m = item.modifiers;
  if (item.linking === 'and') out.and = 1;
  if (item.cased) out.cased = 1;
  if (item.neq) out.neq = 1;
  if (item.timePart) out.time = item.timePart;
  return out;
}

function restoreItem(s: StoredItem): DetectionItem {
  const { field, modifiers } = keyParts(s.k);
  const item: DetectionItem = {
    field: s.f === undefined ? field : s.f, key: s.k, modifiers: s.m ?? modifiers, groups: s.g.map((g) => g.map(restoreValue)),
    linking: s.and === 1 ? 'and' : 'or', cased: s.cased === 1, neq: s.neq === 1,
  };
  if (s.time !== undefined) item.timePart = s.time;
  return item;
}

/** The detection as plain JSON data. */
export function storeDetection(detection: Detection): StoredDetection {
  const ids: StoredDetection['ids'] = [];
  for (const [name, ident] of detection.identifiers) ids.push([name, ident.alternatives.map((items) => items.map(storeItem))]);
  return { ids, cond: detection.condition };
}

/** The detection a stored one was made from (equal to it, in new objects). */
export function restoreDetection(stored: StoredDetection): Detection {
  const identifiers = new Map<string, SearchIdentifier>();
  for (const [name, alternatives] of stored.ids) identifiers.set(name, { name, alternatives: alternatives.map((items) => items.map(restoreItem)) });
  return { identifiers, condition: stored.cond };
}
