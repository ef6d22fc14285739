/**
 * The scope of a hunt, search or stats run: which events are looked at at all. Plain data
 * (`EventScope`, posted to worker threads unchanged), compiled once into a predicate that costs a
 * few comparisons per event and allocates nothing.
 *
 * - time window: `from` ≤ time < `to` (epoch ms); an event without a time is outside any window;
 * - hosts: globs matched case-insensitively against the names of the event's machine: its host value,
 *   its canonical host and aliases (host-directory.ts), and the short name of each FQDN (`DC01`
 *   matches `DC01.corp.example`). Canonical hosts need every file's evidence, so the caller resolves them
 *   first and passes `hostsInScope` / `hostsOutOfScope`: the raw host values seen, split by whether
 *   a name of their machine passes the globs. The lists depend on the evidence set alone, so 1 and
 *   N threads keep the same events. A value the first pass did not see (standard input, which can
 *   be read once) is judged by its own name;
 * - channel: globs against the Windows `Channel` field or the reader format (`evtx`, `w3c`, `zeek`…);
 * - Event IDs: include and exclude lists.
 */
import type { HuntEvent } from '../events/event.js';
import { globToRegExp } from '../text/glob-pattern.js';

export interface EventScope {
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  hosts: string[];
  excludeHosts: string[];
  channels: string[];
  eventIds: number[];
  excludeEventIds: number[];
  /** Path globs of files never read (text/glob-pattern.ts). */
  excludePaths: string[];
  /** Raw host values in and out of scope (set by the caller once hosts are resolved; see above). */
  hostsInScope?: string[];
  hostsOutOfScope?: string[];
}

export const EMPTY_SCOPE: EventScope = Object.freeze({
  hosts: [], excludeHosts: [], channels: [], eventIds: [], excludeEventIds: [], excludePaths: [],
}) as EventScope;

export const IN_SCOPE = 0;
export const OUTSIDE_WINDOW = 1;
export const FILTERED = 2;
export type ScopeVerdict = typeof IN_SCOPE | typeof OUTSIDE_WINDOW | typeof FILTERED;

/** True when host globs are given: the caller must resolve hosts and set `hostsInScope` first. */
export function needsHosts(scope: EventScope): boolean {
  return scope.hosts.length > 0 || scope.excludeHosts.length > 0;
}

/** True when the scope keeps every event (the hot loop can skip the predicate). */
export function keepsEverything(scope: EventScope): boolean {
  return scope.from === undefined && scope.to === undefined && !needsHosts(scope)
    && scope.channels.length === 0 && scope.eventIds.length === 0 && scope.excludeEventIds.length === 0;
}

/** Do the names of one machine (host value, canonical host, aliases) pass the host globs? */
export function hostMatcher(scope: EventScope): (names: readonly string[]) => boolean {
  const include = scope.hosts.map((g) => globToRegExp(g, true));
  const exclude = scope.excludeHosts.map((g) => globToRegExp(g, true));
  const shortName = (n: string): string => (/^[\d.:]+$/.test(n) || !n.includes('.') ? n : n.slice(0, n.indexOf('.')));
  const any = (res: RegExp[], names: readonly string[]): boolean => res.some((r) => names.some((n) => r.test(n) || r.test(shortName(n))));
  return (names) => (include.length === 0 || any(include, names)) && !any(exclude, names);
}

function eventIdOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return Number(v);
  return NaN;
}

/** Host value → in scope, from the resolved lists, else by its own name; the last answer is kept. */
function hostDecider(scope: EventScope): (host: string) => boolean {
  const inScope = new Set(scope.hostsInScope);
  const outOfScope = new Set(scope.hostsOutOfScope);
  const byName = hostMatcher(scope);
  // An event without a host passes only exclusions.
  const hostless = scope.hosts.length === 0;
  let last = '';
  let lastOk = hostless;
  return (host) => {
    if (host === '') return hostless;
    if (host !== last) {
      last = host;
      lastOk = inScope.has(host) || (!outOfScope.has(host) && byName([host]));
    }
    return lastOk;
  };
}

export type ScopePredicate = (event: HuntEvent, host: string) => ScopeVerdict;

export function compileScope(scope: EventScope): ScopePredicate {
  const from = scope.from ?? -Infinity;
  const to = scope.to ?? Infinity;
  const timed = scope.from !== undefined || scope.to !== undefined;
  if (needsHosts(scope) && !scope.hostsInScope) throw new Error('event scope: host globs given but hosts not resolved');
  const hostOk = needsHosts(scope) ? hostDecider(scope) : null;
  const channels = scope.channels.map((g) => globToRegExp(g, true));
  const include = scope.eventIds.length ? new Set(scope.eventIds) : null;
  const exclude = scope.excludeEventIds.length ? new Set(scope.excludeEventIds) : null;
  // Runs of events share a channel and format: remember the last answer.
  let lastChannel: unknown = undefined;
  let lastFormat = '';
  let lastChannelOk = true;
  return (event, host) => {
    if (timed) {
      const t = event.time;
      if (!(t >= from && t < to)) return OUTSIDE_WINDOW;
    }
    if (hostOk && !hostOk(host)) return FILTERED;
    if (channels.length) {
      const ch = event.fields.Channel;
      const format = event.source.format;
      if (ch !== lastChannel || format !== lastFormat) {
        lastChannel = ch;
        lastFormat = format;
        const text = typeof ch === 'string' ? ch : '';
        lastChannelOk = channels.some((r) => r.test(format) || (text !== '' && r.test(text)));
      }
      if (!lastChannelOk) return FILTERED;
    }
    if (include || exclude) {
      const id = eventIdOf(event.fields.EventID);
      if (include && !include.has(id)) return FILTERED;
      if (exclude && exclude.has(id)) return FILTERED;
    }
    return IN_SCOPE;
  };
}
