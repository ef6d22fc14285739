/**
 * Templates: a TemplateInstance token names a definition by chunk offset (inline the first time,
 * a back-reference afterwards) and carries the substitution array. Definitions are parsed once per
 * chunk and cached by offset in the ChunkContext.
 * Definition layout: next offset u32, GUID[16], data size u32, BinXML[data size].
 * Instance layout: 0x0c, u8, template id u32, definition offset u32, [definition], value count u32,
 * descriptors (size u16, type u8, pad u8) × count, then the values back to back.
 * Definitions hold BinXML, which binxml.ts parses: it passes its parser in (`ParseTemplateBody`),
 * so the two files do not import each other.
 */
import { EvtxFormatError } from './binxml-tokens.js';
import type { ChunkContext } from './chunk-context.js';
import { K_INSTANCE } from './nodes.js';
import type { BxNode, TemplateDef } from './nodes.js';
import { formatGuid } from './value-types.js';

function rd32(b: Buffer, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

/** Parses a definition's BinXML body (start..end) into nodes. */
export type ParseTemplateBody = (ctx: ChunkContext, start: number, end: number, depth: number) => BxNode[];

/** Get (parsing once) the template definition at `offset`. */
export function templateAt(ctx: ChunkContext, offset: number, depth: number, parseBody: ParseTemplateBody): TemplateDef {
  const cached = ctx.templates.get(offset);
  if (cached) return cached;
  const b = ctx.buf;
  if (offset < 512 || offset + 24 > b.length) throw new EvtxFormatError(offset, `template offset 0x${offset.toString(16)} outside chunk`);
  if (ctx.parsing.has(offset)) throw new EvtxFormatError(offset, 'template refers to itself');
  const dataSize = rd32(b, offset + 20);
  const start = offset + 24;
  if (start + dataSize > b.length) throw new EvtxFormatError(offset, `template data size ${dataSize} runs past chunk end`);
  ctx.parsing.add(offset);
  try {
    const nodes = parseBody(ctx, start, start + dataSize, depth + 1);
    const def: TemplateDef = { offset, guid: formatGuid(b, offset + 4), dataSize, nodes };
    ctx.templates.set(offset, def);
    return def;
  } finally {
    ctx.parsing.delete(offset);
  }
}

/** Parse a TemplateInstance token at `pos`; stores the node in `out.node`, returns the next position. */
export function readTemplateInstance(
  ctx: ChunkContext, pos: number, end: number, depth: number, out: { node: BxNode }, parseBody: ParseTemplateBody,
): number {
  const b = ctx.buf;
  if (pos + 10 > end) throw new EvtxFormatError(pos, 'truncated template instance');
  const defOffset = rd32(b, pos + 6);
  let p = pos + 10;
  const def = templateAt(ctx, defOffset, depth, parseBody);
  if (defOffset === p) p = defOffset + 24 + def.dataSize;
  if (p + 4 > end) throw new EvtxFormatError(p, 'truncated substitution count');
  const count = rd32(b, p);
  p += 4;
  if (count * 4 > end - p) throw new EvtxFormatError(p, `substitution count ${count} larger than the record`);
  const types: number[] = [];
  const offsets: number[] = [];
  const sizes: number[] = [];
  let v = p + count * 4;
  for (let i = 0; i < count; i++) {
    const size = b[p]! | (b[p + 1]! << 8);
    types.push(b[p + 2]!);
    sizes.push(size);
    offsets.push(v);
    v += size;
    p += 4;
  }
  if (v > end) throw new EvtxFormatError(p, 'substitution values run past the record');
  out.node = { kind: K_INSTANCE, template: def, types, offsets, sizes };
  return v;
}
