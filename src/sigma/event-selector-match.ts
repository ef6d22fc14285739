/**
 * Whether an event belongs to an event selector (mapping.ts): the one test both the rule index
 * (which events reach which rules) and `coverage` (which log sources a data set holds) make.
 *
 * In two parts, because the index decides the first once per kind of event and the second per event:
 * - the event's kind: its Windows channel (a non-empty `Channel`, compared lower-cased), its event
 *   ID (`EventID` as text, trimmed; '' when absent) and its reader format (lower-cased). A selector
 *   with channels takes only events with a channel (`*`: any), one without takes only events
 *   without; event IDs and formats, when the selector gives them, must match.
 * - the guard: field conditions (values compared lower-cased), fields present, file name glob.
 */
import type { EventFields } from '../events/event.js';
import type { EventSelector } from './mapping.js';

/** The part of an event the guard reads (an EventView qualifies). */
export interface GuardedEvent {
  fields: EventFields;
  /** The source file's path. */
  path: string;
}

/** The event's Windows channel as written, or null when it has none (a missing or empty `Channel`). */
export function windowsChannel(fields: EventFields): string | null {
  const channel = fields.Channel;
  return typeof channel === 'string' && channel !== '' ? channel : null;
}

/** The event ID as text, trimmed; '' when the event has none. */
export function eventIdText(fields: EventFields): string {
  const id = fields.EventID;
  if (id === undefined || id === null) return '';
  return typeof id === 'number' ? String(id) : String(id).trim();
}

export interface EventKind {
  /** Lower-cased Windows channel, or null. */
  channel: string | null;
  eventId: string;
  /** Lower-cased reader format. */
  format: string;
}

export function eventKind(fields: EventFields, format: string): EventKind {
  return { channel: windowsChannel(fields)?.toLowerCase() ?? null, eventId: eventIdText(fields), format: format.toLowerCase() };
}

/** Channel, event ID and format: does the selector take this kind of event? */
export function selectorTakesKind(s: EventSelector, kind: EventKind): boolean {
  if (s.channels) {
    if (kind.channel === null || !(s.channels.includes('*') || s.channels.includes(kind.channel))) return false;
  } else if (kind.channel !== null) return false;
  if (s.eventIds && !s.eventIds.includes(kind.eventId)) return false;
  if (s.formats && !s.formats.includes(kind.format)) return false;
  return true;
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** The guard a selector adds on top of the event's kind: field conditions, presence, file name; null when none. */
export function selectorGuard(s: EventSelector): ((event: GuardedEvent) => boolean) | null {
  const checks: Array<(event: GuardedEvent) => boolean> = [];
  for (const [field, values] of s.conditions) {
    checks.push((event) => {
      const v = event.fields[field];
      return v !== undefined && v !== null && !Array.isArray(v) && values.includes(String(v).toLowerCase());
    });
  }
  if (s.fieldsAll) {
    const fs = s.fieldsAll;
    checks.push((event) => fs.every((f) => event.fields[f] !== undefined));
  }
  if (s.fieldsAny) {
    const fs = s.fieldsAny;
    checks.push((event) => fs.some((f) => event.fields[f] !== undefined));
  }
  if (s.file) {
    const re = s.file;
    checks.push((event) => re.test(baseName(event.path)));
  }
  if (checks.length === 0) return null;
  return (event) => {
    for (const c of checks) if (!c(event)) return false;
    return true;
  };
}

/** The whole test, built once per selector (coverage; the index splits it, see above). */
export function selectorMatcher(s: EventSelector): (fields: EventFields, source: { format: string; path: string }) => boolean {
  const guard = selectorGuard(s);
  return (fields, source) => selectorTakesKind(s, eventKind(fields, source.format)) && (guard === null || guard({ fields, path: source.path }));
}
