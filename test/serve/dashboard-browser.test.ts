/**
 * The triage dashboard in a real browser (Debian chromium via playwright-core): sign in (a wrong
 * token first), a finding that arrives through ingest appears in the list without a reload, a
 * hostile command line is shown as text and runs nothing, a triage action is saved and shown in
 * the history with the analyst's name, the ATT&CK view filters the list, coverage shows, an audit
 * import through the page is shown as text. The page requests nothing but its own origin. Skips
 * with a printed reason when /usr/bin/chromium is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { findingId } from '../../src/findings/finding-id.js';
import { chromiumSkip, launchChromium } from '../chromium-launcher.js';
import { caughtUp, getFindings, startServe, type Running } from './serve-helpers.js';
import { bulkBody, winlogbeatEvents } from './winlogbeat-events.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const outDir = path.join(repoRoot, 'test-output', 'serve');
if (chromiumSkip) console.log(`# dashboard browser test skipped: ${chromiumSkip}`);

const PAYLOAD = `m64.exe "sekurlsa::logonpasswords" exit <img src=x onerror="alert(1)"></pre><script>document.title='pwned'</script>`;

async function ingest(r: Running, events: Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${r.base}/_bulk`, { method: 'POST', body: bulkBody(events), headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/x-ndjson' } });
  assert.equal(res.status, 200);
}

/** Polls the page (its CSP forbids evaluated strings, so no waitForFunction). */
async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (await check()) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const shownTotal = async (page: Page): Promise<number> => Number(await page.locator('#findings-count').getAttribute('data-total'));

test('dashboard in chromium: login, live update, hostile text, triage', { skip: chromiumSkip, timeout: 180_000 }, async (t) => {
  mkdirSync(outDir, { recursive: true });
  const r = await startServe(t);
  const browser = await launchChromium();
  t.after(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  const foreign: string[] = [];
  let navigations = 0;
  page.on('pageerror', (e) => errors.push(e.message));
  // The wrong token's 401 answer is logged by the browser as a failed load: expected, not an error.
  page.on('console', (m) => { if (m.type() === 'error' && !m.location().url.endsWith('/dashboard/login')) errors.push(`${m.location().url}: ${m.text()}`); });
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('request', (q) => { if (!q.url().startsWith(r.base)) foreign.push(q.url()); });
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });

  // Sign in: the dashboard sends us to the login page; a wrong token is refused.
  await page.goto(`${r.base}/dashboard/`);
  assert.equal(new URL(page.url()).pathname, '/dashboard/login');
  await page.fill('#login-token', 'not-the-token');
  await page.click('#login-submit');
  assert.equal(await page.locator('#login-error').textContent(), 'Wrong token.');
  await page.fill('#login-token', r.token);
  await page.fill('#login-name', 'carol');
  await page.click('#login-submit');
  await page.waitForSelector('body[data-ready="1"]');
  assert.equal(await page.locator('#actor').textContent(), 'carol (token-1)');
  await until('the empty list', async () => (await page.locator('#findings-count').getAttribute('data-total')) === '0');

  // Findings arrive through ingest while the page is open: the list fills without a reload.
  const loadsBefore = navigations;
  const events = winlogbeatEvents(300, 3, 0.04);
  const hostile = structuredClone(events[150]!) as { winlog: { event_data: Record<string, string>; record_id: string }; labels: { seq: number } };
  hostile.winlog.event_data.CommandLine = PAYLOAD;
  hostile.winlog.event_data.Image = 'C:\\ProgramData\\m64.exe';
  events.push(hostile);
  await ingest(r, events);
  await caughtUp(r);
  const stored = await getFindings(r);
  assert.ok(stored.length > 1);
  await until(`${stored.length} findings in the list`, async () => (await shownTotal(page)) === stored.length);
  assert.equal(await page.locator('#findings-rows tr[data-id]').count(), Math.min(stored.length, 200));
  assert.equal(navigations, loadsBefore, 'no reload happened');

  // The hostile finding: its command line is text, nothing ran.
  const evil = stored.find((f) => JSON.stringify(f.event).includes('pwned'))!;
  assert.ok(evil, 'the hostile command line was detected');
  await page.click(`#findings-rows tr[data-id="${findingId(evil)}"]`);
  await page.waitForSelector('#detail:not([hidden]) #detail-event');
  const eventText = (await page.locator('#detail-event').textContent()) ?? '';
  assert.ok(eventText.includes(JSON.stringify(PAYLOAD).slice(1, -1)), 'the payload is shown as text');
  assert.equal(await page.locator('#detail img').count(), 0);
  assert.equal(await page.locator('#detail script').count(), 0);
  assert.equal(await page.title(), 'cellwatch — triage');
  assert.ok((await page.locator('#detail .context li').count()) > 0, 'surrounding events of the host are shown');

  // A triage action: saved, in the history with the analyst, in the list.
  await page.selectOption('#triage-form select[name="status"]', 'acknowledged');
  await page.fill('#triage-form input[name="assignee"]', 'carol');
  await page.fill('#triage-form textarea[name="note"]', 'mimikatz on a CDR host: escalate <b>now</b>');
  await page.click('#triage-form button[type="submit"]');
  await until('the history entry', async () => (await page.locator('#history li').count()) === 3);
  const history = await page.locator('#history li').allTextContents();
  assert.ok(history.every((h) => h.includes('carol (token-1)')), history.join('\n'));
  assert.ok(history.some((h) => h.includes('note: mimikatz on a CDR host: escalate <b>now</b>')));
  assert.deepEqual(r.app.store.history(findingId(evil)).map((h) => h.action), ['status', 'assignee', 'note']);
  assert.equal(r.app.store.get(findingId(evil))!.status, 'acknowledged');
  await until('the row shows the status', async () => (await page.locator(`#findings-rows tr[data-id="${findingId(evil)}"] td.status`).textContent()) === 'acknowledged');
  await page.screenshot({ path: path.join(outDir, 'dashboard.png') });

  // The ATT&CK view: a technique cell filters the list.
  await page.click('#tabs a[data-tab="attack"]');
  const cell = page.locator('#attack-grid .tech[data-technique="T1003.001"]');
  await cell.waitFor();
  await cell.click();
  const want = stored.filter((f) => f.attack.some((a) => a === 'T1003.001' || a.startsWith('T1003.001.'))).length;
  await until('the technique filter', async () => !(await page.locator('#view-findings').isHidden()) && (await shownTotal(page)) === want);

  // Coverage against the log, and an audit import through the page (its text is escaped too).
  await page.click('#tabs a[data-tab="coverage"]');
  await until('the coverage rows', async () => (await page.locator('#coverage-rows tr').count()) > 0);
  assert.ok((await page.locator('#coverage-rows tr.seen').count()) > 0, 'Sysmon process events make some techniques seen');
  await page.click('#tabs a[data-tab="audit"]');
  await until('the empty audit', async () => (await page.locator('#audit-meta').textContent()) === 'No audit imported yet.');
  const gap = {
    ts: '2026-11-19T17:24:21.000Z', detector: 'audit', rule: { id: 'audit:mfa-legacy-auth-signin', title: 'Legacy-protocol sign-in bypasses MFA', level: 'high' },
    attack: ['T1078'], host: '', source: { path: 'entra-signins.json', record: 214, format: 'json' }, matched: {}, defence: 'mfa',
    event: { affected: '<img src=x onerror="alert(2)">@corp.example', evidence: '3 POP3 sign-ins', fix: 'Block legacy authentication' },
  };
  await page.setInputFiles('#audit-file', { name: 'audit.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify(gap)}\n`) });
  await page.click('#audit-upload');
  await until('the imported audit', async () => (await page.locator('#audit-results table.audit tr').count()) === 1);
  assert.match((await page.locator('#audit-results').textContent()) ?? '', /<img src=x onerror="alert\(2\)">@corp\.example/);
  assert.equal(await page.locator('#audit-results img').count(), 0);

  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, [], 'no request leaves the server');
});
