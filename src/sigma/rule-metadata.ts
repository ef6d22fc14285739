/**
 * The metadata every Sigma rule carries, whatever its kind (detection, filter, correlation): id,
 * name, title, level, tags and logsource. One parser reads it for all kinds, so they agree on
 * defaults and on what is refused.
 *
 * A rule's key (the id its findings, `rules list`, coverage rows and regression cases use) is, in
 * this order: its `id`, else its `name`, else its `title`. Not its path: a rule's key must not
 * change with the folder the rule file lies in, or with the machine.
 */
import { isLevel, type Level } from '../findings/finding.js';
import { isRecord } from '../content/is-record.js';

export type Logsource = Record<string, string>;

export interface RuleMeta {
  id: string | null;
  name: string | null;
  title: string;
  /** `medium` when the rule gives none. */
  level: Level;
  tags: string[];
  logsource: Logsource;
  path: string;
}

/** A string, or a number as text (YAML reads `id: 42` as a number); else null. */
function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** Throws (message without the file; the loader adds it) on a missing title or an unknown level. */
export function parseRuleMeta(doc: Record<string, unknown>, path: string): RuleMeta {
  const title = text(doc.title)?.trim();
  if (!title) throw new Error(`missing 'title'`);
  const levelText = doc.level === undefined || doc.level === null ? 'medium' : String(doc.level).toLowerCase();
  if (!isLevel(levelText)) throw new Error(`unknown level '${levelText}' (informational, low, medium, high, critical)`);
  const tags = Array.isArray(doc.tags) ? doc.tags.map((t) => String(t)) : typeof doc.tags === 'string' ? [doc.tags] : [];
  const logsource: Logsource = {};
  if (isRecord(doc.logsource)) {
    for (const [k, v] of Object.entries(doc.logsource)) if (v !== null && v !== undefined) logsource[k] = String(v);
  }
  return { id: refText(doc.id), name: refText(doc.name), title, level: levelText, tags, logsource, path };
}

/** An id or name as the rule's references use it: text, trimmed; null when absent or empty. */
function refText(v: unknown): string | null {
  return text(v)?.trim() || null;
}

/** ruleRefs of a raw document that may not parse (rule selection reads documents before parsing). */
export function docRefs(doc: Record<string, unknown>): string[] {
  return [refText(doc.id), refText(doc.name)].filter((k): k is string => k !== null);
}

/** The rule's key: id, else name, else title (see the file comment). */
export function ruleKey(meta: Pick<RuleMeta, 'id' | 'name' | 'title'>): string {
  return meta.id ?? meta.name ?? meta.title;
}

/** The references other rules (correlations, filters) may use for this rule: its id and its name. */
export function ruleRefs(meta: Pick<RuleMeta, 'id' | 'name'>): string[] {
  return [meta.id, meta.name].filter((k): k is string => k !== null);
}
