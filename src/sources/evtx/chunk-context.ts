/**
 * Per-chunk parsing state: the chunk bytes (all BinXML offsets are chunk-relative), the element
 * name cache and the template definition cache, both keyed by chunk offset, and the templates' field plans.
 */
import type { FieldPlan } from './field-plan.js';
import type { TemplateDef } from './nodes.js';

/** Expansion budget per chunk: real chunks use a few ten thousand nodes. */
export const MAX_CHUNK_NODES = 4_000_000;

export class ChunkContext {
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, TemplateDef>();
  /** Each template's field plan (null: its records take the JSON path), made on first use. */
  readonly fieldPlans = new Map<TemplateDef, FieldPlan | null>();
  /** Template offsets being parsed (guards against a definition that refers to itself). */
  readonly parsing = new Set<number>();
  /** Nodes the records of this chunk may still expand to (bounds work on hostile input). */
  nodeBudget = MAX_CHUNK_NODES;
  constructor(readonly buf: Buffer) {}
}
