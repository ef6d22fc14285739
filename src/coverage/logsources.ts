/**
 * Which log sources a rule reads (through the shipped logsource mapping) and whether a data set
 * holds any event of them. A correlation rule reads what its base rules read.
 */
import type { HuntEvent } from '../events/event.js';
import { selectorMatcher } from '../sigma/event-selector-match.js';
import { loadMappings, type EventSelector, type LogsourceMapping } from '../sigma/mapping.js';
import type { SigmaRuleInfo } from '../sigma/index.js';
import { openInput, walkFiles, type ReadProblem } from '../sources/index.js';

/** A rule's needs: the selectors of its own logsource, or of its base rules for a correlation. */
export interface RuleNeeds {
  selectors: EventSelector[];
  /** Human-readable names of what is read, e.g. `Microsoft-Windows-Sysmon/Operational 1`. */
  labels: string[];
}

export function describeSelector(s: EventSelector): string {
  const parts: string[] = [];
  if (s.channels) parts.push(s.channels.includes('*') ? 'any Windows channel' : s.channels.join('|'));
  if (s.eventIds) parts.push(`EventID ${s.eventIds.join(',')}`);
  if (s.formats) parts.push(`format ${s.formats.join('|')}`);
  for (const [f, v] of s.conditions) parts.push(`${f}=${v.join('|')}`);
  if (s.file) parts.push(`file ${s.file.source.replace(/^\^|\$$/g, '').replace(/\.\*/g, '*').replace(/\\\./g, '.')}`);
  if (s.fieldsAll) parts.push(`fields ${s.fieldsAll.join('+')}`);
  if (s.fieldsAny) parts.push(`any of ${s.fieldsAny.join('|')}`);
  return parts.length ? parts.join(' ') : 'any non-Windows event';
}

/** The deepest chain of correlations over correlations that is followed to base rules. */
const MAX_CORRELATION_DEPTH = 8;

/**
 * What each rule needs, by rule id, from the loaded rules themselves (no rule file is read again).
 * Correlations are resolved through their base rules (nested ones too).
 */
export function ruleNeeds(rules: readonly SigmaRuleInfo[], mappingsDir?: string): Map<string, RuleNeeds> {
  const mapping: LogsourceMapping = loadMappings(mappingsDir);
  const byRef = new Map<string, SigmaRuleInfo>();
  for (const r of rules) for (const ref of r.refs) byRef.set(ref, r);
  const selectorsOf = (r: SigmaRuleInfo, depth: number): EventSelector[] => {
    if (r.kind !== 'correlation') return mapping.resolve(r.logsource).selectors;
    if (depth >= MAX_CORRELATION_DEPTH) return [];
    return r.bases.flatMap((ref) => {
      const base = byRef.get(ref);
      return base ? selectorsOf(base, depth + 1) : [];
    });
  };
  const out = new Map<string, RuleNeeds>();
  for (const r of rules) {
    const selectors = selectorsOf(r, 0);
    out.set(r.id, { selectors, labels: [...new Set(selectors.map(describeSelector))] });
  }
  return out;
}

/** Each selector's matcher, built once (selectors live as long as the mapping that made them). */
const matchers = new WeakMap<EventSelector, ReturnType<typeof selectorMatcher>>();

/** Does one event belong to a selector? The engine's own test (src/sigma/event-selector-match.ts). */
export function eventMatchesSelector(event: HuntEvent, s: EventSelector): boolean {
  let match = matchers.get(s);
  if (!match) matchers.set(s, (match = selectorMatcher(s)));
  return match(event.fields, event.source);
}

/** Moves every selector of `pending` that the event belongs to into `present`. */
export function markPresent(event: HuntEvent, pending: Set<EventSelector>, present: Set<EventSelector>): void {
  for (const s of pending) {
    if (eventMatchesSelector(event, s)) {
      present.add(s);
      pending.delete(s);
    }
  }
}

export interface DataScan {
  /** Selectors (from the set asked about) that at least one event matched. */
  present: Set<EventSelector>;
  events: number;
  files: number;
  problems: ReadProblem[];
}

/**
 * Read the data and note which selectors have events. A file is read until every selector is
 * satisfied; unreadable records and files are counted as problems, never dropped silently.
 */
export async function scanData(paths: string[], selectors: EventSelector[], followSymlinks = false): Promise<DataScan> {
  const pending = new Set(selectors);
  const present = new Set<EventSelector>();
  const problems: ReadProblem[] = [];
  const onProblem = (p: ReadProblem): void => {
    problems.push(p);
  };
  let events = 0;
  let files = 0;
  for (const file of walkFiles(paths, { onProblem, followSymlinks })) {
    if (pending.size === 0) break;
    let reader;
    try {
      reader = await openInput(file);
    } catch (err) {
      problems.push({ path: file, where: 'file', reason: (err as Error).message });
      continue;
    }
    files++;
    try {
      for await (const batch of reader.read(file, { onProblem })) {
        for (const ev of batch) {
          events++;
          markPresent(ev, pending, present);
        }
        if (pending.size === 0) break;
      }
    } catch (err) {
      problems.push({ path: file, where: 'file', reason: (err as Error).message });
    }
  }
  return { present, events, files, problems };
}
