/**
 * Syslog into `serve`: messages received over TCP and UDP go into the same durable log as HTTP
 * ingest, the same rules judge them, and the findings come out of the findings API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { caughtUp, getFindings, startServe } from './serve-helpers.js';

const RULE = `title: SSH failed login keyword
id: 7c0f55a1-4a1e-4bb0-9e35-2f8f3c7e1d01
status: test
logsource:
    product: linux
    service: sshd
detection:
    keywords:
        - 'Failed password'
    condition: keywords
level: medium
`;

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('condition not reached in 5 s');
}

test('serve --syslog-tcp/--syslog-udp: sshd lines over TCP and UDP are logged, detected and served as findings', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-serve-syslog-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rule = path.join(dir, 'sshd-failed.yml');
  writeFileSync(rule, RULE);
  const r = await startServe(t, { detectors: { rulePaths: [rule], intelFiles: [], noBuiltin: true }, syslog: { tcpPort: 0, udpPort: 0 } });
  const listener = r.app.syslog!;
  assert.ok(listener.tcpPort && listener.udpPort);

  const tcpLines = [
    '<38>1 2026-11-28T21:30:01.000Z bastion01 sshd 4242 - - Failed password for root from 45.76.133.9 port 50111 ssh2',
    '<38>Nov 28 21:30:02 bastion01 sshd[4242]: Accepted publickey for ops from 10.20.1.15 port 50112 ssh2',
  ];
  await new Promise<void>((resolve, reject) => {
    const s = connect(listener.tcpPort!, '127.0.0.1', () => s.end(tcpLines.map((l) => `${l}\n`).join('')));
    s.on('close', () => resolve());
    s.on('error', reject);
  });
  const udp = createSocket('udp4');
  await new Promise<void>((resolve, reject) => udp.send(
    Buffer.from('<38>1 2026-11-28T21:30:03.000Z bastion01 sshd 4243 - - Failed password for invalid user oracle from 45.76.133.9 port 50113 ssh2'),
    listener.udpPort!, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  udp.close();

  await until(async () => r.app.log.endOffset - r.app.log.startOffset >= 3);
  await caughtUp(r);
  const findings = await getFindings(r);
  assert.deepEqual(findings.map((f) => [f.ts, f.rule.title, f.host, f.source.format]).sort(), [
    ['2026-11-28T21:30:01.000Z', 'SSH failed login keyword', 'bastion01', 'syslog'],
    ['2026-11-28T21:30:03.000Z', 'SSH failed login keyword', 'bastion01', 'syslog'],
  ]);
  const event = findings[0]!.event as Record<string, unknown>;
  assert.equal(event.src_ip, '45.76.133.9');
  assert.equal(event.program, 'sshd');
});
