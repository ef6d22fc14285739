/**
 * Per-chunk parsing state: the chunk bytes (all BinXML offsets are chunk-relative), the element
 * name cache and the template definition cache, both keyed by chunk offset.
 */
import type { TemplateDef } from './nodes.js';

export class ChunkContext {
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, TemplateDef>();
  /** Template offsets being parsed (guards against a definition that refers to itself). */
  readonly parsing = new Set<number>();
  constructor(readonly buf: Buffer) {}
}
