/**
 * The scope options shared by hunt, search and stats (one parser, one meaning per flag):
 * `--from`/`--to`, `--tz`, `--host`/`--exclude-host`, `--channel`, `--eid`/`--exclude-eid`,
 * `--exclude PATH_GLOB`. `addScopeOptions(command)` registers them; `scopeFromFlags(flags)` turns
 * the parsed flags into the engine's EventScope (src/engine/event-scope.ts).
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { EventScope } from '../engine/event-scope.js';
import { isTimeZone } from '../events/display-time.js';
import { collect } from './options.js';
import { UsageError } from './usage-error.js';

export interface ScopeFlags {
  from?: number;
  to?: number;
  tz: string;
  host: string[];
  excludeHost: string[];
  channel: string[];
  eid: number[];
  excludeEid: number[];
  exclude: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_MS = 86_400_000;

/**
 * ISO 8601 date or date-time in epoch ms. A date-time without a zone is UTC. A bare date is the
 * start of that day (UTC) for --from and the end of it for --to; a date-time --to is inclusive.
 */
export function parseTimeBound(value: string, end: boolean): number {
  const text = value.trim();
  if (DATE.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(ms)) throw new InvalidArgumentError(`'${value}' is not a date (expected YYYY-MM-DD)`);
    return end ? ms + DAY_MS : ms;
  }
  if (DATE_TIME.test(text)) {
    const iso = text.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(iso) ? iso : `${iso}Z`);
    if (!Number.isNaN(ms)) return end ? ms + 1 : ms;
  }
  throw new InvalidArgumentError(`'${value}' is not an ISO 8601 date or date-time (e.g. 2019-03-04 or 2019-03-04T10:00:00+02:00)`);
}

function parseEventIds(value: string, previous: number[] = []): number[] {
  const out = [...previous];
  for (const part of value.split(',')) {
    const t = part.trim();
    if (!/^\d{1,10}$/.test(t)) throw new InvalidArgumentError(`'${t}' is not an Event ID (expected whole numbers, comma separated)`);
    out.push(Number(t));
  }
  return out;
}

function parseZone(value: string): string {
  if (!isTimeZone(value)) throw new InvalidArgumentError(`'${value}' is not a time zone (expected UTC or an IANA name such as Europe/Berlin)`);
  return value;
}

/** Register the scope options on a command (hunt, search, stats). */
export function addScopeOptions(command: Command): Command {
  return command
    .option('--from <time>', 'only events at or after TIME (ISO 8601 date or date-time; no zone = UTC)', (v: string) => parseTimeBound(v, false))
    .option('--to <time>', 'only events up to TIME (inclusive; a bare date means to the end of that day, UTC)', (v: string) => parseTimeBound(v, true))
    .option('--tz <zone>', 'time zone for times shown to people (IANA name; JSONL stays UTC)', parseZone, 'UTC')
    .option('--host <glob>', 'only events of these hosts (glob, case-insensitive; host value or canonical host; repeatable)', collect, [])
    .option('--exclude-host <glob>', 'leave out events of these hosts (glob; repeatable)', collect, [])
    .option('--channel <glob>', 'only events of this channel or log format (Security, *Sysmon*, w3c, zeek…; repeatable)', collect, [])
    .option('--eid <ids>', 'only these Event IDs (comma list; repeatable)', parseEventIds, [])
    .option('--exclude-eid <ids>', 'leave out these Event IDs (comma list; repeatable)', parseEventIds, [])
    .option('--exclude <path-glob>', 'do not read files matching the glob (`*.gz`, `**/archive/**`; repeatable)', collect, []);
}

export function scopeFromFlags(flags: ScopeFlags): EventScope {
  if (flags.from !== undefined && flags.to !== undefined && flags.from >= flags.to) {
    throw new UsageError('--from must be earlier than --to');
  }
  return {
    from: flags.from, to: flags.to,
    hosts: flags.host, excludeHosts: flags.excludeHost, channels: flags.channel,
    eventIds: flags.eid, excludeEventIds: flags.excludeEid, excludePaths: flags.exclude,
  };
}
