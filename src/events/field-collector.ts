/**
 * Builds the flat field object of a record from its fields in order, so that V8 keeps it a fast
 * object of a known shape instead of a dictionary.
 *
 * Adding 20-40 properties one by one with computed names (`out[key] = v`) turns an object into a
 * dictionary after a dozen; walking a dictionary (Object.keys, JSON.stringify, for-in) sorts its
 * keys every time, and the detectors walk every event. Records of one kind share their key
 * sequence (a Sysmon process creation always has the same System and EventData fields), so the key
 * sequences seen are kept in a trie, and a sequence met REPEAT times gets a compiled builder (an
 * object literal, record-builder.ts) that makes the object in one go.
 *
 * Semantics are exactly those of assigning the fields in order to `{}`: a repeated key keeps its
 * first position and its last value (as in an object literal), and a sequence holding `__proto__`
 * is never compiled (the assignment goes through the setter). Unseen or rare sequences, and any
 * sequence once the trie is full (a file whose every record has new keys), are assigned one by one.
 */
import type { EventFields, FieldValue } from './event.js';
import { compileRecordBuilder, type RecordBuilder } from './record-builder.js';

/** Times a key sequence is built by assignment before it gets a compiled builder. */
const REPEAT = 3;
/** Bounds on the cache whatever the input: trie nodes and compiled builders. */
const MAX_NODES = 100_000;
const MAX_BUILDERS = 4_000;
/** Longest key sequence compiled (record-builder compiles up to 1000). */
const MAX_KEYS = 1_000;

class ShapeNode {
  /** The first child, checked before the map: most nodes have one. */
  firstKey: string | undefined = undefined;
  firstChild: ShapeNode | undefined = undefined;
  others: Map<string, ShapeNode> | undefined = undefined;
  seen = 0;
  builder: RecordBuilder | undefined = undefined;
  /** The sequence ending here may not be compiled (`__proto__`, too long, no budget left). */
  refused = false;

  child(key: string): ShapeNode | undefined {
    if (this.firstKey === key) return this.firstChild;
    return this.others?.get(key);
  }

  addChild(key: string): ShapeNode {
    const node = new ShapeNode();
    if (this.firstChild === undefined) {
      this.firstKey = key;
      this.firstChild = node;
    } else (this.others ??= new Map()).set(key, node);
    return node;
  }
}

export class FieldCollector {
  private readonly keys: string[] = [];
  private readonly values: FieldValue[] = [];
  private count = 0;
  private readonly root = new ShapeNode();
  private nodes = 1;
  private builders = 0;

  /** Starts a record (also after one abandoned half-way by an exception). */
  reset(): void {
    this.count = 0;
  }

  add(key: string, value: FieldValue): void {
    const n = this.count++;
    this.keys[n] = key;
    this.values[n] = value;
  }

  /** The record's fields, as `{}` with every added field assigned in order would hold them. */
  build(): EventFields {
    const n = this.count;
    this.count = 0;
    const node = this.shapeOf(n);
    if (node?.builder) return node.builder(this.values);
    if (node && !node.refused && ++node.seen >= REPEAT) this.compile(node, n);
    return this.assign(n);
  }

  private shapeOf(n: number): ShapeNode | undefined {
    const keys = this.keys;
    let node = this.root;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      let next = node.child(key);
      if (next === undefined) {
        if (this.nodes >= MAX_NODES) return undefined;
        this.nodes++;
        next = node.addChild(key);
      }
      node = next;
    }
    return node;
  }

  private compile(node: ShapeNode, n: number): void {
    const keys = this.keys.slice(0, n);
    if (n === 0 || n > MAX_KEYS || this.builders >= MAX_BUILDERS || keys.includes('__proto__')) {
      node.refused = true;
      return;
    }
    this.builders++;
    node.builder = compileRecordBuilder(keys);
  }

  private assign(n: number): EventFields {
    const out: EventFields = {};
    const keys = this.keys;
    const values = this.values;
    for (let i = 0; i < n; i++) out[keys[i]!] = values[i]!;
    return out;
  }
}
