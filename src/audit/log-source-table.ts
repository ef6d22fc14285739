/**
 * The audit's log-source table (content/mappings/audit/log-sources.yml): which Windows channel,
 * provider and Event ID, or which fields, make an event one of the log sources the checks need.
 * Parsed and validated once; a malformed table is an error naming the file and the key.
 */
import type { EventFields } from '../events/event.js';
import { contentPath } from '../content/content-path.js';
import { dataFileLoader, DataShape } from '../content/data-file.js';

export const LOG_SOURCE_IDS = ['sysmon-1', 'sysmon-10', 'security-4688-cmdline', 'powershell-4104', 'iis-w3c', 'dns'] as const;
export type LogSourceId = (typeof LOG_SOURCE_IDS)[number];
/** What an event counts as: a log source, or a Security 4688 event without its command line. */
export type LogSourceCount = LogSourceId | 'no-cmdline';

export const DEFAULT_LOG_SOURCE_TABLE = contentPath('mappings', 'audit', 'log-sources.yml');

interface LogSourceRule {
  source: LogSourceId;
  eventIds: number[];
  channels: string[];
  channelParts: string[];
  providerParts: string[];
  fieldsAll: string[];
  fieldEquals: Array<[string, string]>;
  needsValue: string | null;
  otherwise: LogSourceCount | null;
  hostFields: string[];
}

export interface LogSourceTable {
  /** What `fields` counts as, and the host it names; null when no rule matches. */
  classify(fields: EventFields): { count: LogSourceCount; host: string } | null;
}

const RULE_KEYS = ['source', 'eventid', 'channel', 'channel_contains', 'provider_contains', 'fields_all', 'field_equals', 'needs_value', 'otherwise', 'host_fields'];

function text(f: EventFields, name: string): string {
  const v = f[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function firstText(f: EventFields, names: readonly string[]): string {
  for (const n of names) {
    const v = text(f, n);
    if (v) return v;
  }
  return '';
}

function parseRule(shape: DataShape, raw: unknown, key: string, hostFields: string[]): LogSourceRule {
  const r = shape.map(raw, key, RULE_KEYS);
  const oneOf = <T extends string>(v: unknown, k: string, allowed: readonly T[]): T =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : shape.fail(`${key}.${k}`, `expected one of ${allowed.join(', ')}`);
  const lower = (v: unknown, k: string): string[] => shape.strings(v, `${key}.${k}`).map((s) => s.toLowerCase());
  const equals = r.field_equals === undefined ? {} : shape.map(r.field_equals, `${key}.field_equals`);
  const needsValue = r.needs_value === undefined ? null : shape.strings(r.needs_value, `${key}.needs_value`)[0] ?? null;
  if ((needsValue === null) !== (r.otherwise === undefined)) shape.fail(key, 'needs_value and otherwise go together');
  return {
    source: oneOf(r.source, 'source', LOG_SOURCE_IDS),
    eventIds: shape.numbers(r.eventid, `${key}.eventid`),
    channels: lower(r.channel, 'channel'),
    channelParts: lower(r.channel_contains, 'channel_contains'),
    providerParts: lower(r.provider_contains, 'provider_contains'),
    fieldsAll: shape.strings(r.fields_all, `${key}.fields_all`),
    fieldEquals: Object.entries(equals).map(([k, v]) => [k, shape.strings(v, `${key}.field_equals.${k}`)[0]!.toLowerCase()]),
    needsValue,
    otherwise: r.otherwise === undefined ? null : oneOf(r.otherwise, 'otherwise', [...LOG_SOURCE_IDS, 'no-cmdline'] as const),
    hostFields: r.host_fields === undefined ? hostFields : shape.strings(r.host_fields, `${key}.host_fields`),
  };
}

/** Parse a log-source table already read from `file`. */
export function parseLogSourceTable(doc: unknown, file: string): LogSourceTable {
  const shape = new DataShape(file);
  const top = shape.map(doc, '', ['channel_fields', 'provider_fields', 'host_fields', 'rules']);
  const channelFields = shape.strings(top.channel_fields, 'channel_fields');
  const providerFields = shape.strings(top.provider_fields, 'provider_fields');
  const hostFields = shape.strings(top.host_fields, 'host_fields');
  const rules = shape.list(top.rules, 'rules').map((r, i) => parseRule(shape, r, `rules[${i}]`, hostFields));
  return {
    classify(f: EventFields) {
      const id = Number(f.EventID);
      const channel = firstText(f, channelFields).toLowerCase();
      const provider = firstText(f, providerFields).toLowerCase();
      for (const r of rules) {
        if (r.eventIds.length > 0 && !r.eventIds.includes(id)) continue;
        const byOrigin = r.channels.length + r.channelParts.length + r.providerParts.length > 0;
        if (byOrigin && !r.channels.includes(channel) && !r.channelParts.some((p) => channel.includes(p)) && !r.providerParts.some((p) => provider.includes(p))) continue;
        if (!r.fieldsAll.every((n) => n in f)) continue;
        if (!r.fieldEquals.every(([n, v]) => text(f, n).toLowerCase() === v)) continue;
        const empty = r.needsValue !== null && text(f, r.needsValue).trim() === '';
        return { count: empty ? r.otherwise! : r.source, host: firstText(f, r.hostFields) };
      }
      return null;
    },
  };
}

/** The table from `file` (default: the shipped one, read once). */
export const loadLogSourceTable: (file?: string) => LogSourceTable = dataFileLoader(DEFAULT_LOG_SOURCE_TABLE, parseLogSourceTable);
