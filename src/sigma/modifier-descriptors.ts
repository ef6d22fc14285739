/**
 * Every Sigma modifier, described once: what kind it is, where it is allowed, and what the
 * compiler's fast path and the literal prefilter may assume about an item that carries it. The
 * item builder (modifiers.ts), the compiler (compile.ts) and the prefilter read this table; a new
 * modifier is one entry here (plus its transform in value-transforms.ts).
 */
import type { DetectionItem, TimePart } from './values.js';
import { VALUE_TRANSFORMS, type Transform } from './value-transforms.js';

/**
 * - `value`: transforms each value (contains, base64, windash, re, cidr, gt, exists, ...)
 * - `regex-flag`: a sub-modifier of `re`, sets one regex flag
 * - `item`: changes how the item matches rather than its values (all, cased, neq, time parts)
 */
export type ModifierKind = 'value' | 'regex-flag' | 'item';

/**
 * What an item carrying the modifier still guarantees for the literal prefilter:
 * - `literal`: a match needs one of the item's literal texts in the field (values stay text)
 * - `regex`: a match needs one of the literals the item's regex requires (regex-literals.ts), if any
 * - `none`: no literal is necessary (negation, numbers, networks, dates, presence)
 */
export type PrefilterUse = 'literal' | 'regex' | 'none';

export interface ModifierDescriptor {
  name: string;
  kind: ModifierKind;
  /** Allowed only on an item with a field (not in a keyword search). */
  needsField: boolean;
  /** Allowed only after this modifier (the `re` flags follow `re`). */
  follows: string | null;
  /**
   * An item with this modifier stays an OR of plain text comparisons, so the compiler may use its
   * text fast path (one lower-cased read per field; a multi-name field tested as one).
   */
  textFastPath: boolean;
  prefilter: PrefilterUse;
  /** The value transform (value and regex-flag kinds). */
  transform: Transform | null;
}

type Entry = Omit<ModifierDescriptor, 'name' | 'transform' | 'needsField' | 'follows'> & Partial<Pick<ModifierDescriptor, 'needsField' | 'follows'>>;

/** Literal-preserving text transforms: the result is still text that must occur in the field. */
const TEXT: Entry = { kind: 'value', textFastPath: true, prefilter: 'literal' };
/** Transforms into non-text values (regex, network, number, presence, field reference). */
const OPAQUE: Entry = { kind: 'value', textFastPath: false, prefilter: 'none' };
/** A regex: what it matches holds the literals it requires (its flags change only how it matches them). */
const REGEX: Entry = { kind: 'value', textFastPath: false, prefilter: 'regex' };
const RE_FLAG: Entry = { kind: 'regex-flag', follows: 're', textFastPath: false, prefilter: 'regex' };
const FIELD_ONLY: Entry = { ...OPAQUE, needsField: true };
const TIME_PART: Entry = { kind: 'item', needsField: true, textFastPath: false, prefilter: 'none' };

const ENTRIES: Record<string, Entry> = {
  contains: TEXT,
  startswith: TEXT,
  endswith: TEXT,
  base64: TEXT,
  base64offset: TEXT,
  utf16le: TEXT,
  wide: TEXT,
  utf16be: TEXT,
  utf16: TEXT,
  windash: TEXT,
  expand: TEXT,
  re: REGEX,
  // Sub-modifiers of `re`, by their short and long names (pySigma accepts both).
  i: RE_FLAG,
  ignorecase: RE_FLAG,
  m: RE_FLAG,
  multiline: RE_FLAG,
  s: RE_FLAG,
  dotall: RE_FLAG,
  cidr: OPAQUE,
  exists: FIELD_ONLY,
  fieldref: FIELD_ONLY,
  gt: FIELD_ONLY,
  gte: FIELD_ONLY,
  lt: FIELD_ONLY,
  lte: FIELD_ONLY,
  // `all` links the values with AND: the prefilter then needs only one group's literals.
  all: { kind: 'item', textFastPath: false, prefilter: 'literal' },
  cased: { kind: 'item', textFastPath: true, prefilter: 'literal' },
  neq: { kind: 'item', needsField: true, textFastPath: false, prefilter: 'none' },
  minute: TIME_PART,
  hour: TIME_PART,
  day: TIME_PART,
  week: TIME_PART,
  month: TIME_PART,
  year: TIME_PART,
};

export const MODIFIERS: ReadonlyMap<string, ModifierDescriptor> = new Map(
  Object.entries(ENTRIES).map(([name, e]) => {
    const transform: Transform | null = Object.hasOwn(VALUE_TRANSFORMS, name) ? VALUE_TRANSFORMS[name]! : null;
    if ((e.kind === 'item') === (transform !== null)) throw new Error(`modifier table: '${name}' (${e.kind}) ${transform ? 'has' : 'lacks'} a transform`);
    return [name, { name, needsField: false, follows: null, ...e, transform }];
  }),
);

export const KNOWN_MODIFIERS: ReadonlySet<string> = new Set(MODIFIERS.keys());

export const TIME_PARTS: ReadonlySet<TimePart> = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);

/** The compiler may take the text fast path for this item (its values must still all be text). */
export function allowsTextFastPath(item: Pick<DetectionItem, 'modifiers'>): boolean {
  for (const m of item.modifiers) if (!MODIFIERS.get(m)!.textFastPath) return false;
  return true;
}

/**
 * The item's literal texts, or the literals its regexes require, are necessary for a match
 * (prefilter.ts may derive grams from them).
 */
export function givesPrefilterLiterals(item: Pick<DetectionItem, 'modifiers'>): boolean {
  for (const m of item.modifiers) if (MODIFIERS.get(m)!.prefilter === 'none') return false;
  return true;
}
