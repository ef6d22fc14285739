/**
 * What kind of value a field holds, from its name alone (the detector caches it per name), by the
 * taxonomy in content/mappings/ioc/indicator-fields.yml: paths whose last element is a file name,
 * service and antivirus-detection names, the SCM `param1`, URL host and path parts, command lines,
 * address fields that may hold an IPv4 address as a number, and fields never worth scanning.
 * Kinds are bit flags. The taxonomy is parsed and validated once; a malformed one is an error
 * naming the file and the key.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { contentPath } from '../content/content-path.js';
import { dataFileLoader, DataShape } from '../content/data-file.js';

export const K_PATH = 1;
export const K_SERVICE = 2;
export const K_AV = 4;
export const K_SCM_PARAM = 8;
export const K_URL_HOST = 16;
export const K_URL_PATH = 32;
export const K_CMD = 64;
export const K_SKIP = 128;
/** Address fields whose value may be an IPv4 address written as a 32-bit number. */
export const K_IPNUM = 256;

/** The taxonomy's kind names and their bits. */
const KIND_BITS: Readonly<Record<string, number>> = {
  path: K_PATH, service: K_SERVICE, antivirus: K_AV, scm_param: K_SCM_PARAM, url_host: K_URL_HOST,
  url_path: K_URL_PATH, command_line: K_CMD, address_number: K_IPNUM,
};

/** Where a mappings folder keeps the taxonomy (`hunt --mappings DIR`). */
const IN_MAPPINGS = ['ioc', 'indicator-fields.yml'] as const;

export const DEFAULT_INDICATOR_FIELDS = contentPath('mappings', ...IN_MAPPINGS);

/** The taxonomy of a mappings folder: DIR/ioc/indicator-fields.yml when it has one, else the shipped one. */
export function indicatorFieldsIn(mappingsDir: string): string {
  const file = path.join(mappingsDir, ...IN_MAPPINGS);
  return existsSync(file) ? file : DEFAULT_INDICATOR_FIELDS;
}

interface KindTest {
  bit: number;
  fields: Set<string>;
  last: Set<string>;
  pattern: RegExp | null;
}

export interface FieldTaxonomy {
  /** The kind bits of a field name (0: only the tokens every string gets; K_SKIP: not scanned). */
  kindOf(name: string): number;
}

/** Parse a taxonomy already read from `file`. */
export function parseFieldTaxonomy(doc: unknown, file: string): FieldTaxonomy {
  const shape = new DataShape(file);
  const top = shape.map(doc, '', ['skip', 'kinds']);
  const skip = new Set(shape.strings(top.skip, 'skip').map((s) => s.toLowerCase()));
  const kinds = shape.map(top.kinds, 'kinds', Object.keys(KIND_BITS));
  const tests: KindTest[] = Object.entries(kinds).map(([kind, raw]) => {
    const key = `kinds.${kind}`;
    const k = shape.map(raw, key, ['fields', 'last', 'pattern']);
    const lower = (v: unknown, sub: string): Set<string> => new Set(shape.strings(v, `${key}.${sub}`).map((s) => s.toLowerCase()));
    return { bit: KIND_BITS[kind]!, fields: lower(k.fields, 'fields'), last: lower(k.last, 'last'), pattern: k.pattern === undefined ? null : shape.pattern(k.pattern, `${key}.pattern`, '') };
  });
  return {
    kindOf(name: string): number {
      const n = name.toLowerCase();
      if (skip.has(n)) return K_SKIP;
      const last = n.slice(n.lastIndexOf('.') + 1);
      let bits = 0;
      for (const t of tests) if (t.fields.has(n) || t.last.has(last) || t.pattern?.test(n)) bits |= t.bit;
      return bits;
    },
  };
}

/** The taxonomy from `file` (default: the shipped one, read once per process). */
export const loadFieldTaxonomy: (file?: string) => FieldTaxonomy = dataFileLoader(DEFAULT_INDICATOR_FIELDS, parseFieldTaxonomy);

/** The kind bits of `name` by the shipped taxonomy. */
export function fieldKind(name: string): number {
  return loadFieldTaxonomy().kindOf(name);
}
