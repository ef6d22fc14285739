/**
 * Reads the exports given on the command line, recognising each by its content (never by its
 * name): Entra registration details, Entra sign-ins, AD users, software inventory, CISA KEV,
 * IIS applicationHost.config, systemd units, process-creation events. An unusable file is
 * reported (one line naming it) and the audit goes on with the others.
 */
import { promises as fs } from 'node:fs';
import { walkFiles } from '../sources/walk-files.js';
import { flattenRecord } from '../events/flatten.js';
import type { AuditCollector } from './model.js';
import { parseCsv } from './admin-csv.js';
import { parseJsonRecords, type JsonDocument } from './json-records.js';
import { FieldLookup } from './cell-values.js';
import { flatKeys, type RawRecord } from './inputs/fields.js';
import { readRegistrations, REGISTRATION_SIGNATURE, type RegistrationRecord } from './inputs/entra-registration.js';
import { readSignIns, SIGNIN_SIGNATURE, type SignInRecord } from './inputs/entra-signins.js';
import { readAdUsers, AD_SIGNATURE, type AdUserRecord } from './inputs/ad-users.js';
import { readInventory, INVENTORY_COLUMNS, type InventoryRecord } from './inputs/inventory.js';
import { isKevDocument, readKev, type KevEntry } from './inputs/kev.js';
import { isIisConfig, readIisConfig, type IisConfig } from './inputs/iis-config.js';
import { isSystemdUnit, readSystemdUnits, type SystemdUnit } from './inputs/systemd-unit.js';
import { looksLikeEvent, processFromFields, type ProcessRecord } from './inputs/process-events.js';
import { openInput } from '../sources/index.js';
import { parseTimestamp } from '../events/timestamp.js';

export type InputKind = 'entra-registration' | 'entra-signins' | 'ad-users' | 'inventory' | 'kev' | 'iis-config' | 'systemd-units' | 'process-events';

export interface AuditInputs {
  registrations: RegistrationRecord[];
  signIns: SignInRecord[];
  adUsers: AdUserRecord[];
  inventory: InventoryRecord[];
  kev: KevEntry[];
  iis: IisConfig[];
  units: SystemdUnit[];
  processes: ProcessRecord[];
  /** What was read: path, kind, records. */
  read: { path: string; kind: string; records: number }[];
}

/** Append without spreading (a spread of 100 000+ records overflows the call stack). */
function append<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}

export function emptyInputs(): AuditInputs {
  return { registrations: [], signIns: [], adUsers: [], inventory: [], kev: [], iis: [], units: [], processes: [], read: [] };
}

/** Which tabular export a set of column names is. */
function tabularKind(names: string[], typeName: string): InputKind | null {
  const l = new FieldLookup(names);
  if (l.has(REGISTRATION_SIGNATURE)) return 'entra-registration';
  if (l.has(SIGNIN_SIGNATURE)) return 'entra-signins';
  if (/ADUser$/i.test(typeName) || l.has(AD_SIGNATURE)) return 'ad-users';
  const inv = [INVENTORY_COLUMNS.product, INVENTORY_COLUMNS.version, INVENTORY_COLUMNS.host].filter((a) => l.has(a)).length;
  if (inv >= 2) return 'inventory';
  return null;
}

/** One file being loaded: where its records and problems go. */
interface LoadTarget {
  file: string;
  inputs: AuditInputs;
  collector: AuditCollector;
  forceKind: InputKind | undefined;
  /** Counts a kind's records; a kind with none is a problem. */
  record: (kind: InputKind, n: number) => void;
}

/** Read one file into `inputs`; problems go to the collector. */
export async function loadFile(file: string, inputs: AuditInputs, collector: AuditCollector, forceKind?: InputKind): Promise<void> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    collector.problem(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, undefined, true);
    return;
  }
  const record = (kind: InputKind, n: number): void => {
    inputs.read.push({ path: file, kind, records: n });
    if (n === 0) collector.problem(file, `${kind} export holds no records`, undefined, true);
  };
  const target: LoadTarget = { file, inputs, collector, forceKind, record };
  if (buf.subarray(0, 8).toString('latin1') === 'ElfFile\0') return loadEvtx(target);
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    collector.problem(file, 'empty file', undefined, true);
    return;
  }
  const lead = text.trimStart()[0];
  if (forceKind === 'kev' && lead !== '{') {
    collector.problem(file, 'not a CISA KEV catalog (expected the JSON feed known_exploited_vulnerabilities.json)', undefined, true);
    return;
  }
  if (lead === '<') return loadXml(target, text);
  if (isSystemdUnit(text)) {
    const units = readSystemdUnits(file, text, collector);
    if (units) {
      append(inputs.units, units);
      record('systemd-units', units.length);
    }
    return;
  }
  if (lead === '{' || lead === '[') return loadJson(target, text);
  loadCsv(target, text);
}

/** An EVTX file: its process-creation events. */
async function loadEvtx({ file, inputs, collector, record }: LoadTarget): Promise<void> {
  let n = 0;
  const reader = await openInput(file);
  for await (const batch of reader.read(file, { onProblem: (x) => collector.problem(file, `${x.where}: ${x.reason}`) })) {
    for (const e of batch) {
      const p = processFromFields(e.fields, { path: file, record: e.source.record, format: 'evtx' }, parseTimestamp(e.fields.TimeCreated));
      if (p) {
        inputs.processes.push(p);
        n++;
      }
    }
  }
  record('process-events', n);
}

/** XML: an IIS applicationHost.config or nothing we know. */
function loadXml({ file, inputs, collector, record }: LoadTarget, text: string): void {
  if (!isIisConfig(text)) {
    collector.problem(file, 'XML but not an IIS applicationHost.config (no <system.applicationHost>)', undefined, true);
    return;
  }
  const cfg = readIisConfig(file, text, collector);
  if (cfg) {
    inputs.iis.push(cfg);
    record('iis-config', cfg.pools.length);
  }
}

/** JSON or JSONL: the KEV catalog, process events, or a tabular export told apart by its keys. */
function loadJson(target: LoadTarget, text: string): void {
  const { file, inputs, collector, forceKind } = target;
  let doc: JsonDocument;
  try {
    doc = parseJsonRecords(text);
  } catch (err) {
    collector.problem(file, err instanceof Error ? err.message : String(err), undefined, true);
    return;
  }
  for (const p of doc.problems) collector.problem(file, p.reason, p.line);
  if (forceKind === 'kev' || isKevDocument(doc.root)) {
    const entries = readKev(file, doc, collector);
    if (entries) {
      append(inputs.kev, entries);
      inputs.read.push({ path: file, kind: 'kev', records: entries.length });
    }
    return;
  }
  const objects = [];
  for (const r of doc.records) {
    if (r.value !== null && typeof r.value === 'object' && !Array.isArray(r.value)) objects.push(r);
    else collector.problem(file, 'record is not a JSON object (skipped)', r.line);
  }
  if (objects.length === 0) {
    collector.problem(file, 'JSON holds no records', undefined, true);
    return;
  }
  // Kind from the keys of the first records.
  const keys = new Set<string>();
  for (const r of objects.slice(0, 20)) for (const k of Object.keys(flatKeys(r.value))) keys.add(k);
  if (looksLikeEvent(keys)) {
    let n = 0;
    for (const r of objects) {
      const fields = flattenRecord(r.value);
      const p = processFromFields(fields, { path: file, record: r.line, format: doc.format }, parseTimestamp(fields.TimeCreated ?? fields['@timestamp'] ?? fields.UtcTime));
      if (p) {
        inputs.processes.push(p);
        n++;
      }
    }
    inputs.read.push({ path: file, kind: 'process-events', records: n });
    if (n === 0) collector.notes.push(`${file}: ${objects.length} events, none of them process creation (Sysmon 1 / Security 4688)`);
    return;
  }
  const kind = forceKind ?? tabularKind([...keys], '');
  const raws: RawRecord[] = objects.map((r) => ({ line: r.line, values: flatKeys(r.value) }));
  dispatch(kind, file, doc.format, [...keys], raws, inputs, collector, target.record);
}

/** Anything else must be a CSV export with a header of several columns. */
function loadCsv({ file, inputs, collector, forceKind, record }: LoadTarget, text: string): void {
  let table;
  try {
    table = parseCsv(text);
  } catch (err) {
    collector.problem(file, err instanceof Error ? err.message : String(err), undefined, true);
    return;
  }
  if (table.header.length < 2) {
    collector.problem(file, 'not a recognised export (no JSON, XML, unit file, or CSV header with several columns)', undefined, true);
    return;
  }
  for (const p of table.problems) collector.problem(file, p.reason, p.line);
  const kind = forceKind ?? tabularKind(table.header, table.typeName);
  dispatch(kind, file, 'csv', table.header, table.rows, inputs, collector, record);
}

function dispatch(kind: InputKind | null, file: string, format: string, names: string[], raws: RawRecord[], inputs: AuditInputs, collector: AuditCollector, record: (k: InputKind, n: number) => void): void {
  switch (kind) {
    case 'entra-registration': {
      const r = readRegistrations(file, format, names, raws, collector);
      if (r) { append(inputs.registrations, r); record(kind, r.length); }
      return;
    }
    case 'entra-signins': {
      const r = readSignIns(file, format, names, raws, collector);
      if (r) { append(inputs.signIns, r); record(kind, r.length); }
      return;
    }
    case 'ad-users': {
      const r = readAdUsers(file, format, names, raws, collector);
      if (r) { append(inputs.adUsers, r); record(kind, r.length); }
      return;
    }
    case 'inventory': {
      const r = readInventory(file, format, names, raws, collector);
      if (r) { append(inputs.inventory, r); record(kind, r.length); }
      return;
    }
    default:
      collector.problem(file, `not a recognised export (columns: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})`, undefined, true);
  }
}

/** Read every file under the given paths (the one walker: regular files, each once). */
export async function loadInputs(paths: string[], collector: AuditCollector, kevFiles: string[] = [], followSymlinks = false): Promise<AuditInputs> {
  const inputs = emptyInputs();
  for (const f of walkFiles(paths, { onProblem: collector.walkProblem, followSymlinks })) {
    try {
      await loadFile(f, inputs, collector);
    } catch (err) {
      // A parser bug must not end the audit: name the file and go on.
      collector.problem(f, `could not be audited: ${err instanceof Error ? err.message : String(err)}`, undefined, true);
    }
  }
  for (const k of kevFiles) await loadFile(k, inputs, collector, 'kev');
  return inputs;
}
