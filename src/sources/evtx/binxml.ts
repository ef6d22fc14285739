/**
 * BinXML token stream → nodes. Parses a fragment (record body, template definition, or a nested
 * BinXML substitution value) in `[start, end)` of the chunk. Every read is bounds-checked and every
 * structural problem raises EvtxFormatError with its offset; nothing here loops without advancing.
 */
import {
  EvtxFormatError, TOKEN_ATTRIBUTE, TOKEN_CDATA, TOKEN_CHAR_REF, TOKEN_CLOSE_EMPTY_ELEMENT,
  TOKEN_CLOSE_START_ELEMENT, TOKEN_END_ELEMENT, TOKEN_ENTITY_REF, TOKEN_EOF, TOKEN_FLAG_MORE,
  TOKEN_FRAGMENT_HEADER, TOKEN_NORMAL_SUBSTITUTION, TOKEN_OPEN_START_ELEMENT,
  TOKEN_OPTIONAL_SUBSTITUTION, TOKEN_PI_DATA, TOKEN_PI_TARGET, TOKEN_TEMPLATE_INSTANCE, TOKEN_VALUE,
} from './binxml-tokens.js';
import type { ChunkContext } from './chunk-context.js';
import { K_ELEMENT, K_PI, K_REF, K_SUBST, K_TEXT } from './nodes.js';
import type { AttrNode, BxNode, ElementNode } from './nodes.js';
import { readTemplateInstance, type ParseTemplateBody } from './templates.js';
import { decodeScalar, fixedSize, utf16, VT_ANSI_STRING, VT_STRING } from './value-types.js';

/** Deepest element nesting accepted (real logs use < 10). */
export const MAX_DEPTH = 64;

function need(pos: number, n: number, end: number): void {
  if (pos + n > end) throw new EvtxFormatError(pos, `truncated BinXML: need ${n} bytes at 0x${pos.toString(16)}`);
}

function rd32(b: Buffer, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

function rd16(b: Buffer, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

/**
 * Read the name referenced at `fieldPos` (a u32 chunk offset). Returns the position after the
 * reference, skipping the name structure when it is stored inline right there.
 */
function readName(ctx: ChunkContext, fieldPos: number, end: number, out: { name: string }): number {
  const b = ctx.buf;
  need(fieldPos, 4, end);
  const off = rd32(b, fieldPos);
  const after = fieldPos + 4;
  let name = ctx.names.get(off);
  if (name === undefined) {
    if (off + 8 > b.length) throw new EvtxFormatError(fieldPos, `name offset 0x${off.toString(16)} outside chunk`);
    const count = rd16(b, off + 6);
    if (off + 8 + count * 2 > b.length) throw new EvtxFormatError(off, 'name runs past chunk end');
    name = b.toString('utf16le', off + 8, off + 8 + count * 2);
    ctx.names.set(off, name);
  }
  out.name = name;
  if (off === after) {
    const size = 8 + rd16(b, off + 6) * 2 + 2;
    need(after, size, end);
    return after + size;
  }
  return after;
}

const nameOut = { name: '' };

/** Parse nodes in `[start, end)`; returns the nodes and the position after the EOF token. */
const parseTemplateBody: ParseTemplateBody = (ctx, start, end, depth) => parseBinXml(ctx, start, end, true, depth).nodes;

// size-exempt: one token loop of the BinXML grammar (each case a few lines, sharing the cursor and the open-element stack); split by token it would pass that state around per token.
export function parseBinXml(
  ctx: ChunkContext, start: number, end: number, inTemplate: boolean, depth: number,
): { nodes: BxNode[]; end: number } {
  if (depth > 8) throw new EvtxFormatError(start, 'BinXML nested too deep');
  const b = ctx.buf;
  if (end > b.length) end = b.length;
  const root: BxNode[] = [];
  const stack: ElementNode[] = [];
  let kids = root;
  let attr: AttrNode | null = null;
  let pos = start;
  while (pos < end) {
    const tok = b[pos]!;
    const kind = tok & ~TOKEN_FLAG_MORE;
    switch (kind) {
      case TOKEN_EOF:
        if (tok !== TOKEN_EOF) throw new EvtxFormatError(pos, `bad token 0x${tok.toString(16)}`);
        return { nodes: root, end: pos + 1 };
      case TOKEN_FRAGMENT_HEADER:
        if (tok !== TOKEN_FRAGMENT_HEADER) throw new EvtxFormatError(pos, `bad token 0x${tok.toString(16)}`);
        need(pos, 4, end);
        pos += 4;
        break;
      case TOKEN_OPEN_START_ELEMENT: {
        if (stack.length >= MAX_DEPTH) throw new EvtxFormatError(pos, 'elements nested too deep');
        const hasAttrs = (tok & TOKEN_FLAG_MORE) !== 0;
        // Template definitions carry a 2-byte dependency id; plain fragments may omit it. Decide
        // by where the name reference points: an inline name starts right after the field.
        let p = pos + 1;
        need(pos, 11, end);
        if (!inTemplate) {
          const withDep = rd32(b, p + 6);
          const withoutDep = rd32(b, p + 4);
          if (withDep !== p + 10 && (withoutDep === p + 8 || (withoutDep < p && ctx.names.has(withoutDep) && !ctx.names.has(withDep)))) p -= 2;
        }
        p += 2 + 4; // dependency id, data size
        p = readName(ctx, p, end, nameOut);
        if (hasAttrs) {
          need(p, 4, end);
          p += 4;
        }
        const el: ElementNode = { kind: K_ELEMENT, name: nameOut.name, attrs: [], kids: [] };
        kids.push(el);
        stack.push(el);
        kids = el.kids;
        attr = null;
        pos = p;
        break;
      }
      case TOKEN_ATTRIBUTE: {
        const el = stack[stack.length - 1];
        if (el === undefined) throw new EvtxFormatError(pos, 'attribute outside an element');
        pos = readName(ctx, pos + 1, end, nameOut);
        attr = { name: nameOut.name, parts: [] };
        el.attrs.push(attr);
        break;
      }
      case TOKEN_CLOSE_START_ELEMENT:
        if (stack.length === 0) throw new EvtxFormatError(pos, 'close-start outside an element');
        attr = null;
        pos += 1;
        break;
      case TOKEN_CLOSE_EMPTY_ELEMENT:
      case TOKEN_END_ELEMENT:
        if (stack.length === 0) throw new EvtxFormatError(pos, 'end of element outside an element');
        stack.pop();
        kids = stack.length > 0 ? stack[stack.length - 1]!.kids : root;
        attr = null;
        pos += 1;
        break;
      case TOKEN_VALUE: {
        need(pos, 2, end);
        const type = b[pos + 1]!;
        let p = pos + 2;
        let value: string | number | boolean;
        if (type === VT_STRING || type === VT_ANSI_STRING) {
          need(p, 2, end);
          const count = rd16(b, p);
          p += 2;
          const bytes = type === VT_STRING ? count * 2 : count;
          need(p, bytes, end);
          value = type === VT_STRING ? utf16(b, p, p + bytes) : b.toString('latin1', p, p + bytes);
          p += bytes;
        } else {
          const size = fixedSize(type);
          if (size === 0) throw new EvtxFormatError(pos, `value token of type 0x${type.toString(16)}`);
          need(p, size, end);
          value = decodeScalar(b, type, p, size) ?? '';
          p += size;
        }
        (attr ? attr.parts : kids).push({ kind: K_TEXT, value, cdata: false });
        pos = p;
        break;
      }
      case TOKEN_CDATA:
      case TOKEN_PI_DATA: {
        need(pos, 3, end);
        const count = rd16(b, pos + 1);
        need(pos + 3, count * 2, end);
        const text = b.toString('utf16le', pos + 3, pos + 3 + count * 2);
        if (kind === TOKEN_CDATA) (attr ? attr.parts : kids).push({ kind: K_TEXT, value: text, cdata: true });
        else {
          const last = kids[kids.length - 1];
          if (last !== undefined && last.kind === K_PI) last.data = text;
          else kids.push({ kind: K_PI, target: '', data: text });
        }
        pos += 3 + count * 2;
        break;
      }
      case TOKEN_CHAR_REF:
        need(pos, 3, end);
        (attr ? attr.parts : kids).push({ kind: K_REF, text: `&#${rd16(b, pos + 1)};` });
        pos += 3;
        break;
      case TOKEN_ENTITY_REF:
        pos = readName(ctx, pos + 1, end, nameOut);
        (attr ? attr.parts : kids).push({ kind: K_REF, text: `&${nameOut.name};` });
        break;
      case TOKEN_PI_TARGET:
        pos = readName(ctx, pos + 1, end, nameOut);
        kids.push({ kind: K_PI, target: nameOut.name, data: '' });
        break;
      case TOKEN_TEMPLATE_INSTANCE: {
        const inst = { node: null as unknown as BxNode };
        pos = readTemplateInstance(ctx, pos, end, depth, inst, parseTemplateBody);
        kids.push(inst.node);
        break;
      }
      case TOKEN_NORMAL_SUBSTITUTION:
      case TOKEN_OPTIONAL_SUBSTITUTION:
        if (tok & TOKEN_FLAG_MORE) throw new EvtxFormatError(pos, `bad token 0x${tok.toString(16)}`);
        need(pos, 4, end);
        (attr ? attr.parts : kids).push({
          kind: K_SUBST, index: rd16(b, pos + 1), type: b[pos + 3]!, optional: kind === TOKEN_OPTIONAL_SUBSTITUTION,
        });
        pos += 4;
        break;
      default:
        throw new EvtxFormatError(pos, `unknown BinXML token 0x${tok.toString(16)}`);
    }
  }
  // Ran to the end of the region without an EOF token: accept when all elements are closed.
  if (stack.length > 0) throw new EvtxFormatError(pos, 'BinXML ends inside an element');
  return { nodes: root, end: pos };
}
