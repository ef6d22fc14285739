/**
 * Resolved record → the evtx_dump JSON shape:
 * - an element with neither child elements, text nor non-empty attributes is `null`;
 * - with only text: the text (an integer or boolean stays a JSON number/boolean when it is the
 *   only value; anything else is concatenated into a string);
 * - otherwise an object: `#attributes` (non-empty ones only), `#text`, then child elements by name,
 *   repeated names suffixed `_1`, `_2`, …;
 * - inside EventData/UserData, `Data` elements are keyed by their `Name` attribute (an empty Data
 *   is `""`); when none has a Name, they collect under `"Data": {"#text": value | [values]}`.
 */
import { RawRef, RElement, RPi } from './resolve.js';
import type { RAttr, RKid, RPart } from './resolve.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
export type JsonObject = { [k: string]: JsonValue };

function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function isEmptyPart(p: RKid): boolean {
  return p === '' || p instanceof RElement || p instanceof RPi;
}

function partText(p: RPart): string {
  return p instanceof RawRef ? p.text : String(p);
}

/** Non-element content as one JSON value: a lone number/boolean stays typed. */
function contentValue(kids: readonly RKid[]): JsonValue {
  let single: RKid | undefined;
  let n = 0;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    if (isEmptyPart(k)) continue;
    if (n === 0) single = k;
    n++;
  }
  if (n === 1 && (typeof single === 'number' || typeof single === 'boolean')) return single;
  if (n === 1 && typeof single === 'string') return single;
  let s = '';
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    if (isEmptyPart(k)) continue;
    s += partText(k as RPart);
  }
  return s;
}

function hasText(kids: readonly RKid[]): boolean {
  for (let i = 0; i < kids.length; i++) if (!isEmptyPart(kids[i]!)) return true;
  return false;
}

function attrHasText(attrs: RAttr[] | null): boolean {
  if (attrs === null) return false;
  for (const a of attrs) if (hasText(a.parts)) return true;
  return false;
}

function isContainer(name: string): boolean {
  return name === 'EventData' || name === 'UserData';
}

export function elementValue(el: RElement, inContainer: boolean): JsonValue {
  const text = hasText(el.kids);
  const attrText = attrHasText(el.attrs);
  if (!el.hasElement && !text && !attrText) return null;
  if (!el.hasElement && !attrText) return contentValue(el.kids);
  return elementBody(el, inContainer);
}

function dataName(child: RElement): string {
  if (child.attrs === null) return '';
  for (const a of child.attrs) if (a.name === 'Name') return hasText(a.parts) ? (contentValue(a.parts) as string | number).toString() : '';
  return '';
}

function dataValue(child: RElement): JsonValue {
  if (child.hasElement) return elementBody(child, false);
  if (!hasText(child.kids)) return '';
  return contentValue(child.kids);
}

function elementBody(el: RElement, inContainer: boolean): JsonObject {
  const obj: JsonObject = {};
  if (el.attrs !== null) {
    let attrs: JsonObject | null = null;
    for (const a of el.attrs) {
      if (!hasText(a.parts)) continue;
      if (attrs === null) attrs = {};
      setKey(attrs, a.name, contentValue(a.parts));
    }
    if (attrs !== null) obj['#attributes'] = attrs;
  }
  if (hasText(el.kids)) obj['#text'] = contentValue(el.kids);
  if (!el.hasElement) return obj;
  let named = false;
  let positional: RElement[] | null = null;
  if (inContainer) {
    for (const k of el.kids) if (k instanceof RElement && k.name === 'Data' && dataName(k) !== '') { named = true; break; }
    if (!named) {
      positional = [];
      for (const k of el.kids) if (k instanceof RElement && k.name === 'Data') positional.push(k);
    }
  }
  let counts: Map<string, number> | null = null;
  let positionalDone = false;
  for (const k of el.kids) {
    if (!(k instanceof RElement)) continue;
    if (inContainer && k.name === 'Data') {
      if (named) {
        const key = dataName(k);
        if (key !== '') setKey(obj, key, dataValue(k));
      } else if (!positionalDone && positional !== null) {
        positionalDone = true;
        obj.Data = { '#text': positional.length === 1 ? dataValue(k) : positional.map(dataValue) };
      }
      continue;
    }
    let key = k.name;
    if (Object.prototype.hasOwnProperty.call(obj, key) || (counts !== null && counts.has(key))) {
      counts ??= new Map();
      const c = counts.get(k.name) ?? 1;
      counts.set(k.name, c + 1);
      key = `${k.name}_${c}`;
    }
    setKey(obj, key, elementValue(k, isContainer(k.name)));
  }
  return obj;
}

/** A record's root element as `{"Event": …}`. */
export function renderRecordJson(root: RElement): JsonObject {
  const out: JsonObject = {};
  setKey(out, root.name, elementValue(root, false));
  return out;
}
