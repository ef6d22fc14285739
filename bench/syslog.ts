/**
 * Syslog benchmark: the same seeded mix of real-shaped messages (sshd logins and failures, PAM
 * sessions, sudo, Cisco ASA connections, RFC 5424 with structured data, kernel lines without
 * enrichment) read from a file by the `syslog` reader, and sent over loopback TCP (octet
 * counting, one connection) to the syslog listener of `serve`. Prints MB/s and messages per
 * CPU-second of this process (meaningful when other processes share the cores).
 *
 *   npm run build && node dist/bench/run.js syslog
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSyslogListener } from '../src/serve/syslog-listener.js';
import { SyslogReader } from '../src/sources/syslog/syslog-reader.js';
import { seededRandom } from '../scripts/seeded-random.js';

const COUNT = 300_000;

function messages(count: number): string[] {
  const r = seededRandom(5424);
  const ip = (): string => `198.51.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = `Mar  4 10:${String(Math.floor(i / 6000) % 60).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')}`;
    const pid = 2000 + Math.floor(r() * 9000);
    const kinds = [
      `${t} web01 sshd[${pid}]: Failed password for invalid user u${i % 977} from ${ip()} port ${1024 + Math.floor(r() * 60000)} ssh2`,
      `${t} web01 sshd[${pid}]: Accepted publickey for alice from ${ip()} port ${1024 + Math.floor(r() * 60000)} ssh2: RSA SHA256:Zk3Q0yQ7xYc`,
      `${t} web01 CRON[${pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`,
      `${t} web01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`,
      `<166>Mar 04 2019 ${t.slice(7)} fw01 : %ASA-6-302013: Built inbound TCP connection ${i} for outside:${ip()}/${1024 + i % 60000} (${ip()}/${1024 + i % 60000}) to inside:10.1.2.3/443 (203.0.113.10/443)`,
      `<86>1 2019-03-04T10:22:31.120Z web01 sshd ${pid} - [origin ip="10.0.0.5"][meta sequenceId="${i}"] Disconnected from user alice ${ip()} port 50522`,
      `${t} web01 kernel: [${(i / 1000).toFixed(6)}] nf_conntrack: table full, dropping packet`,
    ];
    out.push(kinds[Math.floor(r() * kinds.length)]!);
  }
  return out;
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(start);
  return (c.user + c.system) / 1e6;
}

async function fileRead(file: string): Promise<{ events: number; cpu: number; ms: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let events = 0;
  for await (const batch of new SyslogReader().read(file, { onProblem: () => {} })) events += batch.length;
  return { events, cpu: cpuSeconds(cpu0), ms: performance.now() - t0 };
}

async function tcpIngest(lines: string[]): Promise<{ events: number; cpu: number; ms: number }> {
  let events = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const listener = await startSyslogListener({
    tcpPort: 0,
    onEvents: (batch) => {
      events += batch.length;
      if (events >= lines.length) done();
    },
    onProblem: (p) => console.error(p),
  });
  const payload = Buffer.from(lines.map((l) => `${Buffer.byteLength(l)} ${l}`).join(''));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const socket = connect({ host: '127.0.0.1', port: listener.tcpPort! });
  socket.end(payload);
  await finished;
  const result = { events, cpu: cpuSeconds(cpu0), ms: performance.now() - t0 };
  await listener.close();
  return result;
}

export async function runSyslogBench(): Promise<void> {
  const lines = messages(COUNT);
  const text = `${lines.join('\n')}\n`;
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-bench-syslog-'));
  try {
    const file = path.join(dir, 'mixed.log');
    writeFileSync(file, text);
    const mb = Buffer.byteLength(text) / 1048576;
    const rows = [['file reader', await fileRead(file)], ['TCP listener (loopback, octet counting)', await tcpIngest(lines)]] as const;
    console.log(`\n## Syslog: ${COUNT.toLocaleString('en-US')} seeded messages, ${mb.toFixed(1)} MB (no reference tool)\n`);
    console.log('| path | events | wall time | MB/s (wall) | messages per CPU-second |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, r] of rows) {
      console.log(`| ${name} | ${r.events} | ${(r.ms / 1000).toFixed(2)} s | ${(mb / (r.ms / 1000)).toFixed(1)} | ${Math.round(r.events / r.cpu).toLocaleString('en-US')} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
