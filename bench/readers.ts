/**
 * Reader throughput per format, one thread: the Linux and Java web-server formats next to JSONL
 * (evtx_dump-shaped Sysmon records, the format the hunt benchmark reads). Each file is about
 * 32 MB of real-shaped lines written with the example's line builders and a seeded generator, then
 * read through detectFormat + the format's reader exactly as a hunt reads it (no detection).
 * Usage: node dist/bench/readers.js [MB per format]
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../src/content/content-path.js';
import { openInput } from '../src/sources/index.js';
import { auditExec, clfTime, combinedLine, sysmonProcess } from '../scripts/linux-evidence-lines.js';
import { seededRandom } from '../scripts/seeded-random.js';

type Maker = (i: number) => string;

function makers(): Record<string, Maker> {
  const rand = seededRandom(0xbe7c4);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const t0 = Date.UTC(2019, 2, 6);
  const ip = (): string => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
  const paths = ['/selfcare/', '/selfcare/login', '/selfcare/invoices/2019-02.pdf', '/selfcare/static/app.js', '/api/v1/usage?msisdn=4790000000&from=2019-02-01'];
  const uas = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.121 Safari/537.36', 'check_http/v2.2 (nagios-plugins 2.2.1)'];
  const sysmonJsonl = readFileSync(path.join(packageRoot, 'examples', 'soft-cell', 'WEB-IIS01', 'sysmon.jsonl'), 'utf8').trim().split('\n');
  const proc = (i: number): string => sysmonProcess('app-wf03', new Date(t0 + i * 97).toISOString(), {
    image: '/usr/bin/bash', cmd: `/bin/sh -c /usr/lib64/sa/sa1 1 ${i % 60}`, parentImage: '/usr/sbin/crond', parentCmd: '/usr/sbin/crond -n', pid: 20000 + (i % 30000), ppid: 911,
  });
  return {
    jsonl: (i) => sysmonJsonl[i % sysmonJsonl.length]!,
    access: (i) => combinedLine({ ip: ip(), clf: clfTime(t0 + i * 37, 60), method: i % 5 === 0 ? 'POST' : 'GET', uri: paths[i % paths.length]!, status: i % 17 === 0 ? 404 : 200, bytes: int(0, 90000), ua: uas[i % 2]!, millis: int(1, 400) }),
    auditd: (i) => auditExec('app-wf03', (t0 + i * 500) / 1000, 1000 + i, { exe: '/usr/bin/curl', args: ['curl', '-s', '-o', '/tmp/a b', `http://198.51.100.${i % 250}/k`], ppid: 1402, pid: 20000 + (i % 30000), uid: 993, cwd: '/opt/wildfly/bin' }).join('\n'),
    syslog: (i) => (i % 2 === 0 ? proc(i) : `Mar  6 03:${String(i % 60).padStart(2, '0')}:01 app-wf03 sshd[${4000 + (i % 900)}]: Accepted publickey for nadia from 10.20.9.15 port ${40000 + (i % 20000)} ssh2`),
    journald: (i) => JSON.stringify(i % 2 === 0
      ? { __CURSOR: `s=6f1c;i=${i.toString(16)}`, __REALTIME_TIMESTAMP: String((t0 + i * 97) * 1000), _HOSTNAME: 'app-wf03', SYSLOG_IDENTIFIER: 'sysmon', MESSAGE: proc(i).slice(proc(i).indexOf('<Event>')) }
      : { __CURSOR: `s=6f1c;i=${i.toString(16)}`, __REALTIME_TIMESTAMP: String((t0 + i * 97) * 1000), _HOSTNAME: 'app-wf03', SYSLOG_IDENTIFIER: 'sshd', _PID: '4100', MESSAGE: 'Accepted publickey for nadia from 10.20.9.15 port 50122 ssh2' }),
  };
}

const NAMES: Record<string, string> = { jsonl: 'sysmon.jsonl', access: 'access_log.log', auditd: 'audit.log', syslog: 'syslog', journald: 'journal.json' };

export async function runReaderBench(mbPerFormat = 32): Promise<void> {
  console.log(`\n## readers: one thread, about ${mbPerFormat} MB per format`);
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-readers-'));
  try {
    const make = makers();
    console.log('| format | file | MB | events | events/s | MB/s (CPU) |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    for (const [format, name] of Object.entries(NAMES)) {
      const file = path.join(dir, name);
      const parts: string[] = [];
      let size = 0;
      for (let i = 0; size < mbPerFormat * 1_000_000; i++) {
        const line = make[format]!(i);
        parts.push(line);
        size += line.length + 1;
      }
      writeFileSync(file, parts.join('\n') + '\n');
      parts.length = 0;
      const bytes = statSync(file).size;
      const reader = await openInput(file);
      if (reader.format !== format) throw new Error(`${name}: detected as ${reader.format}, not ${format}`);
      let events = 0;
      let problems = 0;
      const cpu0 = process.cpuUsage();
      for await (const batch of reader.read(file, { onProblem: () => problems++ })) events += batch.length;
      const cpu = process.cpuUsage(cpu0);
      const seconds = (cpu.user + cpu.system) / 1e6;
      if (problems > 0) throw new Error(`${name}: ${problems} problems`);
      console.log(`| ${format} | ${name} | ${(bytes / 1e6).toFixed(1)} | ${events.toLocaleString('en-US')} | ${Math.round(events / seconds).toLocaleString('en-US')} | ${(bytes / 1e6 / seconds).toFixed(1)} |`);
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await runReaderBench(Number(process.argv[2]) || 32);
}
