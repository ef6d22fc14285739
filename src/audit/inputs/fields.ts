/**
 * Reading typed cells out of export records (CSV rows or JSON objects) with problems reported
 * as `file:line: column: reason` and the record kept (a garbage cell reads as "unknown").
 */
import type { AuditCollector } from '../model.js';
import { FieldLookup, type Cell } from '../cell-values.js';

export interface RawRecord {
  line: number;
  values: Record<string, unknown>;
}

export class RecordReader {
  readonly lookup: FieldLookup;
  bad = 0;
  constructor(
    readonly collector: AuditCollector,
    readonly path: string,
    names: Iterable<string>,
  ) {
    this.lookup = new FieldLookup(names);
  }

  /** Column names (of `required`, each a list of aliases) the export lacks. */
  missing(required: Record<string, readonly string[]>): string[] {
    return Object.entries(required).filter(([, aliases]) => !this.lookup.has(aliases)).map(([name]) => name);
  }

  raw(rec: RawRecord, aliases: readonly string[]): unknown {
    const name = this.lookup.name(aliases);
    return name === undefined ? undefined : rec.values[name];
  }

  /** A typed cell; garbage is reported and read as null. */
  get<T>(rec: RawRecord, aliases: readonly string[], parse: (raw: unknown) => Cell<T>): T | null {
    const name = this.lookup.name(aliases);
    if (name === undefined) return null;
    const cell = parse(rec.values[name]);
    if (cell.ok) return cell.value;
    this.bad++;
    this.collector.problem(this.path, `${name}: ${cell.reason}`, rec.line);
    return null;
  }
}

/** Field names of a JSON record, with nested objects as dotted names (`status.errorCode`). */
export function flatKeys(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const name = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[name] = v;
      flatKeys(v, `${name}.`, out);
    } else out[name] = v;
  }
  return out;
}
