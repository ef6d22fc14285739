import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { runHunt } from '../../src/engine/hunt.js';
import { DEFAULT_LIMITS } from '../../src/serve/serve-app.js';
import { caughtUp, getFindings, startServe, withoutSource, type Running } from './serve-helpers.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'serve', 'fixtures');
const fixture = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const IIS_LOG = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Date: 2026-11-28 21:20:00',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  '2026-11-28 21:20:11 172.16.10.11 POST /owa/auth/errorEE.aspx z1=cmd.exe&z2=whoami 443 - 203.0.113.77 Mozilla/5.0 - 200 0 0 31',
  '2026-11-28 21:20:14 172.16.10.11 GET /owa/ - 443 - 198.51.100.9 Mozilla/5.0 - 302 0 0 4',
].join('\r\n') + '\r\n';

/** The documents of an Elasticsearch bulk body (every second line). */
const bulkDocs = (body: string): string[] => body.trim().split('\n').filter((_, i) => i % 2 === 1);

async function post(r: Running, p: string, body: string | Buffer, headers: Record<string, string>): Promise<Response> {
  return fetch(`${r.base}${p}`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-ndjson', ...headers } });
}

test('serve: shippers ingest over the bulk API and HTTP; findings equal an offline hunt over the same events', async (t) => {
  const r = await startServe(t);
  assert.equal(r.app.token.generated, true);

  const hello = await fetch(`${r.base}/`, { headers: { Authorization: `Basic ${b64(`elastic:${r.token}`)}` } });
  assert.equal(hello.status, 200);
  assert.equal(hello.headers.get('x-elastic-product'), 'Elasticsearch');
  assert.equal(((await hello.json()) as { version: { number: string } }).version.number.split('.')[0], '8');

  const noAuth = await fetch(`${r.base}/_bulk`, { method: 'POST', body: '{}' });
  assert.equal(noAuth.status, 401);
  assert.equal(((await noAuth.json()) as { error: { type: string } }).error.type, 'security_exception');

  const wlb = fixture('winlogbeat-bulk.ndjson');
  const bulk = await post(r, '/_bulk', gzipSync(wlb), { Authorization: `ApiKey ${b64(`wlb-id:${r.token}`)}`, 'Content-Encoding': 'gzip' });
  assert.equal(bulk.status, 200);
  const bulkBody = (await bulk.json()) as { errors: boolean; items: { create: { status: number; _seq_no: number } }[] };
  assert.equal(bulkBody.errors, false);
  assert.deepEqual(bulkBody.items.map((i) => [i.create.status, i.create._seq_no]), [[201, 0], [201, 1], [201, 2]]);

  const vec = fixture('vector-bulk.ndjson');
  const indexed = await post(r, '/vector-2026.11.28/_bulk', vec, { Authorization: `Basic ${b64(`vector:${r.token}`)}` });
  assert.equal(indexed.status, 200);

  const iis = await post(r, '/api/v1/events?format=w3c', IIS_LOG, { Authorization: `Bearer ${r.token}`, 'Content-Type': 'text/plain' });
  assert.deepEqual(await iis.json(), { accepted: 2, first_offset: 5 });

  const bad = await post(r, '/api/v1/events', '{"a":1}\n{"b":\n', { Authorization: `Bearer ${r.token}` });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /^line 2: invalid JSON/);
  assert.equal(r.app.log.endOffset, 7, 'nothing of the bad request was stored');

  await caughtUp(r);
  const live = await getFindings(r);
  assert.ok(live.some((f) => f.rule.title.includes('Mimikatz')), 'the Mimikatz command line was detected');

  // The same events as files, hunted offline.
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-hunt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'events.jsonl'), [...bulkDocs(wlb), ...bulkDocs(vec)].join('\n') + '\n');
  writeFileSync(path.join(dir, 'u_ex261128.log'), IIS_LOG);
  const hunt = await runHunt({ inputs: [dir], rulePaths: [], intelFiles: [], noBuiltin: false, minLevel: 'informational', threads: 1 },
    { name: 'cellwatch', version: 'test' });
  const offline = await hunt.findings.toArray();
  assert.ok(offline.length >= 2);
  assert.deepEqual(live.map(withoutSource).sort(), offline.map(withoutSource).sort());
  assert.ok(live.every((f) => f.source.path === 'serve-log' && f.source.record >= 1 && f.source.record <= 7));

  const critical = await getFindings(r, '?level=critical&host=CDR-DB01.corp.telco.example');
  assert.ok(critical.length >= 1 && critical.every((f) => f.rule.level === 'critical' && f.host === 'CDR-DB01.corp.telco.example'));
  assert.equal((await getFindings(r, '?limit=1')).length, 1);
  assert.equal((await getFindings(r, '?since=2030-01-01T00:00:00Z')).length, 0);
  const badQuery = await fetch(`${r.base}/api/v1/findings?level=urgent`, { headers: { Authorization: `Bearer ${r.token}` } });
  assert.equal(badQuery.status, 400);

  assert.ok(r.app.store.hosts().some((h) => h.host === 'CDR-DB01.corp.telco.example' && h.lastSeen === '2026-11-28T21:14:31.870Z'));
  assert.deepEqual(r.app.store.ingestTotals().map((c) => [c.source, c.events, c.rejected]),
    [['token-1 bulk', 5, 0], ['token-1 events', 2, 1]]);

  // A restart on the same data replays nothing twice.
  await r.app.stop();
  const again = await startServe(t, {}, r.dataDir);
  assert.equal(again.app.token.generated, false);
  await caughtUp(again);
  assert.deepEqual((await getFindings(again)).map(withoutSource).sort(), live.map(withoutSource).sort());
  assert.deepEqual(again.app.log.loadCheckpoint()?.offset, 7);
});

test('serve limits: body size, events per request, per-token rate and back-pressure answer 4xx/503 with a reason', async (t) => {
  const small = await startServe(t, { limits: { maxBodyBytes: 400, maxEventsPerRequest: 2, maxBacklog: DEFAULT_LIMITS.maxBacklog }, eventsPerSecond: 2 });
  const auth = { Authorization: `Bearer ${small.token}` };
  const big = await post(small, '/api/v1/events', `{"pad":"${'x'.repeat(500)}"}`, auth);
  assert.equal(big.status, 413);
  const many = await post(small, '/api/v1/events', '{"a":1}\n{"a":2}\n{"a":3}\n', auth);
  assert.equal(many.status, 413);
  assert.match(((await many.json()) as { error: string }).error, /more than 2 events/);
  const bulkMany = await post(small, '/_bulk', '{"index":{}}\n{"a":1}\n{"index":{}}\n{"a":2}\n{"index":{}}\n{"a":3}\n', auth);
  assert.equal(bulkMany.status, 413);
  assert.equal((await post(small, '/api/v1/events', '{"a":1}\n{"a":2}\n', auth)).status, 200);
  assert.equal((await post(small, '/api/v1/events', '{"a":1}\n{"a":2}\n', auth)).status, 200);
  const limited = await post(small, '/api/v1/events', '{"a":1}\n{"a":2}\n', auth);
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);

  const full = await startServe(t, { limits: { ...DEFAULT_LIMITS, maxBacklog: -1 } });
  const busy = await post(full, '/_bulk', '{"index":{}}\n{"a":1}\n', { Authorization: `Bearer ${full.token}` });
  assert.equal(busy.status, 503);
  assert.equal(busy.headers.get('retry-after'), '1');
  assert.equal(((await busy.json()) as { error: { type: string } }).error.type, 'es_rejected_execution_exception');
  assert.equal(full.app.log.endOffset, 0);
});
