/**
 * Fuzz harness for the text readers (JSONL, JSON, Windows XML, W3C, Zeek TSV and JSON, CSV), shared
 * by the default-suite fuzz test and `npm run fuzz`: real-shaped seed files per format, seeded
 * mutations aimed at what parsers trip on (quotes, brackets, NUL bytes, deep nesting, impossible
 * times, floods of newlines, cuts, splices), optionally gzipped (whole, truncated or corrupted) or
 * re-encoded as UTF-16. Every case is detected and read to the end through the public API and must:
 * not throw, finish within a time bound, report problems as one line naming the file, give events
 * whose time is NaN or formattable and whose fields and raw record serialise, and (JSONL) account
 * for every non-blank line as an event or a problem.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seededRandom } from '../../scripts/seeded-random.js';
import { toIso } from '../../src/events/timestamp.js';
import { detectFormat, sniffers } from '../../src/sources/index.js';
import type { ReadProblem } from '../../src/sources/reader.js';

export const TEXT_FORMATS = ['jsonl', 'json', 'xml', 'w3c', 'zeek', 'csv'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** One real-shaped seed file per format (the Zeek one twice: TSV and JSON). */
export function textSeeds(): { format: TextFormat; name: string; text: string }[] {
  const sysmon = (i: number) => ({
    Event: {
      System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WEB01', EventRecordID: i, TimeCreated: { '#attributes': { SystemTime: `2019-03-04T10:00:${String(i % 60).padStart(2, '0')}.000Z` } } },
      EventData: { Image: 'C:\\Windows\\System32\\cmd.exe', ParentImage: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', CommandLine: `cmd /c "whoami & echo {${i}}"` },
    },
  });
  return [
    { format: 'jsonl', name: 'sysmon.jsonl', text: `${range(30).map((i) => JSON.stringify(sysmon(i))).join('\n')}\n` },
    { format: 'json', name: 'export.json', text: JSON.stringify(range(20).map((i) => ({ '@timestamp': 1551693600 + i, process: { command_line: `a"b\\c]}${i}`, args: ['x', { y: '}' }] } })), null, 2) },
    { format: 'xml', name: 'events.xml', text: `<?xml version="1.0"?>\n<Events>\n${range(20).map((i) => `<Event xmlns="${NS}"><System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4688</EventID><TimeCreated SystemTime="2019-03-04T10:00:${String(i).padStart(2, '0')}.000Z"/><Channel>Security</Channel><Computer>DC01</Computer></System><EventData><Data Name="NewProcessName">C:\\Windows\\System32\\net.exe</Data><Data Name="CommandLine">net group &quot;Domain Admins&quot; /domain &amp; ${i}</Data></EventData></Event>`).join('\n')}\n</Events>\n` },
    { format: 'w3c', name: 'u_ex190304.log', text: `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2019-03-04 10:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status\r\n${range(30).map((i) => `2019-03-04 10:00:${String(i).padStart(2, '0')} 10.1.1.5 ${i % 3 ? 'GET' : 'POST'} /invoker/JMXInvokerServlet${i} cmd=whoami&x=${i} 80 - 203.0.113.${i} Mozilla/5.0+(Nikto/2.1.6) 200`).join('\r\n')}\r\n` },
    { format: 'zeek', name: 'dns.log', text: `#separator \\x09\n#set_separator\t,\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tquery\tanswers\n#types\ttime\tstring\taddr\tstring\tvector[string]\n${range(30).map((i) => `${1551693600 + i}.123456\tC${i}x\t10.1.1.${i}\tc2-${i}.dyndns.example\t198.51.100.${i},-`).join('\n')}\n#close\t2019-03-04-11-00-00\n` },
    { format: 'zeek', name: 'conn.json.log', text: `${range(20).map((i) => JSON.stringify({ _path: 'conn', ts: 1551693600 + i, uid: `C${i}`, 'id.orig_h': '10.1.1.5', 'id.resp_h': '198.51.100.7', 'id.resp_p': 443 })).join('\n')}\n` },
    { format: 'csv', name: 'processes.csv', text: `UtcTime,Computer,Image,CommandLine\n${range(30).map((i) => `2019-03-04 10:00:${String(i).padStart(2, '0')},WEB01,C:\\Windows\\System32\\cmd.exe,"cmd /c ""echo ${i}"", x\nsecond line"`).join('\n')}\n` },
  ];
}

/** Byte strings parsers trip on, inserted at random places. */
const TOKENS = [
  '"', '""', '{', '}', '[', ']', '<', '>', '\\', '\u0000', '\n', '\r\n', ',', '\t', ' ', '+', '-', '#',
  '#Fields: date time x\n', '#fields\ta\tb\n', '</Event>', '<Event>', '<![CDATA[', '&amp', '1e20', '-1e400',
  '\uFEFF', '\uFFFD', '{"timestamp":1e20}\n', '{"ts":"100000000000000000000"}\n', '"x"+Mozilla/5.00+(Nikto/2.1.6)',
];

export const TEXT_MUTATIONS = ['token', 'flip', 'delete', 'duplicate', 'truncate', 'nul', 'deep', 'blank-flood', 'line-junk'] as const;
export type TextMutation = (typeof TEXT_MUTATIONS)[number];

/** A mutated copy of `text`, then maybe gzipped or re-encoded; deterministic for a `rand` state. */
export function mutateText(text: string, rand: () => number): { data: Buffer; kind: string } {
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  let b = Buffer.from(text, 'utf8');
  const insert = (at: number, what: Buffer): void => {
    b = Buffer.concat([b.subarray(0, at), what, b.subarray(at)]);
  };
  const lineStart = (): number => {
    const at = int(b.length);
    const nl = b.lastIndexOf(0x0a, at);
    return nl < 0 ? 0 : nl + 1;
  };
  const kinds: string[] = [];
  for (let m = 0, n = 1 + int(3); m < n; m++) {
    const kind = pick(TEXT_MUTATIONS);
    kinds.push(kind);
    switch (kind) {
      case 'token':
        insert(int(b.length + 1), Buffer.from(pick(TOKENS), 'utf8'));
        break;
      case 'flip':
        for (let i = 0, k = 1 + int(8); i < k && b.length > 0; i++) b[int(b.length)] = int(256);
        break;
      case 'delete': {
        const at = int(b.length);
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(64)))]);
        break;
      }
      case 'duplicate': {
        const from = int(b.length);
        insert(int(b.length + 1), Buffer.from(b.subarray(from, from + 1 + int(200))));
        break;
      }
      case 'truncate':
        b = b.subarray(0, int(b.length + 1));
        break;
      case 'nul':
        insert(int(b.length + 1), Buffer.alloc(1 + int(3)));
        break;
      case 'deep': {
        const depth = 200 + int(5000);
        insert(lineStart(), Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}\n`));
        break;
      }
      case 'blank-flood':
        insert(lineStart(), Buffer.alloc(1000 + int(200_000), 0x0a));
        break;
      case 'line-junk':
        insert(lineStart(), Buffer.from(`${pick(['"', '\u0000\u0001junk', '[2026-11-28] banner', '{', '<', '"unbalanced,'])}\n`, 'utf8'));
        break;
    }
  }
  const wrap = rand();
  if (wrap < 0.15) {
    kinds.push('gzip');
    b = gzipSync(b);
  } else if (wrap < 0.2) {
    kinds.push('gzip-truncated');
    const z = gzipSync(b);
    b = z.subarray(0, 10 + int(Math.max(1, z.length - 10)));
  } else if (wrap < 0.25) {
    kinds.push('gzip-corrupt');
    b = gzipSync(b);
    if (b.length > 12) b[10 + int(b.length - 10)] ^= 1 << int(8);
  } else if (wrap < 0.28) {
    kinds.push('utf16le');
    b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]);
  }
  return { data: b, kind: kinds.join('+') };
}

export interface TextFuzzOutcome {
  cases: number;
  events: number;
  problems: number;
  unknown: number;
  slowestMs: number;
  failures: string[];
}

/** Check one case's events and problems; failure messages appended to `failures`. */
function check(path: string, data: Buffer, format: string, problems: ReadProblem[], events: { time: number; fields: unknown; raw?: unknown; source: { record: number } }[], fail: (why: string) => void): void {
  for (const p of problems) {
    if (p.path !== path || p.where.length === 0 || p.reason.length === 0 || /[\r\n]/.test(p.reason) || /[\r\n]/.test(p.where)) fail(`bad problem ${JSON.stringify(p)}`);
  }
  for (const e of events) {
    if (!Number.isInteger(e.source.record) || e.source.record < 0) fail(`bad record number ${e.source.record}`);
    if (!Number.isNaN(e.time) && toIso(e.time) === '') fail(`unformattable time ${e.time}`);
    try {
      JSON.stringify(e.fields);
      JSON.stringify(e.raw);
    } catch (err) {
      fail(`event does not serialise: ${(err as Error).message}`);
    }
  }
  if (format === 'jsonl' && data[0] !== 0x1f && data[0] !== 0xff) {
    // Every non-blank line is an event or a problem.
    const seen = new Set<number>(events.map((e) => e.source.record));
    for (const p of problems) {
      const m = /^line (\d+)$/.exec(p.where);
      if (m) seen.add(Number(m[1]));
    }
    if (problems.some((p) => p.where.startsWith('byte offset'))) return;
    data.toString('utf8').split('\n').forEach((l, i) => {
      if (l.trim().length > 0 && !seen.has(i + 1)) fail(`line ${i + 1} neither read nor reported`);
    });
  }
}

/** Run `cases` mutated inputs of every format from `dir` (a temp folder); each must hold the invariants within `boundMs`. */
export async function runTextFuzz(dir: string, cases: number, seed: number, boundMs: number): Promise<TextFuzzOutcome> {
  const seeds = textSeeds();
  const rand = seededRandom(seed);
  const out: TextFuzzOutcome = { cases: 0, events: 0, problems: 0, unknown: 0, slowestMs: 0, failures: [] };
  for (let i = 0; i < cases; i++) {
    const s = seeds[i % seeds.length]!;
    const { data, kind } = mutateText(s.text, rand);
    const path = join(dir, `${i % 64}-${s.name}`);
    writeFileSync(path, data);
    const fail = (why: string): void => {
      out.failures.push(`case ${i} (${s.format} ${kind}, seed ${seed}): ${why}`);
    };
    const t0 = performance.now();
    try {
      // Both the detected reader (sniffing under junk) and the seed's own reader (forced).
      const detected = await detectFormat(path);
      if (!detected) out.unknown++;
      const forced = sniffers.find((x) => x.format === s.format)!;
      for (const sniffer of detected && detected !== forced ? [detected, forced] : [forced]) {
        const problems: ReadProblem[] = [];
        const events: { time: number; fields: unknown; raw?: unknown; source: { record: number } }[] = [];
        for await (const batch of sniffer.open().read(path, { onProblem: (p) => problems.push(p) })) events.push(...batch);
        check(path, data, sniffer.format === s.format ? s.format : '', problems, events, fail);
        out.events += events.length;
        out.problems += problems.length;
      }
    } catch (err) {
      fail(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    const ms = performance.now() - t0;
    out.slowestMs = Math.max(out.slowestMs, ms);
    if (ms > boundMs) fail(`took ${ms.toFixed(0)} ms`);
    out.cases++;
  }
  return out;
}
