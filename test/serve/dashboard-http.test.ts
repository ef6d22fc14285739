/**
 * The triage dashboard over HTTP: login required, a wrong token refused, CSRF refused without the
 * token or from another Origin, triage recorded with its actor and history, the list filters, a
 * finding's surrounding events of the same host, ATT&CK counts, coverage from the log, audit import
 * and the rule reload.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/findings/finding.js';
import { findingId } from '../../src/findings/finding-id.js';
import { caughtUp, getFindings, startServe, type Running } from './serve-helpers.js';
import { dashGet, dashPost, signIn } from './dashboard-helpers.js';
import { bulkBody, winlogbeatEvents } from './winlogbeat-events.js';

interface ListAnswer {
  stamp: string;
  total: number;
  findings: { id: string; host: string; level: string; rule: { id: string }; attack: string[]; status: string; assignee: string }[];
}

async function ingest(r: Running, events: Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${r.base}/_bulk`, { method: 'POST', body: bulkBody(events), headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/x-ndjson' } });
  assert.equal(res.status, 200);
  await caughtUp(r);
}

test('dashboard: login is required, a wrong token or a foreign Origin is refused, the cookie is HttpOnly and SameSite=Strict', async (t) => {
  const r = await startServe(t);
  const page = await fetch(`${r.base}/dashboard/`, { redirect: 'manual' });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/dashboard/login');
  const apiAnon = await fetch(`${r.base}/dashboard/api/findings`);
  assert.equal(apiAnon.status, 401);
  // The API token header does not open the dashboard, and a session does not open /api/v1.
  const withBearer = await fetch(`${r.base}/dashboard/api/findings`, { headers: { Authorization: `Bearer ${r.token}` } });
  assert.equal(withBearer.status, 401);

  const loginPage = await fetch(`${r.base}/dashboard/login`);
  assert.equal(loginPage.status, 200);
  assert.match(loginPage.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
  assert.match(await loginPage.text(), /name="token"/);

  const form = (token: string): string => new URLSearchParams({ token, name: 'mallory' }).toString();
  const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const wrong = await fetch(`${r.base}/dashboard/login`, { method: 'POST', redirect: 'manual', body: form(`${r.token}x`), headers: { ...formHeaders, Origin: r.base } });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get('set-cookie'), null);
  assert.match(await wrong.text(), /Wrong token/);
  const noOrigin = await fetch(`${r.base}/dashboard/login`, { method: 'POST', redirect: 'manual', body: form(r.token), headers: formHeaders });
  assert.equal(noOrigin.status, 403);
  const foreign = await fetch(`${r.base}/dashboard/login`, { method: 'POST', redirect: 'manual', body: form(r.token), headers: { ...formHeaders, Origin: 'http://evil.example' } });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get('set-cookie'), null);

  const ok = await fetch(`${r.base}/dashboard/login`, { method: 'POST', redirect: 'manual', body: form(r.token), headers: { ...formHeaders, Origin: r.base } });
  assert.equal(ok.status, 303);
  const cookie = ok.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.doesNotMatch(cookie, /Secure/, 'plain HTTP: no Secure flag (the browser would drop the cookie)');
  const v1 = await fetch(`${r.base}/api/v1/findings`, { headers: { Cookie: cookie.split(';')[0]! } });
  assert.equal(v1.status, 401, 'the /api/v1 routes keep their token header');
  // An Elasticsearch index named "dashboard" is still ingest.
  const bulk = await fetch(`${r.base}/dashboard/_bulk`, {
    method: 'POST', body: '{"create":{}}\n{"message":"hello"}\n', headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/x-ndjson' },
  });
  assert.equal(bulk.status, 200);

  const behindTls = await fetch(`${r.base}/dashboard/login`, {
    method: 'POST', redirect: 'manual', body: form(r.token), headers: { ...formHeaders, Origin: `https://${new URL(r.base).host}`, 'X-Forwarded-Proto': 'https' },
  });
  assert.equal(behindTls.status, 303);
  assert.match(behindTls.headers.get('set-cookie') ?? '', /; Secure/);
});

test('dashboard: triage needs the CSRF token and a same-origin request, and is recorded with the actor', async (t) => {
  const r = await startServe(t);
  await ingest(r, winlogbeatEvents(400, 11, 0.05));
  const s = await signIn(r, 'alice');
  const list = await dashGet<ListAnswer>(r, s, 'findings');
  assert.ok(list.total > 0, 'the attacker command lines were detected');
  const id = list.findings[0]!.id;
  const change = JSON.stringify({ status: 'acknowledged', assignee: 'alice', note: 'isolating the host' });

  const noToken = await dashPost(r, s, `findings/${id}/triage`, change, { 'X-CSRF-Token': undefined });
  assert.equal(noToken.status, 403);
  const wrongToken = await dashPost(r, s, `findings/${id}/triage`, change, { 'X-CSRF-Token': `${s.csrf.slice(1)}A` });
  assert.equal(wrongToken.status, 403);
  const foreign = await dashPost(r, s, `findings/${id}/triage`, change, { Origin: 'http://evil.example' });
  assert.equal(foreign.status, 403);
  const noOrigin = await dashPost(r, s, `findings/${id}/triage`, change, { Origin: undefined });
  assert.equal(noOrigin.status, 403);
  assert.equal(r.app.store.get(id)!.status, 'new', 'nothing refused was applied');
  assert.deepEqual(r.app.store.history(id), []);

  const bad = await dashPost(r, s, `findings/${id}/triage`, JSON.stringify({ status: 'done' }));
  assert.equal(bad.status, 400);
  const ok = await dashPost(r, s, `findings/${id}/triage`, change);
  assert.equal(ok.status, 200);
  const history = r.app.store.history(id);
  assert.deepEqual(history.map((h) => [h.actor, h.action, h.detail]), [
    ['alice (token-1)', 'status', 'new → acknowledged'], ['alice (token-1)', 'assignee', 'alice'], ['alice (token-1)', 'note', 'isolating the host'],
  ]);
  const detail = await dashGet<{ status: string; assignee: string; notes: string; history: unknown[] }>(r, s, `findings/${id}`);
  assert.deepEqual([detail.status, detail.assignee, detail.notes, detail.history.length], ['acknowledged', 'alice', 'isolating the host', 3]);
  const acked = await dashGet<ListAnswer>(r, s, 'findings?status=acknowledged');
  assert.deepEqual(acked.findings.map((f) => f.id), [id]);

  // Another analyst's session is separate; a logout ends only that session.
  const bob = await signIn(r, 'bob');
  const logoutNoCsrf = await fetch(`${r.base}/dashboard/logout`, { method: 'POST', redirect: 'manual', body: '', headers: { Cookie: bob.cookie, Origin: r.base, 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(logoutNoCsrf.status, 403);
  const logout = await fetch(`${r.base}/dashboard/logout`, { method: 'POST', redirect: 'manual', body: `csrf=${encodeURIComponent(bob.csrf)}`, headers: { Cookie: bob.cookie, Origin: r.base, 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(logout.status, 303);
  assert.equal((await fetch(`${r.base}/dashboard/api/stamp`, { headers: { Cookie: bob.cookie } })).status, 401);
  assert.equal((await fetch(`${r.base}/dashboard/api/stamp`, { headers: { Cookie: s.cookie } })).status, 200);
});

test('dashboard: list filters, surrounding events of the same host, ATT&CK counts, coverage from the log', async (t) => {
  const r = await startServe(t);
  const events = winlogbeatEvents(600, 5, 0.05);
  await ingest(r, events);
  const s = await signIn(r);
  const all = await getFindings(r);
  const list = await dashGet<ListAnswer>(r, s, 'findings?limit=1000');
  assert.equal(list.total, all.length);
  assert.deepEqual(new Set(list.findings.map((f) => f.id)), new Set(all.map(findingId)));
  const host = all[0]!.host;
  const byHost = await dashGet<ListAnswer>(r, s, `findings?host=${encodeURIComponent(host)}&level=high`);
  assert.equal(byHost.total, all.filter((f) => f.host === host && ['high', 'critical'].includes(f.rule.level)).length);
  const technique = all[0]!.attack[0]!;
  const byTech = await dashGet<ListAnswer>(r, s, `findings?technique=${technique}`);
  assert.equal(byTech.total, all.filter((f) => f.attack.some((a) => a === technique || a.startsWith(`${technique}.`))).length);
  const t0 = all.map((f) => f.ts).sort()[Math.floor(all.length / 2)]!;
  const since = await dashGet<ListAnswer>(r, s, `findings?since=${t0}&rule=`);
  assert.equal(since.total, all.filter((f) => f.ts >= t0).length, 'an empty filter is no filter');
  const badTime = await fetch(`${r.base}/dashboard/api/findings?until=yesterday`, { headers: { Cookie: s.cookie } });
  assert.equal(badTime.status, 400);

  // Surrounding events: the generated stream's neighbours of the same host.
  const f: Finding = all.find((x) => x.source.record > 30)!;
  const detail = await dashGet<{ context: { host: string; before: { offset: number; fields: Record<string, unknown> }[]; event: { offset: number }; after: { offset: number }[] } }>(r, s, `findings/${findingId(f)}`);
  const at = f.source.record - 1;
  assert.equal(detail.context.event.offset, at);
  const hostOf = (i: number): string => String((events[i]!.winlog as { computer_name: string }).computer_name);
  const want = events.map((_, i) => i).filter((i) => i !== at && hostOf(i) === hostOf(at));
  assert.deepEqual(detail.context.before.map((e) => e.offset), want.filter((i) => i < at).slice(-10));
  assert.deepEqual(detail.context.after.map((e) => e.offset), want.filter((i) => i > at).slice(0, 10));
  assert.equal(detail.context.before.at(-1)!.fields.Computer, hostOf(at));

  const columns = await dashGet<{ tactic: string; techniques: { id: string; findings: number }[] }[]>(r, s, 'attack');
  const shown = new Map(columns.flatMap((c) => c.techniques.map((x) => [x.id, x.findings] as const)));
  for (const [id, n] of shown) assert.equal(n, all.filter((x) => x.attack.includes(id)).length, `${id} count`);
  assert.ok(columns.some((c) => c.tactic === 'credential-access'));

  const cov = await dashGet<{ rules: number; log: { scanned: number }; rows: { technique: string; seen: boolean | null; rules: unknown[] }[] }>(r, s, 'coverage');
  assert.ok(cov.rules > 0);
  assert.equal(cov.log.scanned, events.length);
  assert.equal(cov.rows.find((x) => x.technique === 'T1003.001')?.seen, true, 'Sysmon process events are in the log');
  assert.ok(cov.rows.some((x) => x.rules.length > 0 && x.seen === false), 'sources not sent are not seen');
  const hosts = await dashGet<{ host: string; lastSeen: string }[]>(r, s, 'hosts');
  assert.ok(hosts.length >= 1 && hosts.every((h) => !Number.isNaN(Date.parse(h.lastSeen))));
});

test('dashboard: audit import (bad line named, good one kept) and rule reload', async (t) => {
  const r = await startServe(t);
  const s = await signIn(r);
  assert.equal(await dashGet(r, s, 'audit'), null);
  const gap = {
    ts: '2026-11-19T17:24:21.000Z', detector: 'audit', rule: { id: 'audit:mfa-legacy-auth-signin', title: 'Legacy-protocol sign-in bypasses MFA', level: 'high' },
    attack: ['T1078'], host: '', source: { path: 'entra-signins.json', record: 214, format: 'json' }, matched: {}, event: { affected: 'k.petrov@corp.example', evidence: '3 POP3 sign-ins' }, defence: 'mfa',
  };
  const sigma = { ...gap, detector: 'sigma' };
  const bad = await dashPost(r, s, 'audit', `${JSON.stringify(gap)}\n${JSON.stringify(sigma)}\n`, { 'Content-Type': 'application/x-ndjson' });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /^line 2: not an audit finding/);
  const noCsrf = await dashPost(r, s, 'audit', JSON.stringify(gap), { 'X-CSRF-Token': undefined });
  assert.equal(noCsrf.status, 403);
  const ok = await dashPost(r, s, 'audit', `${JSON.stringify(gap)}\n`, { 'Content-Type': 'application/x-ndjson' });
  assert.deepEqual(await ok.json(), { imported: 1 });
  const stored = await dashGet<{ actor: string; findings: unknown[] }>(r, s, 'audit');
  assert.equal(stored.actor, 'alice (token-1)');
  assert.deepEqual(stored.findings, [gap]);

  assert.equal(r.app.reloads, 0);
  const reload = await dashPost(r, s, 'reload', '');
  assert.equal(reload.status, 200);
  assert.equal(r.app.reloads, 1);
  assert.ok(r.lines.some((l) => /dashboard: alice \(token-1\) reloads rules/.test(l)));
});
