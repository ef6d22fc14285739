/**
 * YAML text to plain values, for every data and rule file the project reads. The fast subset reader
 * (fast-yaml.ts) reads what it can; the `yaml` library reads the rest and gives the error messages.
 * The library (about fifty modules) is loaded the first time it is needed, not when the program
 * starts: a hunt whose rule set comes from the rule cache and whose data files are in the subset
 * never loads it.
 */
import { createRequire } from 'node:module';
import { parseSigmaYaml } from './fast-yaml.js';

type YamlLibrary = typeof import('yaml');
let library: YamlLibrary | undefined;

/** The `yaml` library, loaded on first use (the package's Node build, the one `import 'yaml'` gives). */
export function yamlLibrary(): YamlLibrary {
  return (library ??= createRequire(import.meta.url)('yaml') as YamlLibrary);
}

/** Whether the `yaml` library has been loaded in this process (tests check a cached load needs none). */
export function yamlLibraryLoaded(): boolean {
  return library !== undefined;
}

/**
 * The value of a one-document YAML text, as the library's `parse(text, { merge })` gives it;
 * throws the library's error for malformed text. Merge keys (`<<`) are outside the fast subset.
 */
export function parseYaml(text: string, options: { merge?: boolean } = {}): unknown {
  const docs = parseSigmaYaml(text);
  if (docs !== null && docs.length === 1) return docs[0];
  return yamlLibrary().parse(text, options);
}
