/**
 * Sigma correlation rules: the model and its parser (Sigma correlation specification 2.0, plus the
 * 2.1 metric types value_sum / value_avg / value_percentile, pySigma's value_median and its
 * `percentile:` condition key, and boolean conditions over rule names for temporal types).
 *
 * `parseCorrelationRule(doc, path)` takes one parsed YAML document that has a `correlation:` key and
 * returns the model, or throws `Error(reason)` with a one-line reason naming the offending key.
 */
import type { Level } from '../../findings/finding.js';
import { parseRuleMeta, ruleKey } from '../rule-metadata.js';
import { isRecord } from '../../content/is-record.js';

export const CORRELATION_TYPES = [
  'event_count', 'value_count', 'temporal', 'temporal_ordered',
  'value_sum', 'value_avg', 'value_percentile', 'value_median',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** The comparisons of a correlation condition (not the gt/gte/lt/lte value modifiers: CompareOp in ../values.ts). */
export const THRESHOLD_OPS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ThresholdOp = (typeof THRESHOLD_OPS)[number];

/** Numeric condition: every listed comparison must hold (a map of several is a range). */
export interface ThresholdCondition {
  kind: 'threshold';
  ops: Partial<Record<ThresholdOp, number>>;
}

/** Boolean expression over referenced rule names (temporal and temporal_ordered only). */
export type RuleExpr =
  | { op: 'ref'; ref: string }
  | { op: 'not'; arg: RuleExpr }
  | { op: 'and' | 'or'; args: RuleExpr[] };

export interface ExpressionCondition {
  kind: 'expression';
  text: string;
  expr: RuleExpr;
}

export type CorrelationCondition = ThresholdCondition | ExpressionCondition;

export interface CorrelationRule {
  /** The rule's key: `id`, else `name`, else the title (rule-metadata.ts). */
  id: string;
  name?: string;
  title: string;
  /** Defaults to `medium` when the rule gives none. */
  level: Level;
  tags: string[];
  path: string;
  type: CorrelationType;
  /** References to base rules or other correlations, by id or name, in the listed order. */
  rules: string[];
  generate: boolean;
  /** Empty: one group for all events. Entries may be alias names. */
  groupBy: string[];
  /** The timespan as written (`5m`). */
  timespan: string;
  timespanMs: number;
  condition: CorrelationCondition;
  /** alias name → (rule reference → field name in that rule's events). */
  aliases: Record<string, Record<string, string>>;
  /** The condition's `field` (first one when a list is given). */
  field?: string;
  /** All condition fields (value_count over several fields counts distinct combinations). */
  fields: string[];
  /** value_percentile: which percentile (0–100); value_median: 50. */
  percentile?: number;
}

const UNIT_MS: Record<string, number> = {
  s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000,
  // Months and years as pySigma counts them (average Gregorian lengths).
  M: 2_629_746_000, y: 31_556_952_000,
};

/** `5m` → 300000. Throws on anything but a positive integer followed by s, m, h, d, w, M or y. */
export function parseTimespan(text: unknown): number {
  const m = typeof text === 'string' ? /^(\d+)([smhdwMy])$/.exec(text.trim()) : null;
  const count = m ? Number(m[1]) : 0;
  if (!m || !(count > 0)) {
    throw new Error(`correlation.timespan ${JSON.stringify(text)} is not a positive number followed by s, m, h, d, w, M or y (e.g. 5m)`);
  }
  return count * UNIT_MS[m[2]!]!;
}

const METRIC_TYPES: ReadonlySet<CorrelationType> = new Set(['value_sum', 'value_avg', 'value_percentile', 'value_median']);
const FIELD_TYPES: ReadonlySet<CorrelationType> = new Set([...METRIC_TYPES, 'value_count']);
const TEMPORAL_TYPES: ReadonlySet<CorrelationType> = new Set(['temporal', 'temporal_ordered']);

export function isTemporalType(type: CorrelationType): boolean {
  return TEMPORAL_TYPES.has(type);
}


function stringList(value: unknown, what: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => {
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number') return String(v);
    throw new Error(`${what}${Array.isArray(value) ? `[${i}]` : ''} must be a non-empty string, got ${JSON.stringify(v)}`);
  });
}

function conditionNumber(op: string, v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Error(`correlation.condition.${op} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

/** True when no number can satisfy all comparisons (e.g. `gt: 10, lt: 5`). */
function emptyRange(ops: Partial<Record<ThresholdOp, number>>): boolean {
  let lo = -Infinity, loOpen = false, hi = Infinity, hiOpen = false;
  if (ops.gt !== undefined) { lo = ops.gt; loOpen = true; }
  if (ops.gte !== undefined && (ops.gte > lo || (ops.gte === lo && !loOpen))) { lo = ops.gte; loOpen = false; }
  if (ops.lt !== undefined) { hi = ops.lt; hiOpen = true; }
  if (ops.lte !== undefined && (ops.lte < hi || (ops.lte === hi && !hiOpen))) { hi = ops.lte; hiOpen = false; }
  if (ops.eq !== undefined) {
    const e = ops.eq;
    if (e < lo || (e === lo && loOpen) || e > hi || (e === hi && hiOpen) || e === ops.neq) return true;
    return false;
  }
  if (lo > hi || (lo === hi && (loOpen || hiOpen || ops.neq === lo))) return true;
  return false;
}

// ---- boolean conditions over rule names ------------------------------------------------------

type Token = { kind: 'word'; text: string; at: number } | { kind: '(' | ')'; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:([()])|([^\s()]+))/y;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    m = re.exec(text);
    if (!m) break;
    if (m[1]) tokens.push({ kind: m[1] as '(' | ')', at: m.index + m[0].indexOf(m[1]) });
    else if (m[2]) tokens.push({ kind: 'word', text: m[2], at: m.index + m[0].indexOf(m[2]) });
    pos = re.lastIndex;
  }
  return tokens;
}

/** Parses `a and (b or not c)`; keywords are case-insensitive, precedence not > and > or. */
export function parseRuleExpression(text: string): RuleExpr {
  const tokens = tokenize(text);
  let i = 0;
  const fail = (what: string): never => {
    const at = tokens[i]?.at ?? text.length;
    throw new Error(`correlation.condition "${text}": ${what} at character ${at + 1}`);
  };
  const keyword = (t: Token | undefined, k: string): boolean => t?.kind === 'word' && t.text.toLowerCase() === k;
  const parseOr = (): RuleExpr => {
    const args = [parseAnd()];
    while (keyword(tokens[i], 'or')) { i++; args.push(parseAnd()); }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  };
  const parseAnd = (): RuleExpr => {
    const args = [parseNot()];
    while (keyword(tokens[i], 'and')) { i++; args.push(parseNot()); }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  };
  const parseNot = (): RuleExpr => {
    if (keyword(tokens[i], 'not')) { i++; return { op: 'not', arg: parseNot() }; }
    const t = tokens[i];
    if (!t) return fail('expected a rule name');
    if (t.kind === '(') {
      i++;
      const inner = parseOr();
      if (tokens[i]?.kind !== ')') return fail('expected ")"');
      i++;
      return inner;
    }
    if (t.kind !== 'word') return fail('unexpected ")"');
    if (['and', 'or'].includes(t.text.toLowerCase())) return fail(`unexpected "${t.text}"`);
    i++;
    return { op: 'ref', ref: t.text };
  };
  if (tokens.length === 0) fail('empty condition');
  const expr = parseOr();
  if (i < tokens.length) fail('unexpected text');
  return expr;
}

export function exprRefs(expr: RuleExpr, out: string[] = []): string[] {
  if (expr.op === 'ref') { if (!out.includes(expr.ref)) out.push(expr.ref); }
  else if (expr.op === 'not') exprRefs(expr.arg, out);
  else for (const a of expr.args) exprRefs(a, out);
  return out;
}

export function exprHasNot(expr: RuleExpr): boolean {
  if (expr.op === 'ref') return false;
  if (expr.op === 'not') return true;
  return expr.args.some(exprHasNot);
}

/** Human form of a condition, for findings: `gte 3`, `gt 100 and lte 200`, or the expression. */
export function describeCondition(c: CorrelationCondition): string {
  if (c.kind === 'expression') return c.text;
  return THRESHOLD_OPS.filter((op) => c.ops[op] !== undefined).map((op) => `${op} ${c.ops[op]}`).join(' and ');
}

// ---- the parser ------------------------------------------------------------------------------

const CONDITION_KEYS = new Set<string>([...THRESHOLD_OPS, 'field', 'percentile']);
const CORRELATION_KEYS = new Set(['type', 'rules', 'group-by', 'timespan', 'condition', 'aliases', 'generate', 'field']);

/** The condition of a correlation (a threshold map, or an expression over rule names for the temporal types). */
function parseCondition(rawCond: unknown, type: CorrelationType, listed: string[]): { condition: CorrelationCondition; rules: string[]; fields: string[]; percentile: number | undefined } {
  const temporal = TEMPORAL_TYPES.has(type);
  let rules = listed;
  let fields: string[] = [];
  let percentile: number | undefined;
  if (rawCond === undefined || rawCond === null) {
    if (!temporal) throw new Error(`correlation.condition is missing (required for ${type})`);
    if (rules.length === 0) throw new Error('correlation.rules is missing');
    return { condition: { kind: 'threshold', ops: { gte: rules.length } }, rules, fields, percentile };
  }
  if (typeof rawCond === 'string') {
    if (!temporal) throw new Error(`correlation.condition as an expression ("${rawCond}") is only allowed for temporal and temporal_ordered; ${type} needs a mapping such as {gte: 10}`);
    const expr = parseRuleExpression(rawCond);
    const refs = exprRefs(expr);
    if (rules.length === 0) rules = refs;
    else {
      const unknown = refs.filter((r) => !rules.includes(r));
      if (unknown.length) throw new Error(`correlation.condition names ${unknown.map((u) => `"${u}"`).join(', ')}, not listed in correlation.rules`);
      const unused = rules.filter((r) => !refs.includes(r));
      if (unused.length) throw new Error(`correlation.rules lists ${unused.map((u) => `"${u}"`).join(', ')}, not used in correlation.condition`);
    }
    return { condition: { kind: 'expression', text: rawCond.trim(), expr }, rules, fields, percentile };
  }
  if (!isRecord(rawCond)) {
    throw new Error(`correlation.condition must be a mapping such as {gte: 10}${temporal ? ' or an expression over rule names' : ''}, got ${JSON.stringify(rawCond)}`);
  }
  for (const key of Object.keys(rawCond)) {
    if (!CONDITION_KEYS.has(key)) throw new Error(`correlation.condition.${key} is not a condition key (expected gt, gte, lt, lte, eq, neq, field, percentile)`);
  }
  const ops: Partial<Record<ThresholdOp, number>> = {};
  for (const op of THRESHOLD_OPS) if (rawCond[op] !== undefined) ops[op] = conditionNumber(op, rawCond[op]);
  if (Object.keys(ops).length === 0) throw new Error('correlation.condition has no comparison (gt, gte, lt, lte, eq or neq)');
  if (emptyRange(ops)) throw new Error(`correlation.condition "${describeCondition({ kind: 'threshold', ops })}" can never hold`);
  if (rawCond['field'] !== undefined) fields = stringList(rawCond['field'], 'correlation.condition.field');
  if (rawCond['percentile'] !== undefined) {
    if (type !== 'value_percentile') throw new Error(`correlation.condition.percentile is only meaningful for value_percentile, not ${type}`);
    const p = conditionNumber('percentile', rawCond['percentile']);
    if (p < 0 || p > 100) throw new Error(`correlation.condition.percentile must be between 0 and 100, got ${p}`);
    percentile = p;
  }
  return { condition: { kind: 'threshold', ops }, rules, fields, percentile };
}

/** `aliases`: alias name → (rule reference → field name in that rule's events); references must be listed rules. */
function parseAliases(rawAliases: unknown, rules: readonly string[]): Record<string, Record<string, string>> {
  const aliases: Record<string, Record<string, string>> = {};
  if (rawAliases === undefined || rawAliases === null) return aliases;
  if (!isRecord(rawAliases)) throw new Error('correlation.aliases must be a mapping of alias → {rule: field}');
  for (const [alias, mapping] of Object.entries(rawAliases)) {
    if (!isRecord(mapping)) throw new Error(`correlation.aliases.${alias} must be a mapping of rule name → field name`);
    const m: Record<string, string> = {};
    for (const [ref, field] of Object.entries(mapping)) {
      if (!rules.includes(ref)) throw new Error(`correlation.aliases.${alias} maps rule "${ref}", which correlation.rules does not list`);
      if (typeof field !== 'string' || field.trim() === '') throw new Error(`correlation.aliases.${alias}.${ref} must be a field name, got ${JSON.stringify(field)}`);
      m[ref] = field.trim();
    }
    aliases[alias] = m;
  }
  return aliases;
}

export function parseCorrelationRule(doc: Record<string, unknown>, path: string): CorrelationRule {
  if (!isRecord(doc)) throw new Error('a correlation rule must be a YAML mapping');
  const c = doc['correlation'];
  if (!isRecord(c)) throw new Error('correlation must be a mapping');

  const meta = parseRuleMeta(doc, path);
  const { title, level, tags } = meta;
  const id = ruleKey(meta);

  for (const key of Object.keys(c)) {
    if (!CORRELATION_KEYS.has(key)) throw new Error(`correlation.${key} is not a correlation attribute (expected ${[...CORRELATION_KEYS].join(', ')})`);
  }

  const rawType = c['type'];
  if (rawType === undefined) throw new Error('correlation.type is missing');
  const type = String(rawType).toLowerCase() as CorrelationType;
  if (!(CORRELATION_TYPES as readonly string[]).includes(type)) {
    throw new Error(`correlation.type "${String(rawType)}" is not supported (expected one of ${CORRELATION_TYPES.join(', ')})`);
  }

  let rules: string[] = [];
  if (c['rules'] !== undefined && c['rules'] !== null) {
    rules = stringList(c['rules'], 'correlation.rules');
    const dup = rules.find((r, i) => rules.indexOf(r) !== i);
    if (dup !== undefined) throw new Error(`correlation.rules lists "${dup}" twice`);
  }

  let generate = false;
  if (c['generate'] !== undefined) {
    if (typeof c['generate'] !== 'boolean') throw new Error(`correlation.generate must be true or false, got ${JSON.stringify(c['generate'])}`);
    generate = c['generate'];
  }

  const groupBy = c['group-by'] === undefined || c['group-by'] === null ? [] : stringList(c['group-by'], 'correlation.group-by');

  if (c['timespan'] === undefined) throw new Error('correlation.timespan is missing');
  const timespanMs = parseTimespan(c['timespan']);
  const timespan = String(c['timespan']).trim();

  const parsed = parseCondition(c['condition'], type, rules);
  rules = parsed.rules;
  const { condition } = parsed;
  let { fields, percentile } = parsed;
  if (fields.length === 0 && c['field'] !== undefined) fields = stringList(c['field'], 'correlation.field');
  if (FIELD_TYPES.has(type) && fields.length === 0) throw new Error(`correlation.condition.field is missing (required for ${type})`);
  if (METRIC_TYPES.has(type) && fields.length > 1) throw new Error(`correlation.condition.field must name one field for ${type}, got ${fields.length}`);
  if (type === 'value_percentile' && percentile === undefined) percentile = 50;
  if (type === 'value_median') percentile = 50;

  if (rules.length === 0) throw new Error('correlation.rules is missing or empty');

  const aliases = parseAliases(c['aliases'], rules);

  const rule: CorrelationRule = {
    id, title, level, tags, path, type, rules, generate, groupBy, timespan, timespanMs,
    condition, aliases, fields,
  };
  if (meta.name !== null) rule.name = meta.name;
  if (fields[0] !== undefined) rule.field = fields[0];
  if (percentile !== undefined) rule.percentile = percentile;
  return rule;
}
