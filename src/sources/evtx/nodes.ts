/**
 * The parsed shape of BinXML: template definitions compile once per chunk into these static nodes;
 * a record is a template instance (definition + substitution values) or plain nodes.
 */
export const K_ELEMENT = 0;
export const K_TEXT = 1;
export const K_SUBST = 2;
export const K_REF = 3;
export const K_INSTANCE = 4;
export const K_PI = 5;

export interface ElementNode {
  kind: 0;
  name: string;
  attrs: AttrNode[];
  kids: BxNode[];
}
export interface AttrNode {
  name: string;
  parts: BxNode[];
}
/** Literal text (Value token or CDATA); `value` is already decoded. */
export interface TextNode {
  kind: 1;
  value: string | number | boolean;
  cdata: boolean;
}
export interface SubstNode {
  kind: 2;
  index: number;
  type: number;
  optional: boolean;
}
/** Character or entity reference, kept as written (`&amp;`, `&#60;`), as evtx_dump does. */
export interface RefNode {
  kind: 3;
  text: string;
}
export interface InstanceNode {
  kind: 4;
  template: TemplateDef;
  /**
   * Substitution values: type, chunk offset and size of each. Plain arrays of small integers: a
   * typed array per record costs an ArrayBuffer and, past 64 bytes, memory outside the heap.
   */
  types: number[];
  offsets: number[];
  sizes: number[];
}
export interface PINode {
  kind: 5;
  target: string;
  data: string;
}
export type BxNode = ElementNode | TextNode | SubstNode | RefNode | InstanceNode | PINode;

export interface TemplateDef {
  offset: number;
  guid: string;
  dataSize: number;
  nodes: BxNode[];
}
