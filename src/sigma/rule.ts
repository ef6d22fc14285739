/**
 * The rule model: a YAML document classified as a detection, filter or correlation rule, with its
 * detection section parsed into search identifiers (OR of AND-maps of detection items) and its
 * condition parsed into a tree.
 */
import { parseCondition, type ConditionNode } from './condition.js';
import { buildItem, type ModifierContext } from './modifiers.js';
import { parseRuleMeta, type RuleMeta } from './rule-metadata.js';
import type { DetectionItem } from './values.js';
import { isRecord } from '../content/is-record.js';

/** A search identifier: OR over alternatives, each an AND of detection items. */
export interface SearchIdentifier {
  name: string;
  alternatives: DetectionItem[][];
}

export interface Detection {
  identifiers: Map<string, SearchIdentifier>;
  condition: ConditionNode;
}

export interface DetectionRule extends RuleMeta {
  kind: 'detection';
  detection: Detection;
}

export interface FilterRule extends RuleMeta {
  kind: 'filter';
  /** Ids or names of the rules the filter applies to, or 'any' (every rule of its logsource). */
  targets: string[] | 'any';
  detection: Detection;
}

export type RawDoc = Record<string, unknown>;

function parseIdentifier(name: string, value: unknown, ctx: ModifierContext): SearchIdentifier {
  const alternatives: DetectionItem[][] = [];
  const mapToItems = (m: Record<string, unknown>): DetectionItem[] => {
    const entries = Object.entries(m);
    if (entries.length === 0) throw new Error(`search identifier '${name}' has an empty map`);
    return entries.map(([k, v]) => buildItem(k, v, ctx));
  };
  if (isRecord(value)) alternatives.push(mapToItems(value));
  else if (Array.isArray(value)) {
    const keywords: unknown[] = [];
    for (const entry of value) {
      if (isRecord(entry)) alternatives.push(mapToItems(entry));
      else if (Array.isArray(entry)) throw new Error(`search identifier '${name}' has a nested list`);
      else keywords.push(entry);
    }
    if (keywords.length) alternatives.push([buildItem('', keywords, ctx)]);
    if (value.length === 0) throw new Error(`search identifier '${name}' is an empty list`);
  } else if (typeof value === 'string' || typeof value === 'number') alternatives.push([buildItem('', [value], ctx)]);
  else throw new Error(`search identifier '${name}' has no values`);
  return { name, alternatives };
}

/** Parse a `detection:` section (or a filter's `filter:` section, minus `rules`). */
export function parseDetection(section: unknown, ctx: ModifierContext, skip: readonly string[] = []): Detection {
  if (!isRecord(section)) throw new Error(`'detection' is not a map`);
  const identifiers = new Map<string, SearchIdentifier>();
  for (const [name, value] of Object.entries(section)) {
    if (name === 'condition' || name === 'timeframe' || skip.includes(name)) continue;
    identifiers.set(name, parseIdentifier(name, value, ctx));
  }
  const cond = section.condition;
  let condition: ConditionNode;
  const names = [...identifiers.keys()];
  if (typeof cond === 'string') condition = parseCondition(cond, names);
  else if (Array.isArray(cond) && cond.length > 0 && cond.every((c) => typeof c === 'string')) {
    const parts = (cond as string[]).map((c) => parseCondition(c, names));
    condition = parts.length === 1 ? parts[0]! : { op: 'or', args: parts };
  } else throw new Error(`missing or invalid 'condition'`);
  return { identifiers, condition };
}

export function parseDetectionRule(doc: RawDoc, path: string, ctx: ModifierContext): DetectionRule {
  const meta = parseRuleMeta(doc, path);
  return { ...meta, kind: 'detection', detection: parseDetection(doc.detection, ctx) };
}

export function parseFilterRule(doc: RawDoc, path: string, ctx: ModifierContext): FilterRule {
  const meta = parseRuleMeta(doc, path);
  const f = doc.filter;
  if (!isRecord(f)) throw new Error(`'filter' is not a map`);
  const rules = f.rules;
  // As pySigma reads it: 'any' or 'all', or an empty list, means every rule of the logsource.
  let targets: string[] | 'any';
  if (typeof rules === 'string') targets = ['any', 'all'].includes(rules.toLowerCase()) ? 'any' : [rules];
  else if (Array.isArray(rules)) targets = rules.length ? rules.map((r) => String(r)) : 'any';
  else throw new Error(`filter has no 'rules' (rule ids or names, or 'any')`);
  return { ...meta, kind: 'filter', targets, detection: parseDetection(f, ctx, ['rules']) };
}

/** The kind of a YAML document, from the section it carries. */
export function docKind(doc: RawDoc): 'detection' | 'correlation' | 'filter' | null {
  if (isRecord(doc.correlation)) return 'correlation';
  if (isRecord(doc.filter) && !('detection' in doc)) return 'filter';
  if ('detection' in doc) return 'detection';
  return null;
}
