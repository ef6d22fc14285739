/**
 * Input discovery and format detection: the one entry point the hunt engine and the CLI use.
 *
 *   for await (const file of walkInputs(paths, report)) {
 *     const reader = await openInput(file);            // throws `file: unknown format` etc.
 *     for await (const batch of reader.read(file, { onProblem: report })) …
 *   }
 *
 * Formats (Finding.source.format), each gzip-transparent by content and UTF-16 aware:
 *   evtx   Windows event log files (evtx/)
 *   xml    Windows event XML exports: wevtutil /f:xml, Get-WinEvent ToXml, Event Viewer XML
 *   zeek   Zeek TSV logs (#fields/#types headers) and Zeek JSON logs; `_path`/`zeek_log` fields
 *   w3c    W3C extended logs (IIS, proxies): W3C names plus Sigma webserver/proxy names
 *   jsonl  one JSON value per line (record = line)
 *   json   one object, an array of objects, or values back to back (record = index)
 *   csv    delimited text with a header row (record = line the row starts on)
 *   syslog syslog files: RFC 5424, RFC 3164 and rsyslog's file formats (syslog/, record = line)
 * Record numbers, problem positions and `raw` are described in each reader file.
 */
import { opendir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readHead, unreadable } from './byte-stream.js';
import { evtxSniffer } from './evtx/index.js';
import { csvSniffer } from './csv-reader.js';
import { jsonlSniffer, jsonSniffer } from './json-reader.js';
import { syslogSniffer } from './syslog/syslog-reader.js';
import { w3cSniffer } from './w3c-reader.js';
import { xmlSniffer } from './xml-reader.js';
import { zeekJsonSniffer, zeekTsvSniffer } from './zeek-reader.js';
import type { EventReader, FormatSniffer, ReadProblem } from './reader.js';
import { extensionOf, isText } from './sniff-util.js';

export type { EventReader, FormatSniffer, ReadOptions, ReadProblem } from './reader.js';

/**
 * Every format, in the order detection tries them: binary and strongly marked formats first,
 * then the JSON shapes, syslog lines, and last CSV, whose test is the loosest.
 */
export const sniffers: FormatSniffer[] = [
  evtxSniffer,
  xmlSniffer,
  zeekTsvSniffer,
  w3cSniffer,
  zeekJsonSniffer,
  jsonlSniffer,
  jsonSniffer,
  syslogSniffer,
  csvSniffer,
];

/** Formats chosen by extension alone when the content decides nothing (empty or blank text). */
const BY_EXTENSION: Record<string, string> = {
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  xml: 'xml',
  csv: 'csv',
  tsv: 'csv',
};

/**
 * The sniffer for the file at `path`, decided by its content (the first 64 KiB, gunzipped when it
 * starts with the gzip magic) and then by its extension; null for an unknown or binary format.
 * Throws an Error naming the file when it cannot be read.
 */
export async function detectFormat(path: string): Promise<FormatSniffer | null> {
  const head = await readHead(path);
  for (const s of sniffers) if (s.sniff(head, path)) return s;
  // Content decided nothing. Text whose format is named by the extension goes to that reader (an
  // empty `.json` file is read as zero events); binary content never does.
  if (!isText(head) || head.toString('utf8').trim().length > 0) return null;
  const format = BY_EXTENSION[extensionOf(path)];
  return sniffers.find((s) => s.format === format) ?? null;
}

/** A reader for the file, or an Error naming it when it is unreadable or of an unknown format. */
export async function openInput(path: string): Promise<EventReader> {
  const sniffer = await detectFormat(path);
  if (!sniffer) throw new Error(`${path}: unknown format`);
  return sniffer.open();
}

/**
 * The files under `paths`: files as given, folders walked recursively in sorted order (dot-folders
 * and node_modules skipped, symlinked folders followed once). A path that does not exist or cannot
 * be listed is reported through onProblem and the walk goes on.
 */
export async function* walkInputs(paths: string[], onProblem: (p: ReadProblem) => void): AsyncIterable<string> {
  const seen = new Set<string>();
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch (err) {
      onProblem({ path: p, where: 'open', reason: reasonOnly(unreadable(p, err), p) });
      continue;
    }
    if (info.isDirectory()) yield* walkFolder(p, seen, onProblem);
    else yield p;
  }
}

function reasonOnly(err: Error, path: string): string {
  return err.message.startsWith(`${path}: `) ? err.message.slice(path.length + 2) : err.message;
}

async function* walkFolder(dir: string, seen: Set<string>, onProblem: (p: ReadProblem) => void): AsyncGenerator<string> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (err) {
    onProblem({ path: dir, where: 'open', reason: reasonOnly(unreadable(dir, err), dir) });
    return;
  }
  if (seen.has(real)) return; // a symlink loop or the same folder given twice
  seen.add(real);
  const names: { name: string; dir: boolean }[] = [];
  try {
    const handle = await opendir(dir);
    for await (const entry of handle) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        names.push({ name: entry.name, dir: true });
      } else if (entry.isFile()) {
        names.push({ name: entry.name, dir: false });
      } else if (entry.isSymbolicLink()) {
        const target = join(dir, entry.name);
        try {
          const info = await stat(target);
          if (info.isDirectory()) {
            if (!entry.name.startsWith('.') && entry.name !== 'node_modules') names.push({ name: entry.name, dir: true });
          } else if (info.isFile()) names.push({ name: entry.name, dir: false });
        } catch (err) {
          onProblem({ path: target, where: 'open', reason: reasonOnly(unreadable(target, err), target) });
        }
      }
    }
  } catch (err) {
    onProblem({ path: dir, where: 'open', reason: reasonOnly(unreadable(dir, err), dir) });
    return;
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of names) {
    const full = join(dir, e.name);
    if (e.dir) yield* walkFolder(full, seen, onProblem);
    else yield full;
  }
}
