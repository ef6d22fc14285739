import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { findingId } from '../../../src/findings/finding-id.js';
import { SyslogFrameDecoder } from '../../../src/serve/syslog-framing.js';
import { getFindings, startServe } from '../serve-helpers.js';
import { HIGH_RULE, outputs, outputStats, proc, rulesDir, send, waitFor } from './output-fixtures.js';

const origin = { hostname: 'soc-node', procId: '4242' };
const now = (): Date => new Date('2026-11-29T05:00:00.000Z');

async function udpListener(t: { after: (fn: () => void) => void }): Promise<{ port: number; got: string[] }> {
  const got: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (m) => got.push(m.toString('utf8')));
  await new Promise<void>((res) => socket.bind(0, '127.0.0.1', () => res()));
  t.after(() => socket.close());
  return { port: socket.address().port, got };
}

/** A TCP syslog receiver that splits the stream with the project's own RFC 6587 decoder. */
function tcpListener(): { got: string[]; framing: string[]; connections: () => number; listen: (port?: number) => Promise<number>; down: () => Promise<void> } {
  const got: string[] = [];
  const framing: string[] = [];
  let connections = 0;
  let server: Server | null = null;
  const open = new Set<Socket>();
  return {
    got, framing, connections: () => connections,
    listen: (port = 0) => new Promise((resolve) => {
      server = createServer((s) => {
        connections++;
        open.add(s);
        const decoder = new SyslogFrameDecoder(1 << 20, { message: (b) => got.push(b.toString('utf8')), problem: (p) => got.push(`problem: ${p}`) });
        s.on('data', (c: Buffer) => { decoder.push(c); if (!framing.includes(decoder.framing)) framing.push(decoder.framing); });
        s.on('close', () => open.delete(s));
      });
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port));
    }),
    down: () => new Promise((resolve) => {
      for (const s of open) s.destroy();
      server!.close(() => resolve());
    }),
  };
}

// Hostile values: pipes, backslashes, equals signs, newlines and an ESC sequence in the rule
// title and the event; the host name carries a pipe and an equals sign.
const TITLE = 'Relay | tool = "x" \\ path\nsecond line';
const COMMAND = 'trigger-high a=b|c \\\\srv\\share\r\nnext\u001b[2Jend';
const HOST = 'WS|01=lab.corp.example';

function expectedCef(id: string): string {
  return String.raw`<35>1 2026-11-29T05:00:00.000Z soc-node cellwatch 4242 finding - ` +
    String.raw`CEF:0|cellwatch|cellwatch|test|${HIGH_RULE}|Relay \| tool = "x" \\ path\\x0asecond line|8|` +
    String.raw`rt=1795903201000 dvchost=WS|01\=lab.corp.example cat=sigma cs1Label=mitreAttack cs1=T1059.001 ` +
    String.raw`filePath=serve-log cn1Label=sourceRecord cn1=1 externalId=${id} ` +
    String.raw`msg={"CommandLine":"trigger-high a\=b|c \\\\\\\\srv\\\\share\\r\\nnext\\u001b[2Jend"}`;
}

test('syslog forwarding: exact CEF lines over UDP and TCP (octet-counted), hostile values escaped, level threshold', async (t) => {
  const udp = await udpListener(t);
  const tcp = tcpListener();
  const tcpPort = await tcp.listen();
  t.after(() => tcp.down());
  const r = await startServe(t, {
    detectors: { rulePaths: [rulesDir(TITLE)], intelFiles: [], noBuiltin: true },
    outputs: outputs({ forwardSyslog: [`udp://127.0.0.1:${udp.port}`, `tcp://127.0.0.1:${tcpPort}`], forwardLevel: 'high', origin, now }),
  });
  await send(r, [proc(1, COMMAND, HOST), proc(2, 'trigger-medium', HOST)]);
  await waitFor('one message on each', () => udp.got.length === 1 && tcp.got.length === 1);
  const [finding] = (await getFindings(r)).filter((f) => f.rule.id === HIGH_RULE);
  assert.equal(finding!.host, HOST);
  const line = expectedCef(findingId(finding!));
  assert.equal(udp.got[0], line);
  assert.equal(tcp.got[0], line);
  assert.deepEqual(tcp.framing, ['octet']);
  await new Promise((res) => setTimeout(res, 100));
  assert.equal(udp.got.length + tcp.got.length, 2, 'the medium finding is below --forward-level');

  // The receiver restarts: the forwarder retries with backoff, reconnects, and the finding arrives.
  await tcp.down();
  await send(r, [proc(3, 'trigger-high again', 'WS-0142')]);
  await waitFor('a failed connection attempt', async () => ((await outputStats(r)).find((s) => s.output.startsWith('syslog tcp'))?.retries ?? 0) >= 1);
  await tcp.listen(tcpPort);
  await waitFor('delivery after reconnecting', () => tcp.got.length === 2);
  assert.equal(tcp.connections(), 2);
  assert.match(tcp.got[1]!, /\|Relay \\\| tool = "x" \\\\ path\\\\x0asecond line\|8\|rt=1795903203000 dvchost=WS-0142 /);
  assert.equal(udp.got.length, 2);
  assert.ok(r.lines.some((l) => /syslog tcp:\/\/127\.0\.0\.1:\d+ \(cef\): cannot connect to .*ECONNREFUSED; retrying with backoff/.test(l)), r.lines.join('\n'));
});

test('syslog forwarding --forward-format json: the Finding JSON as the RFC 5424 message', async (t) => {
  const udp = await udpListener(t);
  const r = await startServe(t, {
    detectors: { rulePaths: [rulesDir(TITLE)], intelFiles: [], noBuiltin: true },
    outputs: outputs({ forwardSyslog: [`udp://127.0.0.1:${udp.port}`], forwardFormat: 'json', forwardLevel: 'medium', origin, now }),
  });
  await send(r, [proc(1, COMMAND, HOST), proc(2, 'trigger-medium', HOST)]);
  await waitFor('two messages', () => udp.got.length === 2);
  const prefix = '<35>1 2026-11-29T05:00:00.000Z soc-node cellwatch 4242 finding - ';
  assert.ok(udp.got[0]!.startsWith(prefix));
  assert.ok(udp.got[1]!.startsWith('<36>1 '), 'medium is syslog severity 4 (warning)');
  assert.deepEqual(udp.got.map((m) => JSON.parse(m.slice(m.indexOf(' - ') + 3)) as unknown), await getFindings(r));
});
