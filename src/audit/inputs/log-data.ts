/**
 * Log data given with `--data`: which of the sources needed to see the GALLIUM chain it holds.
 * Reads evtx_dump JSON/JSONL, Winlogbeat/ECS JSON, IIS W3C logs, Zeek dns logs (TSV or JSON),
 * Windows DNS server debug logs; EVTX through the project's readers (src/sources).
 * Text is streamed line by line; only a pretty-printed JSON document is parsed whole.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { flattenRecord } from '../../events/flatten.js';
import type { EventFields } from '../../events/event.js';
import type { AuditCollector } from '../model.js';
import { openInput } from '../../sources/index.js';
import { walkFiles } from '../../sources/walk-files.js';
import { isWebProcess, processFromFields, type ProcessRecord } from './process-events.js';
import { parseTimestamp } from '../../events/timestamp.js';

import { loadLogSourceTable, type LogSourceCount, type LogSourceId } from '../log-source-table.js';

export type { LogSourceId } from '../log-source-table.js';

export interface SourceSeen {
  count: number;
  hosts: Set<string>;
  path: string;
  line: number;
}

export interface DataPresence {
  seen: Map<LogSourceId, SourceSeen>;
  /** Security 4688 events without a CommandLine field (auditing of command lines is off). */
  security4688NoCmdline: SourceSeen | null;
  /** Sysmon 10 events whose target is lsass.exe. */
  lsassAccess: number;
  files: number;
  events: number;
  /** The --data paths as given. */
  roots: string[];
  /** Web server process starts seen in the data (for the least-privilege check). */
  webProcesses: ProcessRecord[];
}

export function emptyPresence(): DataPresence {
  return { seen: new Map(), security4688NoCmdline: null, lsassAccess: 0, files: 0, events: 0, roots: [], webProcesses: [] };
}

function note(p: DataPresence, id: LogSourceCount, host: string, file: string, line: number): void {
  let s: SourceSeen | null | undefined = id === 'no-cmdline' ? p.security4688NoCmdline : p.seen.get(id);
  if (!s) {
    s = { count: 0, hosts: new Set(), path: file, line };
    if (id === 'no-cmdline') p.security4688NoCmdline = s;
    else p.seen.set(id, s);
  }
  s.count++;
  if (host) s.hosts.add(host);
}

function str(f: EventFields, name: string): string {
  const v = f[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** Classify one flattened event (which log source it is: content/mappings/audit/log-sources.yml). */
export function classifyEvent(p: DataPresence, f: EventFields, file: string, line: number, format = 'json'): void {
  p.events++;
  const proc = processFromFields(f, { path: file, record: line, format }, parseTimestamp(f.TimeCreated ?? f['@timestamp'] ?? f.UtcTime));
  if (proc && isWebProcess(proc)) p.webProcesses.push(proc);
  const hit = loadLogSourceTable().classify(f);
  if (!hit) return;
  note(p, hit.count, hit.host, file, line);
  if (hit.count === 'sysmon-10' && /\\lsass\.exe$/i.test(str(f, 'TargetImage'))) p.lsassAccess++;
}

export async function readLogData(paths: string[], collector: AuditCollector, followSymlinks = false): Promise<DataPresence> {
  const p = emptyPresence();
  p.roots = [...paths];
  for (const file of walkFiles(paths, { onProblem: collector.walkProblem, followSymlinks })) {
    try {
      await readOne(file, p, collector);
      p.files++;
    } catch (err) {
      collector.problem(file, err instanceof Error ? err.message : String(err), undefined, true);
    }
  }
  return p;
}

async function readOne(file: string, p: DataPresence, collector: AuditCollector): Promise<void> {
  const fh = await fs.open(file, 'r');
  const head = Buffer.alloc(4096);
  const { bytesRead } = await fh.read(head, 0, 4096, 0);
  await fh.close();
  if (bytesRead === 0) throw new Error('empty file');
  if (head.subarray(0, 8).toString('latin1') === 'ElfFile\0') {
    const reader = await openInput(file);
    for await (const batch of reader.read(file, { onProblem: (x) => collector.problem(file, `${x.where}: ${x.reason}`) })) {
      for (const e of batch) classifyEvent(p, e.fields, file, e.source.record, 'evtx');
    }
    return;
  }
  const headText = head.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  const first = headText.trimStart()[0];
  if (first === '[' || (first === '{' && !/^\s*\{.*\}\s*$/m.test(headText.split('\n')[0] ?? ''))) {
    // One JSON document (array, or pretty-printed object).
    const text = await fs.readFile(file, 'utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new Error(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const list = Array.isArray(doc) ? doc : [doc];
    list.forEach((rec, i) => classifyEvent(p, flattenRecord(rec), file, i + 1));
    return;
  }
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let w3cFields: string[] | null = null;
  let zeekDns = false;
  let kind: 'json' | 'w3c' | 'zeek' | 'dnsdebug' | 'unknown' | null = null;
  let bad = 0;
  for await (const raw of rl) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    if (kind === null) {
      if (line.startsWith('{')) kind = 'json';
      else if (line.startsWith('#Software: Microsoft Internet Information Services') || line.startsWith('#Fields:') || line.startsWith('#Version:') || line.startsWith('#Date:')) kind = 'w3c';
      else if (line.startsWith('#separator')) kind = 'zeek';
      else if (/^DNS Server log file creation|^\d{1,2}\/\d{1,2}\/\d{4} .*\bPACKET\b/.test(line)) kind = 'dnsdebug';
      else kind = 'unknown';
    }
    if (kind === 'unknown') {
      throw new Error('not recognised as log data (expected event JSON/JSONL, EVTX, IIS W3C, Zeek dns or DNS debug log)');
    }
    if (kind === 'json') {
      try {
        classifyEvent(p, flattenRecord(JSON.parse(line)), file, lineNo);
      } catch (err) {
        bad++;
        if (bad <= 3) collector.problem(file, `not JSON (${err instanceof Error ? err.message : String(err)})`, lineNo);
      }
    } else if (kind === 'w3c') {
      if (line.startsWith('#Fields:')) w3cFields = line.slice(8).trim().split(/\s+/);
      else if (!line.startsWith('#') && w3cFields) {
        p.events++;
        const values = line.split(' ');
        const computer = values[w3cFields.indexOf('s-computername')] ?? '';
        if (w3cFields.includes('cs-uri-stem')) note(p, 'iis-w3c', computer, file, lineNo);
      }
    } else if (kind === 'zeek') {
      if (line.startsWith('#path')) zeekDns = /\bdns\b/.test(line);
      else if (!line.startsWith('#') && zeekDns) {
        p.events++;
        note(p, 'dns', '', file, lineNo);
      }
    } else if (kind === 'dnsdebug' && /\bPACKET\b/.test(line)) {
      p.events++;
      note(p, 'dns', '', file, lineNo);
    }
  }
  if (bad > 3) collector.problem(file, `${bad} lines in all were not JSON`);
  if (lineNo === 0 || kind === null) throw new Error('empty file');
}
