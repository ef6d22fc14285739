/**
 * A small, strict XML element parser for one Windows event (`<Event>…</Event>`): elements,
 * attributes (single or double quotes), text, the five predefined entities and character
 * references, CDATA, comments and processing instructions. No DTDs, no external entities (so no
 * entity expansion attacks). Hand-written because a general-purpose XML library cost about
 * 100 µs per event; this is an order of magnitude faster.
 *
 * Errors (unclosed or mismatched tags, bad attribute syntax, unknown entity, trailing garbage)
 * throw an XmlSyntaxError naming the character offset.
 */

export interface XmlElement {
  name: string;
  /** Attribute names and decoded values, in document order; null when there are none. */
  attrs: [string, string][] | null;
  /** Child elements and decoded text pieces, in document order. */
  kids: (XmlElement | string)[];
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at character ${offset}`);
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string, base = 0): string {
  if (s.indexOf('&') < 0) return s;
  let out = '';
  let last = 0;
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', last)) {
    const semi = s.indexOf(';', i + 1);
    if (semi < 0 || semi - i > 12) throw new XmlSyntaxError('unterminated entity reference', base + i);
    const ref = s.slice(i + 1, semi);
    let ch: string | undefined;
    if (ref.charCodeAt(0) === 35 /* # */) {
      const code = ref.charCodeAt(1) === 120 /* x */ ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (Number.isNaN(code) || code < 0 || code > 0x10ffff) throw new XmlSyntaxError(`bad character reference &${ref};`, base + i);
      ch = String.fromCodePoint(code);
    } else {
      ch = NAMED[ref];
      if (ch === undefined) throw new XmlSyntaxError(`unknown entity &${ref};`, base + i);
    }
    out += s.slice(last, i) + ch;
    last = semi + 1;
  }
  return out + s.slice(last);
}

function isNameChar(c: number): boolean {
  // Letters, digits, '_', '-', '.', ':' and anything non-ASCII.
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 58 || c > 127;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Parse the one root element of `xml` (leading/trailing whitespace, comments and PIs allowed). */
// size-exempt: one character loop for elements, attributes, text, CDATA, comments and entities sharing the cursor and element stack; split, the state moves into an object read per character.
export function parseXmlElement(xml: string): XmlElement {
  let pos = 0;
  const n = xml.length;

  const skipMisc = (): void => {
    for (;;) {
      while (pos < n && isSpace(xml.charCodeAt(pos))) pos++;
      if (xml.startsWith('<!--', pos)) {
        const end = xml.indexOf('-->', pos + 4);
        if (end < 0) throw new XmlSyntaxError('unterminated comment', pos);
        pos = end + 3;
      } else if (xml.startsWith('<?', pos)) {
        const end = xml.indexOf('?>', pos + 2);
        if (end < 0) throw new XmlSyntaxError('unterminated processing instruction', pos);
        pos = end + 2;
      } else return;
    }
  };

  const readName = (): string => {
    const start = pos;
    while (pos < n && isNameChar(xml.charCodeAt(pos))) pos++;
    if (pos === start) throw new XmlSyntaxError('expected a name', pos);
    return xml.slice(start, pos);
  };

  const element = (depth: number): XmlElement => {
    if (depth > 100) throw new XmlSyntaxError('elements nested too deeply', pos);
    if (xml.charCodeAt(pos) !== 60) throw new XmlSyntaxError('expected <', pos);
    pos++;
    const name = readName();
    let attrs: [string, string][] | null = null;
    for (;;) {
      const before = pos;
      while (pos < n && isSpace(xml.charCodeAt(pos))) pos++;
      const c = xml.charCodeAt(pos);
      if (c === 62 /* > */) {
        pos++;
        break;
      }
      if (c === 47 /* / */ && xml.charCodeAt(pos + 1) === 62) {
        pos += 2;
        return { name, attrs, kids: [] };
      }
      if (pos >= n) throw new XmlSyntaxError(`unclosed start tag <${name}>`, pos);
      if (pos === before) throw new XmlSyntaxError(`expected whitespace before attribute in <${name}>`, pos);
      const an = readName();
      while (pos < n && isSpace(xml.charCodeAt(pos))) pos++;
      if (xml.charCodeAt(pos) !== 61 /* = */) throw new XmlSyntaxError(`expected = after attribute ${an}`, pos);
      pos++;
      while (pos < n && isSpace(xml.charCodeAt(pos))) pos++;
      const q = xml.charCodeAt(pos);
      if (q !== 34 && q !== 39) throw new XmlSyntaxError(`expected quoted value for attribute ${an}`, pos);
      const end = xml.indexOf(q === 34 ? '"' : "'", pos + 1);
      if (end < 0) throw new XmlSyntaxError(`unterminated value of attribute ${an}`, pos);
      const raw = xml.slice(pos + 1, end);
      if (raw.indexOf('<') >= 0) throw new XmlSyntaxError(`'<' in value of attribute ${an}`, pos);
      (attrs ??= []).push([an, decodeEntities(raw, pos + 1)]);
      pos = end + 1;
    }
    const kids: (XmlElement | string)[] = [];
    for (;;) {
      const lt = xml.indexOf('<', pos);
      if (lt < 0) throw new XmlSyntaxError(`<${name}> not closed`, n);
      if (lt > pos) kids.push(decodeEntities(xml.slice(pos, lt), pos));
      pos = lt;
      const c1 = xml.charCodeAt(pos + 1);
      if (c1 === 47 /* / */) {
        pos += 2;
        const close = readName();
        if (close !== name) throw new XmlSyntaxError(`</${close}> does not close <${name}>`, pos - close.length - 2);
        while (pos < n && isSpace(xml.charCodeAt(pos))) pos++;
        if (xml.charCodeAt(pos) !== 62) throw new XmlSyntaxError(`expected > after </${close}`, pos);
        pos++;
        return { name, attrs, kids };
      }
      if (c1 === 33 /* ! */) {
        if (xml.startsWith('<![CDATA[', pos)) {
          const end = xml.indexOf(']]>', pos + 9);
          if (end < 0) throw new XmlSyntaxError('unterminated CDATA section', pos);
          kids.push(xml.slice(pos + 9, end));
          pos = end + 3;
          continue;
        }
        if (xml.startsWith('<!--', pos)) {
          const end = xml.indexOf('-->', pos + 4);
          if (end < 0) throw new XmlSyntaxError('unterminated comment', pos);
          pos = end + 3;
          continue;
        }
        throw new XmlSyntaxError('unexpected <!', pos);
      }
      if (c1 === 63 /* ? */) {
        const end = xml.indexOf('?>', pos + 2);
        if (end < 0) throw new XmlSyntaxError('unterminated processing instruction', pos);
        pos = end + 2;
        continue;
      }
      kids.push(element(depth + 1));
    }
  };

  skipMisc();
  const root = element(0);
  skipMisc();
  if (pos < n) throw new XmlSyntaxError('unexpected content after the root element', pos);
  return root;
}
