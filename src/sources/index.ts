/**
 * Input discovery and format detection: the one entry point the hunt engine and the CLI use.
 *
 *   for (const file of walkFiles(paths, { onProblem: report })) {
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
 *   access   web server access logs, NCSA common/combined and variants (Apache, nginx, Tomcat, WildFly)
 *   auditd   Linux audit logs (record = line; EXECVE records carry their event's process context)
 *   syslog   syslog files: RFC 5424, RFC 3164, rsyslog's file formats, Cisco IOS/ASA (syslog/, record =
 *            line); Sysmon for Linux event XML messages become Sysmon events
 *   journald `journalctl -o json` exports; Sysmon for Linux messages become Sysmon events
 * Record numbers, problem positions and `raw` are described in each reader file.
 */
import { readHead } from './byte-stream.js';
import { isPendingStream, releaseStream } from './pipe-input.js';
import { accessLogSniffer } from './access-log-reader.js';
import { auditdSniffer } from './auditd-reader.js';
import { evtxSniffer } from './evtx/index.js';
import { csvSniffer } from './csv-reader.js';
import { journaldSniffer } from './journald-reader.js';
import { jsonlSniffer, jsonSniffer } from './json-reader.js';
import { syslogSniffer } from './syslog/syslog-reader.js';
import { w3cSniffer } from './w3c-reader.js';
import { xmlSniffer } from './xml-reader.js';
import { zeekJsonSniffer, zeekTsvSniffer } from './zeek-reader.js';
import type { EventReader, FormatSniffer } from './reader.js';
import { extensionOf, isText } from './sniff-util.js';

export type { EventReader, FormatSniffer, ReadOptions, ReadProblem } from './reader.js';

/**
 * Every format, in the order detection tries them: binary and strongly marked formats first,
 * then the JSON shapes, syslog lines, and last CSV, whose test is the loosest.
 */
export const sniffers: FormatSniffer[] = [
  evtxSniffer,
  accessLogSniffer,
  auditdSniffer,
  syslogSniffer,
  xmlSniffer,
  zeekTsvSniffer,
  w3cSniffer,
  zeekJsonSniffer,
  journaldSniffer,
  jsonlSniffer,
  jsonSniffer,
  csvSniffer,
];

/** Formats chosen by extension alone when the content decides nothing (blank or damaged text). */
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
  const found = sniff(head, path);
  if (isPendingStream(path)) {
    if (!found) releaseStream(path);
    else if (found.format === 'evtx') {
      releaseStream(path);
      throw new Error(`${path}: EVTX cannot be read from a pipe (it needs random access); save it to a file first`);
    }
  }
  return found;
}

function sniff(head: Buffer, path: string): FormatSniffer | null {
  for (const s of sniffers) if (s.sniff(head, path)) return s;
  // Content decided nothing. Text whose format is named by the extension goes to that reader (an
  // empty `.json` file is read as zero events, a damaged `.jsonl` has its bad lines reported);
  // binary content never does.
  if (!isText(head)) return null;
  const format = BY_EXTENSION[extensionOf(path)];
  return sniffers.find((s) => s.format === format) ?? null;
}

/** A reader for the file, or an Error naming it when it is unreadable or of an unknown format. */
export async function openInput(path: string): Promise<EventReader> {
  const sniffer = await detectFormat(path);
  if (!sniffer) throw new Error(`${path}: unknown format`);
  return sniffer.open();
}

/** The one walker: see walk-files.ts. */
export { walkFiles, walkEntries, listFiles, subfolders, isSkippedFolder, STDIN_PATH, type WalkOptions, type WalkedFile } from './walk-files.js';
