/**
 * YAML text to plain values, for every data and rule file the project reads. The fast subset reader
 * (fast-yaml.ts) reads what it can; the `yaml` library reads the rest and gives the error messages.
 * The library (about fifty modules) is loaded the first time it is needed, not when the program
 * starts: a hunt whose rule set comes from the rule cache and whose data files are in the subset
 * never loads it.
 */
import { parseSigmaYaml } from './fast-yaml.js';
import { packageOnFirstUse } from './package-on-first-use.js';

/** The `yaml` library, loaded on first use. */
export const yamlLibrary = packageOnFirstUse<typeof import('yaml')>('yaml');

/**
 * The value of a one-document YAML text, as the library's `parse(text, { merge })` gives it;
 * throws the library's error for malformed text. Merge keys (`<<`) are outside the fast subset.
 */
export function parseYaml(text: string, options: { merge?: boolean } = {}): unknown {
  const docs = parseSigmaYaml(text);
  if (docs !== null && docs.length === 1) return docs[0];
  return yamlLibrary().parse(text, options);
}
