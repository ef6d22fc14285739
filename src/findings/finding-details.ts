/**
 * The key fields of a finding's event for spreadsheet columns (hunt --format csv): Event ID,
 * channel, user and a details cell (the command line of a process creation, the file of a file
 * event, the query of a DNS event, address:port of a connection, the request of a web log).
 * Which fields, in which order, is data: content/finding-details.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentPath } from '../content/content-path.js';
import type { Finding } from './finding.js';

interface DetailsEntry {
  what: string;
  fields: string[];
  join?: string;
}

export interface FindingDetailsTable {
  event_id: string[];
  channel: string[];
  user: string[];
  details: DetailsEntry[];
}

/** content/ beside dist/: dist/src/findings → three levels up. */
export const defaultDetailsPath = contentPath('finding-details.json');

let shipped: FindingDetailsTable | undefined;

export function loadDetailsTable(file = defaultDetailsPath): FindingDetailsTable {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<FindingDetailsTable>;
  for (const key of ['event_id', 'channel', 'user', 'details'] as const) {
    if (!Array.isArray(data[key])) throw new Error(`${file}: '${key}' is not a list`);
  }
  return data as FindingDetailsTable;
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function first(event: Record<string, unknown>, fields: readonly string[]): string {
  for (const f of fields) {
    const v = text(event[f]);
    if (v !== undefined) return v;
  }
  return '';
}

export interface FindingDetails {
  eventId: string;
  channel: string;
  user: string;
  details: string;
}

export function findingDetails(f: Finding, table: FindingDetailsTable = (shipped ??= loadDetailsTable())): FindingDetails {
  const event = (f.event ?? {}) as Record<string, unknown>;
  let details = '';
  for (const entry of table.details) {
    if (text(event[entry.fields[0]!]) === undefined) continue;
    details = entry.fields.map((n) => text(event[n])).filter((x): x is string => x !== undefined).join(entry.join ?? ' ');
    break;
  }
  return { eventId: first(event, table.event_id), channel: first(event, table.channel), user: first(event, table.user), details };
}
