/**
 * Escaping for `dump --format xml`, so the output stays well-formed XML 1.0 whatever the record
 * holds (see docs/outputs.md, "XML and control characters"):
 * - `& < >` (and `" '` in attributes) as entities;
 * - characters XML 1.0 allows only as references, or that a parser would normalise away: CR
 *   (`&#13;`), TAB and LF inside attributes, DEL and C1 controls (`&#x7f;` … `&#x9f;`): lossless;
 * - characters XML 1.0 forbids even as references (C0 controls but TAB/LF/CR, U+FFFE, U+FFFF, lone
 *   surrogates) become the visible text `\x1b` / `\ufffe`, as the terminal outputs show them.
 *   That is lossy by necessity: `dump --format jsonl` keeps every character.
 */
import { visibleCode } from '../../text/visible-controls.js';

const NEEDS_TEXT = /[&<>\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;
const NEEDS_ATTR = /[&<>"'\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;
const SPECIAL = /[&<>"'\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Whether XML 1.0 allows the character at all (as itself or as a reference). */
function xmlAllowed(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0xfffe && code !== 0xffff && code <= 0x10ffff;
}

function escapeChar(c: string, attr: boolean): string {
  const entity = ENTITIES[c];
  if (entity) return c === '"' || c === "'" ? (attr ? entity : c) : entity;
  const code = c.charCodeAt(0);
  if (!xmlAllowed(code)) return visibleCode(code);
  if (code === 0x0d || code >= 0x7f || attr) return `&#x${code.toString(16)};`;
  return c; // TAB and LF in element text
}

/** Text or attribute value, escaped for XML 1.0. */
export function escapeXml(s: string, attr: boolean): string {
  if (!(attr ? NEEDS_ATTR : NEEDS_TEXT).test(s)) return s;
  return s.replace(SPECIAL, (c) => escapeChar(c, attr));
}

/**
 * A character or entity reference from the record (`&#60;`, `&amp;`), kept as written when XML
 * allows it; a reference to a forbidden character becomes its visible text, an undeclared entity
 * is escaped so it reads as written.
 */
export function escapeXmlReference(ref: string): string {
  const num = /^&#(x[0-9a-f]+|\d+);$/i.exec(ref);
  if (num) {
    const code = num[1]![0] === 'x' || num[1]![0] === 'X' ? parseInt(num[1]!.slice(1), 16) : parseInt(num[1]!, 10);
    return xmlAllowed(code) ? ref : visibleCode(code);
  }
  const named = /^&([A-Za-z_][\w.-]*);$/.exec(ref);
  return named && PREDEFINED.has(named[1]!) ? ref : `&amp;${ref.slice(1)}`;
}
