/**
 * RFC 5424 STRUCTURED-DATA (§6.3): `-` or one or more `[SD-ID PARAM="value" ...]` elements. Values
 * unescape `\"`, `\\` and `\]`; any other backslash stays as written, as the RFC asks.
 *
 * Each parameter becomes the field `<SD-ID>.<PARAM-NAME>` (`timeQuality.tzKnown`,
 * `exampleSDID@32473.eventSource`); a parameter repeated inside one element becomes an array.
 */
import type { EventFields, FieldValue } from '../../events/event.js';

export interface StructuredData {
  /** Index of the first character after the structured data. */
  end: number;
  /** The SD-IDs, in order. */
  ids: string[];
}

/** Characters an SD-NAME may not contain (besides space and control characters). */
const NAME_STOP = new Set(['=', ' ', ']', '"']);

function readName(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && i - pos < 32) {
    const c = text[i]!;
    if (NAME_STOP.has(c) || c.charCodeAt(0) <= 32 || c.charCodeAt(0) >= 127) break;
    i++;
  }
  return i;
}

function addParam(out: EventFields, key: string, value: string): void {
  const old = out[key];
  if (old === undefined) out[key] = value;
  else if (Array.isArray(old)) old.push(value);
  else out[key] = [old as FieldValue, value];
}

/** Parse the structured data starting at `pos` into `out`; a reason string when it is malformed. */
export function parseStructuredData(text: string, pos: number, out: EventFields): StructuredData | string {
  if (text[pos] === '-') return { end: pos + 1, ids: [] };
  if (text[pos] !== '[') return 'structured data is neither "-" nor "[...]"';
  const ids: string[] = [];
  let i = pos;
  while (text[i] === '[') {
    const idEnd = readName(text, i + 1);
    if (idEnd === i + 1) return `structured data element at column ${i + 1} has no SD-ID`;
    const id = text.slice(i + 1, idEnd);
    ids.push(id);
    const element: EventFields = {};
    i = idEnd;
    while (text[i] === ' ') {
      const nameEnd = readName(text, i + 1);
      if (nameEnd === i + 1 || text[nameEnd] !== '=' || text[nameEnd + 1] !== '"') {
        return `structured data [${id}] has a malformed parameter at column ${i + 2}`;
      }
      const name = text.slice(i + 1, nameEnd);
      let value = '';
      let j = nameEnd + 2;
      for (;;) {
        if (j >= text.length) return `structured data [${id}] parameter ${name} has no closing quote`;
        const c = text[j]!;
        if (c === '"') break;
        if (c === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\' || text[j + 1] === ']')) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        value += c;
        j++;
      }
      addParam(element, `${id}.${name}`, value);
      i = j + 1;
    }
    if (text[i] !== ']') return `structured data [${id}] is not closed with "]"`;
    Object.assign(out, element);
    i++;
  }
  return { end: i, ids };
}
