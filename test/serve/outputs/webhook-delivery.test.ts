import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findingId } from '../../../src/findings/finding-id.js';
import type { Finding } from '../../../src/findings/finding.js';
import { getFindings, startServe } from '../serve-helpers.js';
import { HIGH_RULE, outputs, outputStats, proc, rulesDir, send, waitFor } from './output-fixtures.js';

interface Received { body: Finding; headers: IncomingHttpHeaders; url: string }

/** A webhook receiver on loopback that answers 500 to its first `failFirst` requests. */
function receiver(failFirst: number): { got: Received[]; attempts: () => number; listen: (port?: number) => Promise<number>; down: () => Promise<void> } {
  const got: Received[] = [];
  let attempts = 0;
  let server: Server | null = null;
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempts++;
      if (failFirst-- > 0) { res.writeHead(500).end('busy'); return; }
      got.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Finding, headers: req.headers, url: req.url ?? '' });
      res.writeHead(204).end();
    });
  };
  return {
    got, attempts: () => attempts,
    listen: (port = 0) => new Promise((resolve) => {
      server = createServer(handler);
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port));
    }),
    down: () => new Promise((resolve) => { server!.closeAllConnections(); server!.close(() => resolve()); }),
  };
}

test('webhook: Finding JSON at or above the level, retried with backoff, survives a receiver outage and a restart (no loss, no flood)', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-webhook-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const headerFile = path.join(dir, 'headers');
  writeFileSync(headerFile, '# the receiver secret\nAuthorization: Bearer hook-secret\n\nX-Team: soc-tier1\n');
  const hook = receiver(2);
  const port = await hook.listen();
  const config = outputs({ webhooks: [`http://127.0.0.1:${port}/hooks/cellwatch?key=abc`], webhookHeaderFile: headerFile });
  const options = { detectors: { rulePaths: [rulesDir()], intelFiles: [], noBuiltin: true }, outputs: config };
  const dataDir = path.join(dir, 'data');
  const r = await startServe(t, options, dataDir);
  await send(r, [proc(1, 'cmd /c trigger-high one'), proc(2, 'cmd /c trigger-medium'), proc(3, 'cmd /c trigger-high two')]);
  await waitFor('two deliveries', () => hook.got.length === 2);

  const stored = (await getFindings(r)).filter((f) => f.rule.id === HIGH_RULE);
  assert.equal(stored.length, 2);
  assert.deepEqual(hook.got.map((g) => g.body), stored, 'the body is the Finding JSON, in store order; the medium finding stays below --webhook-level');
  assert.equal(hook.attempts(), 4, 'the first two attempts got 500 and were retried');
  const h = hook.got[0]!.headers;
  assert.equal(h['authorization'], 'Bearer hook-secret');
  assert.equal(h['x-team'], 'soc-tier1');
  assert.equal(h['content-type'], 'application/json');
  assert.equal(h['user-agent'], 'cellwatch/test');
  assert.equal(h['x-cellwatch-finding-id'], findingId(stored[0]!));
  assert.equal(hook.got[0]!.url, '/hooks/cellwatch?key=abc');
  assert.ok(r.lines.some((l) => /webhook http:\/\/127\.0\.0\.1:\d+\/hooks\/cellwatch: HTTP 500; retrying with backoff/.test(l)), r.lines.join('\n'));
  assert.ok(r.lines.some((l) => /delivering again after 2 retries/.test(l)));
  assert.ok(!r.lines.some((l) => l.includes('key=abc')), 'the query string (a secret, often) is not logged');

  // The receiver goes down: serve keeps ingesting and detecting, retries with backoff, no crash.
  await hook.down();
  await send(r, [proc(4, 'cmd /c trigger-high three')]);
  await waitFor('retries against the down receiver', async () => ((await outputStats(r))[0]?.retries ?? 0) >= 5);
  const failing = (await outputStats(r))[0]!;
  assert.match(failing.failing ?? '', /ECONNREFUSED/);
  assert.equal(failing.queued, 1);
  await hook.listen(port);
  await waitFor('delivery after the receiver is back', () => hook.got.length === 3);
  assert.equal(hook.got[2]!.body.source.record, 4);
  await waitFor('the failure cleared', async () => (await outputStats(r))[0]!.failing === undefined);

  // Down again with one finding queued, then serve restarts: the queued finding is delivered
  // after the restart (not lost) and the three already delivered are not sent again (no flood).
  await hook.down();
  await send(r, [proc(5, 'cmd /c trigger-high four')]);
  await r.app.stop();
  await hook.listen(port);
  t.after(() => hook.down());
  const again = await startServe(t, options, dataDir);
  await send(again, [proc(6, 'cmd /c trigger-high five')]);
  await waitFor('deliveries after the restart', () => hook.got.length >= 5);
  await new Promise((res) => setTimeout(res, 200));
  assert.deepEqual(hook.got.map((g) => g.body.source.record), [1, 3, 4, 5, 6]);
  assert.deepEqual((await outputStats(again))[0]!.delivered, 2);
});

test('webhook: a full queue drops new findings, counts them in a line and in /api/v1/status, and never blocks detection', async (t) => {
  // Nothing listens on this port: every attempt is refused, and the backoff keeps the head waiting.
  const hook = receiver(0);
  const port = await hook.listen();
  await hook.down();
  const r = await startServe(t, {
    detectors: { rulePaths: [rulesDir()], intelFiles: [], noBuiltin: true },
    outputs: outputs({ webhooks: [`http://127.0.0.1:${port}/`], queueCapacity: 2, backoff: { baseMs: 60_000, maxMs: 60_000 } }),
  });
  await send(r, [1, 2, 3, 4, 5].map((i) => proc(i, `trigger-high ${i}`)));
  assert.equal((await getFindings(r)).length, 5, 'detection stored every finding');
  const [stats] = await outputStats(r);
  assert.equal(stats!.queued, 2);
  assert.equal(stats!.dropped, 3);
  assert.equal(stats!.delivered, 0);
  assert.ok(r.lines.some((l) => /queue full \(2 findings\); dropped 3 new findings/.test(l)), r.lines.join('\n'));
});

test('webhook: a permanent refusal (HTTP 400) is counted and skipped, the next finding goes on', async (t) => {
  const got: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const f = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Finding;
      if (String(f.matched['CommandLine']).includes('refused')) { res.writeHead(400).end('bad'); return; }
      got.push(String(f.matched['CommandLine']));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  t.after(() => server.close());
  const r = await startServe(t, {
    detectors: { rulePaths: [rulesDir()], intelFiles: [], noBuiltin: true },
    outputs: outputs({ webhooks: [`http://127.0.0.1:${(server.address() as AddressInfo).port}/`] }),
  });
  await send(r, [proc(1, 'trigger-high refused'), proc(2, 'trigger-high accepted')]);
  await waitFor('the second finding', () => got.length === 1);
  assert.deepEqual(got, ['trigger-high accepted']);
  const [stats] = await outputStats(r);
  assert.equal(stats!.failed, 1);
  assert.equal(stats!.retries, 0);
  assert.ok(r.lines.some((l) => /refused \(HTTP 400\); skipped/.test(l)));
});
