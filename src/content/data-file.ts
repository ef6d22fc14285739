/**
 * Reading a data file the package ships (or a user gives in its place): YAML or JSON parsed once,
 * and small shape checks whose errors name the file and the key, e.g.
 * `content/mappings/indicator-fields.yml: kinds.path.fields[2]: not a string`.
 */
import { readFileSync } from 'node:fs';
import { parseYaml } from './yaml-text.js';
import { isRecord } from './is-record.js';

/** A data file that cannot be read or does not have the expected shape. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`${file}: ${key ? `${key}: ` : ''}${reason}`);
    this.name = 'DataFileError';
  }
}

/** Parse `file` (JSON when it ends in .json, else YAML); unreadable or malformed text throws DataFileError. */
export function readDataFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DataFileError(file, '', `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new DataFileError(file, '', `not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'} (${(err as Error).message.split('\n')[0]})`);
  }
}

/** Shape checks for one data file; every failure throws a DataFileError naming the key. */
export class DataShape {
  constructor(readonly file: string) {}

  fail(key: string, reason: string): never {
    throw new DataFileError(this.file, key, reason);
  }

  map(value: unknown, key: string, allowedKeys?: readonly string[]): Record<string, unknown> {
    if (!isRecord(value)) this.fail(key, 'expected a map');
    if (allowedKeys) {
      for (const k of Object.keys(value)) if (!allowedKeys.includes(k)) this.fail(key ? `${key}.${k}` : k, `unknown key (known: ${allowedKeys.join(', ')})`);
    }
    return value;
  }

  list(value: unknown, key: string): unknown[] {
    if (!Array.isArray(value)) this.fail(key, 'expected a list');
    return value;
  }

  /** A string or a list of strings; absent (undefined/null) gives []. */
  strings(value: unknown, key: string): string[] {
    if (value === undefined || value === null) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.map((v, i) => (typeof v === 'string' ? v : this.fail(Array.isArray(value) ? `${key}[${i}]` : key, 'not a string')));
  }

  /** A number or a list of numbers; absent gives []. */
  numbers(value: unknown, key: string): number[] {
    if (value === undefined || value === null) return [];
    const items = Array.isArray(value) ? value : [value];
    return items.map((v, i) => (typeof v === 'number' && Number.isFinite(v) ? v : this.fail(Array.isArray(value) ? `${key}[${i}]` : key, 'not a number')));
  }

  /** A regular expression source, compiled (case-insensitive unless `flags` says otherwise). */
  pattern(value: unknown, key: string, flags = 'i'): RegExp {
    if (typeof value !== 'string') this.fail(key, 'expected a regular expression string');
    try {
      return new RegExp(value, flags);
    } catch (err) {
      return this.fail(key, `not a valid regular expression (${(err as Error).message})`);
    }
  }
}

/**
 * A loader for one kind of data file: the shipped `defaultFile` parsed once per process (every
 * detector and worker asks for it), any other file parsed each time it is asked for.
 */
export function dataFileLoader<T>(defaultFile: string, parse: (doc: unknown, file: string) => T): (file?: string) => T {
  let shipped: T | undefined;
  return (file = defaultFile) => {
    if (file !== defaultFile) return parse(readDataFile(file), file);
    shipped ??= parse(readDataFile(defaultFile), defaultFile);
    return shipped;
  };
}
