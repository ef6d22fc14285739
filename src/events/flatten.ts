/**
 * Flattening of the record shapes readers meet into the flat EventFields Sigma rules expect.
 *
 * - evtx_dump JSON / EVTX reader output: `{"Event":{"System":…,"EventData":…|"UserData":…}}`
 * - Winlogbeat / ECS: `{"winlog":{"event_data":…,"channel":…,"event_id":…},"@timestamp":…}`
 * - anything else: nested objects flattened with dotted keys, top-level keys kept as they are.
 *
 * Every record is walked once: flattenRecord checks the nesting bound (MAX_NESTING) as it
 * flattens, and walks with nestedDeeperThan only the parts flattening does not enter. Fields go
 * through one FieldCollector, which builds fast objects of a shape shared by records of one kind.
 */
import type { EventFields, FieldValue } from './event.js';
import { FieldCollector } from './field-collector.js';
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

/** No nesting bound (records built by our own readers: EVTX, XML). */
const UNBOUNDED = Infinity;

/**
 * Throws NestingTooDeep when `value`, found `depth` levels down, holds containers nested past
 * `limit` (nestedDeeperThan's levels, counted from the record).
 */
function checkDepth(value: unknown, depth: number, limit: number): void {
  if (typeof value === 'object' && value !== null && limit !== UNBOUNDED && nestedDeeperThan(value, limit, depth)) {
    throw new NestingTooDeep();
  }
}

/** Throws NestingTooDeep when objects or arrays in `value` nest deeper than MAX_NESTING. */
export function checkNesting(value: unknown): void {
  checkDepth(value, 0, MAX_NESTING);
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Value of an XML-as-JSON node: its #text when it is an element with attributes, else itself. */
function nodeValue(v: Json | undefined): FieldValue {
  if (v === undefined) return null;
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => nodeValue(x));
  if (TEXT in v) return nodeValue(v[TEXT]);
  // An element with only attributes (or empty) has no text value.
  return null;
}

function attr(v: Json | undefined, name: string): FieldValue | undefined {
  if (!isObject(v)) return undefined;
  const a = v[ATTRS];
  if (!isObject(a)) return undefined;
  const x = a[name];
  return x === undefined ? undefined : nodeValue(x);
}

/** Adds attribute `name` of `v` as `field` when it is there. */
function addAttr(out: FieldCollector, field: string, v: Json | undefined, name: string): void {
  const x = attr(v, name);
  if (x !== undefined) out.add(field, x);
}

/** System fields that EventData must never overwrite. */
const CORE = new Set(['EventID', 'Channel', 'Provider_Name', 'Computer', 'TimeCreated', 'EventRecordID']);

/** The field name of an EventData/UserData value named `key`: a System field's name is prefixed. */
export function dataFieldName(key: string): string {
  return CORE.has(key) ? `EventData_${key}` : key;
}

/**
 * How a child of System becomes fields: `text` adds its text under its own name, `attrs` adds each
 * [field, attribute] there is. Children not listed add their text under their own name.
 */
export interface SystemChildFields {
  text: boolean;
  attrs: readonly (readonly [field: string, attribute: string])[];
}

export const SYSTEM_CHILD_FIELDS: ReadonlyMap<string, SystemChildFields> = new Map([
  ['Provider', { text: false, attrs: [['Provider_Name', 'Name'], ['Provider_Guid', 'Guid'], ['Provider_EventSourceName', 'EventSourceName']] }],
  ['TimeCreated', { text: false, attrs: [['TimeCreated', 'SystemTime']] }],
  ['Execution', { text: false, attrs: [['ProcessID', 'ProcessID'], ['ThreadID', 'ThreadID']] }],
  ['Security', { text: false, attrs: [['UserID', 'UserID']] }],
  ['Correlation', { text: false, attrs: [['ActivityID', 'ActivityID'], ['RelatedActivityID', 'RelatedActivityID']] }],
  ['EventID', { text: true, attrs: [['Qualifiers', 'Qualifiers']] }],
] as const);

/** One child of System: the attribute-bearing ones by their Windows names, the rest by value. */
function addSystemField(key: string, value: Json, out: FieldCollector): void {
  const spec = SYSTEM_CHILD_FIELDS.get(key);
  if (spec === undefined || spec.text) out.add(key, nodeValue(value));
  if (spec === undefined) return;
  const attrs = spec.attrs;
  for (let i = 0; i < attrs.length; i++) addAttr(out, attrs[i]![0], value, attrs[i]![1]);
}

/** System (found `depth` levels down) by field. */
function flattenSystem(system: JsonObject, out: FieldCollector, depth: number, limit: number): void {
  for (const key in system) {
    const value = system[key]!;
    checkDepth(value, depth + 1, limit);
    if (key !== ATTRS) addSystemField(key, value, out);
  }
}

/** EventData: named fields by name; unnamed <Data> elements collect under `Data`. */
function flattenData(data: JsonObject, out: FieldCollector, depth: number, limit: number): void {
  for (const key in data) {
    const value = data[key]!;
    checkDepth(value, depth + 1, limit);
    if (key === ATTRS) continue;
    out.add(dataFieldName(key), nodeValue(value));
  }
}

/** UserData holds one wrapper element whose children are the fields. */
function flattenUserData(user: JsonObject, out: FieldCollector, depth: number, limit: number): void {
  for (const key in user) {
    const value = user[key]!;
    if (isObject(value) && !(TEXT in value)) {
      if (depth + 1 >= limit) throw new NestingTooDeep();
      if (key !== ATTRS) flattenData(value, out, depth + 1, limit);
      else checkDepth(value, depth + 1, limit);
      continue;
    }
    checkDepth(value, depth + 1, limit);
    if (key !== ATTRS) out.add(key, nodeValue(value));
  }
}

/** The fields of an evtx_dump-shaped record, `event` being `record` or its Event (one level down). */
function windowsFields(record: JsonObject, event: JsonObject, out: FieldCollector, limit: number): void {
  const depth = event === record ? 0 : 1;
  if (depth >= limit) throw new NestingTooDeep();
  if (event !== record) for (const key in record) if (key !== 'Event') checkDepth(record[key], 1, limit);
  const system = event.System;
  if (isObject(system)) flattenSystem(system, out, depth + 1, limit);
  const data = event.EventData;
  if (isObject(data)) flattenData(data, out, depth + 1, limit);
  else if (data !== undefined && data !== null) out.add('EventData', nodeValue(data));
  const user = event.UserData;
  if (isObject(user)) flattenUserData(user, out, depth + 1, limit);
  for (const key in event) {
    const value = event[key]!;
    // RenderingInfo and other siblings: keep text-bearing parts under their own name.
    if (key === 'System' || key === 'EventData' || key === 'UserData' || key === ATTRS) {
      if (key === ATTRS || !isObject(value)) checkDepth(value, depth + 1, limit);
      continue;
    }
    if (isObject(value)) nestedFields(value, `${key}.`, out, depth + 1, limit);
    else {
      checkDepth(value, depth + 1, limit);
      out.add(key, nodeValue(value));
    }
  }
}

/** The one collector of Windows event fields (readers that build fields without JSON use it too). */
export const windowsFieldCollector = new FieldCollector();
const collector = windowsFieldCollector;

/** Flatten an evtx_dump-shaped record (`{"Event":{…}}` or the inner Event object). */
export function flattenWindowsEvent(record: JsonObject): EventFields {
  collector.reset();
  windowsFields(record, isObject(record.Event) ? record.Event : record, collector, UNBOUNDED);
  return collector.build();
}

/** Adds each of `obj`'s fields with its name unless EventData/UserData by that name must not. */
function addDataFields(obj: JsonObject, out: FieldCollector): void {
  for (const k in obj) if (!CORE.has(k)) out.add(k, nodeValue(obj[k]!));
}

/** Winlogbeat/ECS fields: event_data by name, winlog.* mapped to Windows names (walked already). */
function winlogbeatFields(record: JsonObject, winlog: JsonObject, out: FieldCollector): void {
  const data = winlog.event_data;
  if (isObject(data)) addDataFields(data, out);
  const user = winlog.user_data;
  if (isObject(user)) addDataFields(user, out);
  const id = winlog.event_id ?? (isObject(record.event) ? record.event.code : undefined);
  if (id !== undefined) out.add('EventID', typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : nodeValue(id));
  if (winlog.channel !== undefined) out.add('Channel', nodeValue(winlog.channel));
  if (winlog.provider_name !== undefined) out.add('Provider_Name', nodeValue(winlog.provider_name));
  if (winlog.computer_name !== undefined) out.add('Computer', nodeValue(winlog.computer_name));
  if (winlog.record_id !== undefined) out.add('EventRecordID', nodeValue(winlog.record_id));
  const ts = record['@timestamp'];
  if (ts !== undefined) out.add('TimeCreated', nodeValue(ts));
}

/** Flatten a Winlogbeat/ECS record: event_data by name, winlog.* mapped to Windows names. */
export function flattenWinlogbeat(record: JsonObject): EventFields {
  collector.reset();
  nestedFields(record, '', collector, 0, UNBOUNDED);
  if (isObject(record.winlog)) winlogbeatFields(record, record.winlog, collector);
  return collector.build();
}

/** Nested objects (`obj` found `depth` levels down) with dotted keys; arrays of scalars stay arrays. */
function nestedFields(obj: JsonObject, prefix: string, out: FieldCollector, depth: number, limit: number): void {
  if (depth >= limit) throw new NestingTooDeep();
  for (const key in obj) {
    const value = obj[key]!;
    const name = prefix + key;
    if (typeof value !== 'object' || value === null) out.add(name, value);
    else if (!Array.isArray(value)) nestedFields(value, `${name}.`, out, depth + 1, limit);
    else {
      checkDepth(value, depth + 1, limit);
      out.add(name, value.map((x) => (isObject(x) ? JSON.stringify(x) : nodeValue(x))));
    }
  }
}

/** A plain JSON object flattened with dotted keys. Throws NestingTooDeep (see MAX_NESTING). */
export function flattenObject(record: JsonObject): EventFields {
  collector.reset();
  nestedFields(record, '', collector, 0, MAX_NESTING);
  return collector.build();
}

/** Pick the flattening for a parsed JSON record by its shape. Throws NestingTooDeep (see MAX_NESTING). */
export function flattenRecord(record: unknown): EventFields {
  if (!isObject(record)) {
    checkNesting(record);
    return { value: nodeValue(record as Json) };
  }
  collector.reset();
  const event = record.Event;
  if (isObject(event) && (isObject(event.System) || 'EventData' in event)) {
    windowsFields(record, event, collector, MAX_NESTING);
  } else if (isObject(record.System) && ('EventData' in record || 'UserData' in record)) {
    // As flattenWindowsEvent: an Event object, though it was not the event, is still taken.
    windowsFields(record, isObject(event) ? event : record, collector, MAX_NESTING);
  } else {
    nestedFields(record, '', collector, 0, MAX_NESTING);
    if (isObject(record.winlog)) winlogbeatFields(record, record.winlog, collector);
  }
  return collector.build();
}
