/**
 * Windows event XML exports: `wevtutil qe … /f:xml` (a stream of <Event> elements, often with no
 * root and no newlines), Get-WinEvent `ToXml()`, and Event Viewer "Save as XML" (`<Events><Event
 * xmlns=…>…`). Read Event by Event (never the whole file), each converted to the evtx_dump JSON
 * shape and flattened with flattenWindowsEvent, so XML, EVTX and evtx_dump JSON give the same fields.
 *
 * evtx_dump shape, as the EVTX reader renders it:
 * - an element with no child elements, no text and no attributes is `null`; with only text, the text;
 *   otherwise an object with `#attributes`, `#text` and the child elements by name (a repeated name
 *   gets `_1`, `_2`, … after the first);
 * - in EventData/UserData, `<Data Name="X">v</Data>` becomes `X: "v"` (an empty Data is `""`);
 *   unnamed Data elements collect under `Data: {"#text": v | [v, …]}`;
 * - XML carries no value types, so the System numbers (EventID, Version, Level, Task, Opcode,
 *   EventRecordID, Execution ProcessID/ThreadID) become JSON numbers as in evtx_dump; EventData
 *   values stay strings.
 */
import { StringDecoder } from 'node:string_decoder';
import type { HuntEvent } from '../events/event.js';
import { flattenWindowsEvent } from '../events/flatten.js';
import { eventTime } from '../events/timestamp.js';
import { PIECE, readBytes, StreamBroken } from './byte-stream.js';
import { blankRunEnd } from './lines.js';
import { EventBatcher, reasonOf } from './batcher.js';
import type { EventReader, FormatSniffer, ReadOptions } from './reader.js';
import { parseXmlElement, type XmlElement } from './xml-element.js';
import { extensionOf, isText } from './sniff-util.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const MAX_EVENT_CHARS = 16 * 1024 * 1024;

const NUMERIC_SYSTEM = new Set(['EventID', 'Version', 'Level', 'Task', 'Opcode', 'EventRecordID']);
const NUMERIC_ATTRS = new Set(['ProcessID', 'ThreadID', 'Qualifiers']);
const INTEGER = /^\d{1,15}$/;

type Context = 'system' | 'container' | 'other';

function setKey(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

interface Parts {
  text: string;
  hasText: boolean;
  elements: XmlElement[];
}

function partsOf(kids: (XmlElement | string)[]): Parts {
  let text = '';
  const elements: XmlElement[] = [];
  for (const k of kids) {
    if (typeof k === 'string') text += k;
    else elements.push(k);
  }
  // Whitespace between child elements is layout, not content.
  const hasText = elements.length > 0 ? text.trim().length > 0 : text.length > 0;
  return { text, hasText, elements };
}

function typed(text: string, numeric: boolean): Json {
  return numeric && INTEGER.test(text) ? Number(text) : text;
}

function elementValue(el: XmlElement, context: Context): Json {
  const parts = partsOf(el.kids);
  const attrObj = attributesJson(el.attrs);
  const numeric = context === 'system' && NUMERIC_SYSTEM.has(el.name);
  if (parts.elements.length === 0 && !parts.hasText && attrObj === null) return null;
  if (parts.elements.length === 0 && attrObj === null) return typed(parts.text, numeric);
  const obj: JsonObject = {};
  if (attrObj !== null) obj['#attributes'] = attrObj;
  if (parts.hasText) obj['#text'] = typed(parts.text, numeric);
  addChildren(obj, parts.elements, el.name);
  return obj;
}

function attributesJson(attrs: [string, string][] | null): JsonObject | null {
  if (attrs === null) return null;
  let out: JsonObject | null = null;
  for (const [name, v] of attrs) {
    if (v.length === 0) continue;
    out ??= {};
    setKey(out, name, typed(v, NUMERIC_ATTRS.has(name)));
  }
  return out;
}

function nameAttr(el: XmlElement): string {
  if (el.attrs === null) return '';
  for (const [k, v] of el.attrs) if (k === 'Name') return v;
  return '';
}

function addChildren(obj: JsonObject, elements: XmlElement[], parentTag: string): void {
  const inContainer = parentTag === 'EventData' || parentTag === 'UserData';
  const childContext: Context = parentTag === 'System' ? 'system' : 'other';
  let positional: Json[] | null = null;
  const named = inContainer && elements.some((e) => e.name === 'Data' && nameAttr(e) !== '');
  let counts: Map<string, number> | null = null;
  for (const el of elements) {
    const tag = el.name;
    if (inContainer && tag === 'Data') {
      const value = dataValue(el);
      if (named) {
        const name = nameAttr(el);
        if (name !== '') setKey(obj, name, value);
      } else {
        (positional ??= []).push(value);
      }
      continue;
    }
    let key = tag;
    if (Object.prototype.hasOwnProperty.call(obj, tag)) {
      // A repeated name: the first keeps it, the next ones get `_1`, `_2`, ...
      counts ??= new Map();
      const c = counts.get(tag) ?? 1;
      counts.set(tag, c + 1);
      key = `${tag}_${c}`;
    }
    setKey(obj, key, elementValue(el, tag === 'EventData' || tag === 'UserData' ? 'container' : childContext));
  }
  if (positional !== null) obj.Data = { '#text': positional.length === 1 ? positional[0]! : positional };
}

function dataValue(el: XmlElement): Json {
  const parts = partsOf(el.kids);
  if (parts.elements.length > 0) {
    const obj: JsonObject = {};
    addChildren(obj, parts.elements, 'Data');
    return obj;
  }
  return parts.text;
}

/** One `<Event>...</Event>` text -> `{"Event": ...}` in the evtx_dump shape. Throws on invalid XML. */
export function eventXmlToJson(xml: string): JsonObject {
  const root = parseXmlElement(xml);
  if (root.name !== 'Event') throw new Error(`root element is <${root.name}>, not <Event>`);
  return { Event: elementValue(root, 'other') };
}

/** Position of the next `<Event` start tag (not `<EventData`, `<EventID`, `<Events`…) from `from`. */
function findEventStart(text: string, from: number): number {
  let i = text.indexOf('<Event', from);
  while (i >= 0) {
    const c = text.charCodeAt(i + 6);
    // '>', space, tab, CR, LF, '/'; NaN when the tag is cut off at the end of the buffer.
    if (Number.isNaN(c)) return -2;
    if (c === 62 || c === 32 || c === 9 || c === 13 || c === 10 || c === 47) return i;
    i = text.indexOf('<Event', i + 6);
  }
  return -1;
}

/** End (exclusive) of the `</Event>` close tag at or after `from`, -1 when not yet in the buffer. */
function findEventEnd(text: string, from: number): number {
  let i = text.indexOf('</Event', from);
  while (i >= 0) {
    const gt = text.indexOf('>', i + 7);
    if (gt < 0) return -1;
    if (text.slice(i + 7, gt).trim() === '') return gt + 1;
    i = text.indexOf('</Event', i + 7);
  }
  return -1;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf('\n', from);
  while (i >= 0 && i < to) {
    n++;
    i++;
    // A run of newlines (blank padding, a flood): counted by comparison, not one search each.
    while (i < to && text.charCodeAt(i) === 10) {
      n++;
      i++;
    }
    i = text.indexOf('\n', i);
  }
  return n;
}

export class WindowsXmlReader implements EventReader {
  readonly format = 'xml';

  async *read(path: string, options: ReadOptions): AsyncIterable<HuntEvent[]> {
    const out = new EventBatcher(path, this.format, options, 'record');
    const decoder = new StringDecoder('utf8');
    const events = new XmlEventCutter(out);
    try {
      for await (const chunk of readBytes(path, { onBytes: options.onBytes })) {
        // Empty lines opening a chunk outside any event: counted in the bytes, never decoded.
        let from = 0;
        if (!events.skipping && (chunk[0] === 0x0a || chunk[0] === 0x0d) && events.buf.indexOf('<') < 0) {
          const run = blankRunEnd(chunk, 0);
          events.line += countLines(events.buf, 0, events.buf.length) + run.lines;
          events.buf = '';
          from = run.pos;
        }
        const text = decoder.write(from > 0 ? chunk.subarray(from) : chunk);
        for (let at = 0; at < text.length; at += PIECE) {
          events.buf += at === 0 && text.length <= PIECE ? text : text.slice(at, at + PIECE);
          events.handle(false);
          if (out.hasFull) yield* out.takeFull();
        }
      }
      events.buf += decoder.end();
      events.handle(true);
    } catch (err) {
      if (!(err instanceof StreamBroken)) throw err;
      out.problem(`byte offset ${err.offset}`, `${err.message}; rest of file not read`);
    }
    yield* out.takeAll();
  }
}

/** Cuts `<Event>…</Event>` elements out of the text read so far and hands each, parsed, to the batcher. */
class XmlEventCutter {
  buf = '';
  /** Line number of buf[0]. */
  line = 1;
  record = 0;
  /** Dropping an oversized event up to its close tag. */
  skipping = false;
  private pos = 0;

  constructor(private readonly out: EventBatcher) {}

  /** Every advance of pos counts the newlines it passes, so `line` is the line number at buf[pos]. */
  private advance(to: number): void {
    this.line += countLines(this.buf, this.pos, to);
    this.pos = to;
  }

  /** Read every complete event in buf and drop what was read; at the end of the file, report a cut event. */
  handle(final: boolean): void {
    this.pos = 0;
    while (this.step());
    if (final && !this.skipping && findEventStart(this.buf, this.pos) !== -1) {
      this.out.problem(`record ${this.record + 1} (line ${this.line})`, 'truncated at end of file (<Event> not closed)');
    }
    if (this.pos > 0) this.buf = this.buf.slice(this.pos);
  }

  /** One event (or skipped stretch) from pos; false when buf holds no more complete event. */
  private step(): boolean {
    const buf = this.buf;
    if (this.skipping) {
      const end = findEventEnd(buf, this.pos);
      if (end < 0) {
        this.advance(Math.max(this.pos, buf.length - 8));
        return false;
      }
      this.advance(end);
      this.skipping = false;
      return true;
    }
    const start = findEventStart(buf, this.pos);
    if (start === -1) {
      this.advance(Math.max(this.pos, buf.length - 6));
      return false;
    }
    if (start === -2) return false; // `<Event` cut off at the end of the buffer
    this.advance(start);
    const gt = buf.indexOf('>', start);
    if (gt < 0) return false;
    if (buf.charCodeAt(gt - 1) === 47) {
      this.advance(gt + 1); // `<Event/>`: nothing to read
      return true;
    }
    const end = findEventEnd(buf, gt + 1);
    if (end < 0) {
      if (buf.length - start > MAX_EVENT_CHARS) {
        this.record++;
        this.out.problem(`record ${this.record} (line ${this.line})`, `event larger than ${MAX_EVENT_CHARS / 1048576} Mi characters, skipped`);
        this.skipping = true;
        this.advance(buf.length);
      }
      return false;
    }
    this.record++;
    try {
      const raw = eventXmlToJson(buf.slice(start, end));
      const fields = flattenWindowsEvent(raw);
      this.out.add(fields, this.record, eventTime(fields), raw, end - start);
    } catch (err) {
      this.out.problem(`record ${this.record} (line ${this.line})`, `invalid event XML: ${reasonOf(err)}`);
    }
    this.advance(end);
    return true;
  }
}

export const xmlSniffer: FormatSniffer = {
  format: 'xml',
  sniff(head, path) {
    if (head.length === 0 || !isText(head)) return false;
    const text = head.toString('utf8');
    if (!/^\s*</.test(text)) return false;
    if (/<Event[\s>]/.test(text) && /<System[\s>]/.test(text)) return true;
    // An export with no events yet, or whose first event is beyond the head.
    return /<Events[\s>/]/.test(text) && (extensionOf(path) === 'xml' || /schemas\.microsoft\.com\/win\/2004\/08\/events/.test(text));
  },
  open: () => new WindowsXmlReader(),
};
