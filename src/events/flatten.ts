/**
 * Flattening of the record shapes readers meet into the flat EventFields Sigma rules expect.
 *
 * - evtx_dump JSON / EVTX reader output: `{"Event":{"System":…,"EventData":…|"UserData":…}}`
 * - Winlogbeat / ECS: `{"winlog":{"event_data":…,"channel":…,"event_id":…},"@timestamp":…}`
 * - anything else: nested objects flattened with dotted keys, top-level keys kept as they are.
 */
import type { EventFields, FieldValue } from './event.js';
import { nestedDeeperThan } from './json-depth.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const ATTRS = '#attributes';
const TEXT = '#text';

/**
 * Deepest nesting a record may have. A deeper one (an attacker's `{"a":{"a":…}}` 5,000 levels
 * down) would overflow the stack in flattening, in JSON.stringify of a finding's event and in
 * structured cloning between threads, so flattenRecord refuses it with NestingTooDeep and the
 * reader reports that one record.
 */
export const MAX_NESTING = 100;

export class NestingTooDeep extends Error {
  constructor() {
    super(`nested deeper than ${MAX_NESTING} levels`);
  }
}

/** Throws NestingTooDeep when objects or arrays in `value` nest deeper than MAX_NESTING. */
export function checkNesting(value: unknown): void {
  if (nestedDeeperThan(value, MAX_NESTING)) throw new NestingTooDeep();
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Value of an XML-as-JSON node: its #text when it is an element with attributes, else itself. */
function nodeValue(v: Json | undefined): FieldValue {
  if (v === undefined) return null;
  if (isObject(v)) {
    if (TEXT in v) return nodeValue(v[TEXT]);
    // An element with only attributes (or empty) has no text value.
    return null;
  }
  if (Array.isArray(v)) return v.map((x) => nodeValue(x));
  return v;
}

function attr(v: Json | undefined, name: string): FieldValue | undefined {
  if (!isObject(v)) return undefined;
  const a = v[ATTRS];
  if (!isObject(a)) return undefined;
  const x = a[name];
  return x === undefined ? undefined : nodeValue(x);
}

/** System fields that EventData must never overwrite. */
const CORE = new Set(['EventID', 'Channel', 'Provider_Name', 'Computer', 'TimeCreated', 'EventRecordID']);

function flattenSystem(system: JsonObject, out: EventFields): void {
  for (const [key, value] of Object.entries(system)) {
    if (key === ATTRS) continue;
    switch (key) {
      case 'Provider': {
        const name = attr(value, 'Name');
        if (name !== undefined) out.Provider_Name = name;
        const guid = attr(value, 'Guid');
        if (guid !== undefined) out.Provider_Guid = guid;
        const src = attr(value, 'EventSourceName');
        if (src !== undefined) out.Provider_EventSourceName = src;
        break;
      }
      case 'TimeCreated': {
        const t = attr(value, 'SystemTime');
        if (t !== undefined) out.TimeCreated = t;
        break;
      }
      case 'Execution': {
        const pid = attr(value, 'ProcessID');
        if (pid !== undefined) out.ProcessID = pid;
        const tid = attr(value, 'ThreadID');
        if (tid !== undefined) out.ThreadID = tid;
        break;
      }
      case 'Security': {
        const sid = attr(value, 'UserID');
        if (sid !== undefined) out.UserID = sid;
        break;
      }
      case 'Correlation': {
        const id = attr(value, 'ActivityID');
        if (id !== undefined) out.ActivityID = id;
        const rel = attr(value, 'RelatedActivityID');
        if (rel !== undefined) out.RelatedActivityID = rel;
        break;
      }
      case 'EventID': {
        out.EventID = nodeValue(value);
        const q = attr(value, 'Qualifiers');
        if (q !== undefined) out.Qualifiers = q;
        break;
      }
      default:
        out[key] = nodeValue(value);
    }
  }
}

/** EventData: named fields by name; unnamed <Data> elements collect under `Data`. */
function flattenData(data: JsonObject, out: EventFields): void {
  for (const [key, value] of Object.entries(data)) {
    if (key === ATTRS) continue;
    if (CORE.has(key)) {
      out[`EventData_${key}`] = nodeValue(value);
      continue;
    }
    out[key] = nodeValue(value);
  }
}

/** UserData holds one wrapper element whose children are the fields. */
function flattenUserData(user: JsonObject, out: EventFields): void {
  for (const [key, value] of Object.entries(user)) {
    if (key === ATTRS) continue;
    if (isObject(value) && !(TEXT in value)) flattenData(value, out);
    else out[key] = nodeValue(value);
  }
}

/** Flatten an evtx_dump-shaped record (`{"Event":{…}}` or the inner Event object). */
export function flattenWindowsEvent(record: JsonObject): EventFields {
  const event = isObject(record.Event) ? record.Event : record;
  const out: EventFields = {};
  const system = event.System;
  if (isObject(system)) flattenSystem(system, out);
  const data = event.EventData;
  if (isObject(data)) flattenData(data, out);
  else if (data !== undefined && data !== null) out.EventData = nodeValue(data);
  const user = event.UserData;
  if (isObject(user)) flattenUserData(user, out);
  for (const [key, value] of Object.entries(event)) {
    // RenderingInfo and other siblings: keep text-bearing parts under their own name.
    if (key === 'System' || key === 'EventData' || key === 'UserData' || key === ATTRS) continue;
    if (isObject(value)) flattenNested(value, `${key}.`, out);
    else out[key] = nodeValue(value);
  }
  return out;
}

/** Flatten a Winlogbeat/ECS record: event_data by name, winlog.* mapped to Windows names. */
export function flattenWinlogbeat(record: JsonObject): EventFields {
  const out: EventFields = {};
  flattenNested(record, '', out);
  const winlog = record.winlog;
  if (!isObject(winlog)) return out;
  const data = winlog.event_data;
  if (isObject(data)) for (const [k, v] of Object.entries(data)) if (!CORE.has(k)) out[k] = nodeValue(v);
  const user = winlog.user_data;
  if (isObject(user)) for (const [k, v] of Object.entries(user)) if (!CORE.has(k)) out[k] = nodeValue(v);
  const id = winlog.event_id ?? (isObject(record.event) ? record.event.code : undefined);
  if (id !== undefined) out.EventID = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : nodeValue(id);
  if (winlog.channel !== undefined) out.Channel = nodeValue(winlog.channel);
  if (winlog.provider_name !== undefined) out.Provider_Name = nodeValue(winlog.provider_name);
  if (winlog.computer_name !== undefined) out.Computer = nodeValue(winlog.computer_name);
  if (winlog.record_id !== undefined) out.EventRecordID = nodeValue(winlog.record_id);
  const ts = record['@timestamp'];
  if (ts !== undefined) out.TimeCreated = nodeValue(ts);
  return out;
}

/** Flatten nested objects with dotted keys; arrays of scalars stay arrays. */
export function flattenNested(obj: JsonObject, prefix: string, out: EventFields): EventFields {
  for (const [key, value] of Object.entries(obj)) {
    const name = prefix + key;
    if (isObject(value)) flattenNested(value, `${name}.`, out);
    else if (Array.isArray(value)) out[name] = value.map((x) => (isObject(x) ? JSON.stringify(x) : nodeValue(x)));
    else out[name] = value;
  }
  return out;
}

/** Pick the flattening for a parsed JSON record by its shape. Throws NestingTooDeep (see MAX_NESTING). */
export function flattenRecord(record: unknown): EventFields {
  checkNesting(record);
  if (!isObject(record)) return { value: nodeValue(record as Json) };
  if (isObject(record.Event) && (isObject(record.Event.System) || 'EventData' in record.Event)) {
    return flattenWindowsEvent(record);
  }
  if (isObject(record.System) && ('EventData' in record || 'UserData' in record)) return flattenWindowsEvent(record);
  if (isObject(record.winlog)) return flattenWinlogbeat(record);
  return flattenNested(record, '', {});
}
