/**
 * Resolved record → XML text in the evtx_dump style: a declaration, two-space indentation, empty
 * attributes omitted, text and attribute values escaped (well-formed XML 1.0 whatever the data:
 * see xml-escape.ts), character/entity references kept as written when XML allows them.
 */
import { RawRef, RElement, RPi } from './resolve.js';
import type { RKid, RPart } from './resolve.js';
import { escapeXml, escapeXmlReference } from './xml-escape.js';

function partsText(parts: readonly RKid[], attr: boolean): string {
  let s = '';
  for (const p of parts) {
    if (p instanceof RElement || p instanceof RPi) continue;
    s += p instanceof RawRef ? escapeXmlReference(p.text) : escapeXml(String(p as RPart), attr);
  }
  return s;
}

function writeElement(el: RElement, indent: string, out: string[]): void {
  let open = `${indent}<${el.name}`;
  if (el.attrs !== null) {
    for (const a of el.attrs) {
      const v = partsText(a.parts, true);
      if (v !== '') open += ` ${a.name}="${v}"`;
    }
  }
  if (!el.hasElement) {
    const text = partsText(el.kids, false);
    const pis = el.kids.filter((k): k is RPi => k instanceof RPi);
    if (text === '' && pis.length === 0) out.push(`${open}></${el.name}>`);
    else out.push(`${open}>${pis.map((p) => `<?${p.target} ${p.data}?>`).join('')}${text}</${el.name}>`);
    return;
  }
  out.push(`${open}>`);
  const inner = indent + '  ';
  let text = '';
  for (const k of el.kids) {
    if (k instanceof RElement) {
      if (text !== '') { out.push(inner + text); text = ''; }
      writeElement(k, inner, out);
    } else if (k instanceof RPi) out.push(`${inner}<?${k.target} ${k.data}?>`);
    else text += k instanceof RawRef ? escapeXmlReference(k.text) : escapeXml(String(k), false);
  }
  if (text !== '') out.push(inner + text);
  out.push(`${indent}</${el.name}>`);
}

/** The record as an XML document (no trailing newline). */
export function renderRecordXml(root: RElement): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  writeElement(root, '', out);
  return out.join('\n');
}
