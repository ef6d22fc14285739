/**
 * The events of a `POST /api/v1/events` JSON body: one object, an array of objects, or NDJSON
 * (one object per line). Each event is kept as its JSON text (log-event.ts). The first bad line
 * or element rejects the request with a 400 naming it, so nothing of a bad request is stored.
 */
import { reasonOf } from '../sources/batcher.js';
import { HttpError } from './http-error.js';

/** An event as JSON text (what the log stores) and its parsed value (handed on to detection). */
export interface JsonEvent {
  text: string;
  value: Record<string, unknown>;
}

export function jsonEvents(body: string, maxEvents: number): JsonEvent[] {
  const trimmed = body.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) return arrayEvents(trimmed, maxEvents);
  if (trimmed.startsWith('{') && !trimmed.includes('\n')) return [objectText(trimmed, 'line 1')];
  if (trimmed.startsWith('{')) {
    // A pretty-printed single object spans lines; NDJSON does not parse as a whole.
    try {
      const whole: unknown = JSON.parse(trimmed);
      if (isObject(whole)) return [{ text: JSON.stringify(whole), value: whole }];
    } catch {
      // NDJSON: read line by line below
    }
  }
  const out: JsonEvent[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (out.length >= maxEvents) throw tooMany(maxEvents);
    out.push(objectText(line, `line ${i + 1}`));
  }
  return out;
}

function arrayEvents(text: string, maxEvents: number): JsonEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `invalid JSON array: ${reasonOf(err)}`);
  }
  const items = value as unknown[];
  if (items.length > maxEvents) throw tooMany(maxEvents);
  return items.map((item, i) => {
    if (!isObject(item)) throw new HttpError(400, `element ${i + 1}: an event must be a JSON object`);
    return { text: JSON.stringify(item), value: item };
  });
}

function objectText(line: string, where: string): JsonEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new HttpError(400, `${where}: invalid JSON: ${reasonOf(err)}`);
  }
  if (!isObject(value)) throw new HttpError(400, `${where}: an event must be a JSON object`);
  return { text: line, value };
}

/** A JSON object (not null, not an array): what an event must be. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function tooMany(maxEvents: number): HttpError {
  return new HttpError(413, `more than ${maxEvents} events in one request; send smaller batches`);
}
