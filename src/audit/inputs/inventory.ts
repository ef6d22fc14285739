/**
 * Software inventory: CSV or JSON rows of host, product, version, internet_facing (and optionally
 * vendor). Any asset tool's export fits once its columns carry these names.
 */
import type { SourceRef } from '../../events/event.js';
import type { AuditCollector } from '../model.js';
import { parseBool, parseText } from '../cell-values.js';
import { parseVersion } from '../vendor-version.js';
import { RecordReader, type RawRecord } from './fields.js';

export interface InventoryRecord {
  source: SourceRef;
  host: string;
  vendor: string | null;
  product: string;
  version: string | null;
  /** null when the export does not say. */
  internetFacing: boolean | null;
}

export const INVENTORY_COLUMNS = {
  host: ['host', 'hostname', 'computer', 'computer_name', 'asset'],
  product: ['product', 'software', 'application', 'name'],
  version: ['version', 'product_version'],
} as const;
const OPTIONAL = {
  vendor: ['vendor', 'publisher', 'manufacturer'],
  internetFacing: ['internet_facing', 'internetFacing', 'exposed', 'public'],
} as const;

export function readInventory(path: string, format: string, names: string[], records: RawRecord[], collector: AuditCollector): InventoryRecord[] | null {
  const r = new RecordReader(collector, path, names);
  const missing = r.missing(INVENTORY_COLUMNS);
  if (missing.length > 0) {
    collector.problem(path, `software inventory without required column(s): ${missing.join(', ')}`, undefined, true);
    return null;
  }
  if (!r.lookup.has(OPTIONAL.internetFacing)) {
    collector.notes.push(`${path}: no internet_facing column; every row is treated as internal`);
  }
  const out: InventoryRecord[] = [];
  for (const rec of records) {
    const host = r.get(rec, INVENTORY_COLUMNS.host, parseText);
    const product = r.get(rec, INVENTORY_COLUMNS.product, parseText);
    if (host === null || product === null) {
      collector.problem(path, `inventory row without ${host === null ? 'host' : 'product'} (skipped)`, rec.line);
      continue;
    }
    let version = r.get(rec, INVENTORY_COLUMNS.version, parseText);
    if (version !== null && parseVersion(version) === null) {
      collector.problem(path, `version: "${version}" is not a version (row kept, version unknown)`, rec.line);
      version = null;
    }
    out.push({
      source: { path, record: rec.line, format },
      host,
      vendor: r.get(rec, OPTIONAL.vendor, parseText),
      product,
      version,
      internetFacing: r.get(rec, OPTIONAL.internetFacing, parseBool),
    });
  }
  return out;
}
