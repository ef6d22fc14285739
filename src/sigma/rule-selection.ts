/**
 * Rule selection at load time (hunt --min-level, --status, --tags, --exclude-tags, --exclude-rule,
 * --rule-id): decides from a rule document's own attributes, after YAML parsing and before
 * compilation, which detection and correlation rules are loaded. Filters are never selected
 * away here; they follow the rules they name.
 */
import { isLevel, levelRank, type Level } from '../findings/finding.js';
import { docRefs } from './rule-metadata.js';
import { docKind } from './rule.js';

/** Plain data, so it can be posted to worker threads with the rest of the hunt options. */
export interface RuleSelection {
  /** Load only rules at or above this level. */
  minLevel?: Level;
  /** Statuses to load; 'all' loads every status. Default: every status except deprecated and unsupported. */
  statuses?: string[] | 'all';
  /** Load only rules with a tag starting with one of these (case-insensitive; `attack.t1003` takes `attack.t1003.001`). */
  tags?: string[];
  /** Leave out rules with a tag starting with one of these. */
  excludeTags?: string[];
  /** Rule ids (or names) to leave out. */
  excludeIds?: string[];
  /** Load only these rule ids (or names), plus the rules a selected correlation reads. */
  onlyIds?: string[];
}

/** SigmaHQ's advice: deprecated and unsupported rules are not meant to run. */
export const DEFAULT_EXCLUDED_STATUSES: readonly string[] = ['deprecated', 'unsupported'];

export interface ExcludedRule {
  path: string;
  id: string | null;
  reason: string;
}

export interface SelectableDoc {
  path: string;
  doc: Record<string, unknown>;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const lower = (xs: readonly string[] | undefined): string[] => (xs ?? []).map((x) => x.toLowerCase());

/** Rule ids and names a correlation document reads (`correlation.rules`). */
export function correlationRefs(doc: Record<string, unknown>): string[] {
  const c = doc.correlation;
  if (typeof c !== 'object' || c === null) return [];
  const rules = (c as Record<string, unknown>).rules;
  const list = Array.isArray(rules) ? rules : [rules];
  return list.map((x) => text(x)?.trim() || null).filter((x): x is string => x !== null);
}

/** Why one document's own attributes leave it out, or null when they keep it. */
function attributeReason(doc: Record<string, unknown>, s: RuleSelection): string | null {
  const level = text(doc.level)?.toLowerCase() ?? 'medium';
  if (s.minLevel && isLevel(level) && levelRank(level) < levelRank(s.minLevel)) return `level ${level} below --min-level ${s.minLevel}`;
  const status = text(doc.status)?.toLowerCase() ?? null;
  if (s.statuses === undefined) {
    if (status && DEFAULT_EXCLUDED_STATUSES.includes(status)) return `status ${status} (--status all loads it)`;
  } else if (s.statuses !== 'all' && !lower(s.statuses).includes(status ?? '')) {
    return `status ${status ?? 'missing'} not in --status ${s.statuses.join(',')}`;
  }
  const tags = Array.isArray(doc.tags) ? doc.tags.map((t) => String(t).toLowerCase()) : [];
  const has = (prefixes: string[]): string | undefined => tags.find((t) => prefixes.some((p) => t.startsWith(p)));
  const want = lower(s.tags);
  if (want.length && !has(want)) return `no tag matching --tags ${s.tags!.join(',')}`;
  const unwanted = has(lower(s.excludeTags));
  if (unwanted) return `tag ${unwanted} matches --exclude-tags`;
  return null;
}

/**
 * Splits detection and correlation documents into the ones to load and the ones left out (with a
 * reason each). A kept correlation keeps the rules it reads, as feed-only rules (their own
 * findings are not reported) when the selection left them out; when one of them was named by
 * --exclude-rule, the correlation is left out too, and says which.
 */
export function selectRules<T extends SelectableDoc>(all: readonly T[], selection: RuleSelection): { kept: T[]; excluded: ExcludedRule[]; feedOnly: Set<string> } {
  const isCorrelation = (d: T): boolean => docKind(d.doc) === 'correlation';
  // Filters follow the rules they name; documents that are no rule at all are reported by the loader.
  const docs = all.filter((d) => {
    const kind = docKind(d.doc);
    return kind === 'detection' || kind === 'correlation';
  });
  const only = new Set(selection.onlyIds ?? []);
  const excludedIds = new Set(selection.excludeIds ?? []);
  /** Why a document is left out; `soft` when a correlation that reads it may still keep it. */
  const reasons = new Map<T, { why: string; soft: boolean }>();
  for (const d of docs) {
    const keys = docRefs(d.doc);
    const named = keys.find((k) => excludedIds.has(k));
    if (named) reasons.set(d, { why: `--exclude-rule ${named}`, soft: false });
    else if (only.size) {
      if (!keys.some((k) => only.has(k))) reasons.set(d, { why: 'not named by --rule-id', soft: true });
    } else {
      const why = attributeReason(d.doc, selection);
      if (why) reasons.set(d, { why, soft: true });
    }
  }
  const byKey = new Map<string, T>();
  for (const d of docs) for (const k of docRefs(d.doc)) byKey.set(k, d);
  const feedOnly = new Set<string>();
  for (const d of docs) {
    if (!isCorrelation(d) || reasons.has(d)) continue;
    const refs = correlationRefs(d.doc);
    const hard = refs.filter((r) => reasons.get(byKey.get(r)!)?.soft === false);
    if (hard.length) {
      reasons.set(d, { why: `correlation reads ${hard.join(', ')}, excluded by selection`, soft: false });
      continue;
    }
    for (const r of refs) {
      const base = byKey.get(r);
      if (base && reasons.has(base)) {
        reasons.delete(base);
        for (const k of docRefs(base.doc)) feedOnly.add(k);
      }
    }
  }
  const excluded: ExcludedRule[] = [];
  for (const d of docs) {
    const r = reasons.get(d);
    if (r) excluded.push({ path: d.path, id: docRefs(d.doc)[0] ?? null, reason: r.why });
  }
  return { kept: all.filter((d) => !reasons.has(d)), excluded, feedOnly };
}
