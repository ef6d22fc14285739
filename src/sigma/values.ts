/**
 * Typed Sigma values: what a detection item compares an event field against, after modifiers.
 */
import type { SigmaString } from './sigma-string.js';

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte';
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export type RefOp = 'eq' | 'startswith' | 'endswith' | 'contains';

export type SigmaValue =
  /** `bytes`: the text holds one byte per character (after utf16/wide). */
  | { type: 'string'; s: SigmaString; bytes?: boolean }
  | { type: 'number'; n: number }
  | { type: 'bool'; b: boolean }
  | { type: 'null' }
  | { type: 'regex'; source: string; flags: string }
  | { type: 'cidr'; cidr: string }
  | { type: 'fieldref'; field: string; op: RefOp }
  | { type: 'compare'; op: CompareOp; n: number }
  | { type: 'exists'; exists: boolean };

/** One `field|modifiers: values` entry (field null for keywords), after modifiers. */
export interface DetectionItem {
  /** Rule field name (before field mapping); null for a keyword (field-less) search. */
  field: string | null;
  /** The key as written, for messages. */
  key: string;
  /** The modifiers in the order applied (a keyword search gains `contains`); see modifier-descriptors.ts. */
  modifiers: readonly string[];
  /** One group per value written; the alternatives of a group (windash, base64offset, expand) are OR. */
  groups: SigmaValue[][];
  /** How groups combine: OR by default, AND with `all`. */
  linking: 'or' | 'and';
  cased: boolean;
  /** `neq`: the field exists and equals none of the values. */
  neq: boolean;
  /** Time modifier: compare this part of a date field. */
  timePart?: TimePart;
}
