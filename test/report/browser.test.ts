/**
 * The HTML report in a real browser (Debian chromium driven by playwright-core): the summary shows
 * the input's numbers, the table filters by level and free text, a click opens the finding's
 * event, hostile event data does not run, and the page makes no request but the file itself.
 * Skips with a printed reason when /usr/bin/chromium is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../chromium-launcher.js';
import { createHtmlReportSink } from '../../src/report/index.js';
import { LEVELS, levelRank, type Finding, type Level } from '../../src/findings/finding.js';
import { intrusionFindings, memoryTarget, summaryFor } from './fixtures.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const outDir = path.join(repoRoot, 'test-output', 'report');
const skip = chromiumSkip;
if (skip) console.log(`# browser test skipped: ${skip}`);
const launch = launchChromium;

interface Expected {
  findings: number;
  byLevel: Record<Level, number>;
  summary?: Record<string, number>;
}

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

async function openReport(browser: Browser, file: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
  return { page, requests, errors, dialogs };
}

async function shownNumber(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-k="${key}"]`).first().textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

async function shownCount(page: Page): Promise<number> {
  return Number(await page.locator('#f-count').getAttribute('data-shown'));
}

async function checkSummary(page: Page, want: Expected): Promise<void> {
  assert.equal(await shownNumber(page, 'findings'), want.findings, 'findings shown');
  for (const level of LEVELS) assert.equal(await shownNumber(page, `level-${level}`), want.byLevel[level], `${level} shown`);
  for (const [key, value] of Object.entries(want.summary ?? {})) assert.equal(await shownNumber(page, key), value, `${key} shown`);
  assert.equal(await shownCount(page), want.findings, 'table starts unfiltered');
}

/** Filter by level (this level and above) and check the count and the rows drawn. */
async function filterByLevel(page: Page, level: Level, want: number): Promise<void> {
  await page.selectOption('#f-level', String(levelRank(level)));
  assert.equal(await shownCount(page), want, `findings at ${level} and above`);
  const rows = page.locator('#f-rows .grid-row');
  const drawn = await rows.count();
  assert.ok(drawn > 0 || want === 0, 'rows drawn');
  assert.ok(drawn <= Math.min(want, 40), `virtualised table draws only visible rows (${drawn})`);
  const levels = await rows.locator('.lvl').allTextContents();
  assert.ok(levels.every((l) => levelRank(l) >= levelRank(level)), `every drawn row is ${level} or above: ${levels.join(',')}`);
}

async function filterByText(page: Page, text: string, want: number): Promise<void> {
  await page.fill('#f-text', text);
  // The search box applies after a short pause; poll (the page's CSP forbids evaluated strings).
  for (let waited = 0; waited < 10_000 && (await shownCount(page)) !== want; waited += 100) await page.waitForTimeout(100);
  assert.equal(await shownCount(page), want, `findings matching "${text}"`);
}

/** Click the first drawn row; the detail panel shows that finding as JSON. */
async function openFirstRow(page: Page): Promise<Record<string, unknown>> {
  await page.locator('#f-rows .grid-row').first().click();
  await page.waitForSelector('#detail:not([hidden])');
  return JSON.parse((await page.locator('#detail-json').textContent()) ?? '') as Record<string, unknown>;
}

function assertOnlyTheFile(requests: string[], file: string): void {
  const own = pathToFileURL(file).href;
  assert.ok(requests.length >= 1, 'the file was requested');
  assert.deepEqual(requests.filter((u) => u !== own), [], 'no request other than the report file');
}

function countByLevel(findings: Array<Pick<Finding, 'rule'>>): Record<Level, number> {
  const out = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const f of findings) out[f.rule.level]++;
  return out;
}

test('report of a generated intrusion fixture in chromium', { skip, timeout: 180_000 }, async () => {
  mkdirSync(outDir, { recursive: true });
  const findings = intrusionFindings();
  const summary = summaryFor(findings);
  const out = memoryTarget();
  const sink = createHtmlReportSink(out.target);
  for (const f of findings) sink.write(f);
  await sink.close(summary);
  const file = path.join(outDir, 'fixture-report.html');
  writeFileSync(file, out.text());

  const browser = await launch();
  try {
    const { page, requests, errors, dialogs } = await openReport(browser, file);
    await checkSummary(page, {
      findings: findings.length,
      byLevel: countByLevel(findings),
      summary: { files: summary.inputs.length, events: summary.events, badRecords: summary.badRecords, skipped: summary.skippedInputs.length, sigma: summary.rules.sigma, indicators: summary.rules.indicators },
    });
    // The timeline draws one lane per host and a step per rule of the chain.
    assert.equal(await page.locator('.tl-step').count(), new Set(findings.filter((f) => f.ts).map((f) => f.rule.id)).size);
    assert.equal(await page.locator('#attack-body .tech[data-technique="T1003.001"]').count(), 1);
    assert.equal(await page.locator('#attack-body .tactic[data-tactic="other"] .tech').count(), 1, 'unknown T1999 under other');

    // Host, rule and technique filters (the technique one through its ATT&CK cell).
    await page.selectOption('#f-host', { label: 'DC01 (3)' });
    assert.equal(await shownCount(page), findings.filter((f) => f.host === 'DC01').length);
    await page.click('#f-reset');
    await page.selectOption('#f-rule', { label: 'Web server process spawned a command shell (1)' });
    assert.equal(await shownCount(page), 1);
    await page.click('#f-reset');
    await page.click('#attack-body .tech[data-technique="T1003.001"]');
    assert.equal(await page.locator('#f-tech').inputValue(), 'T1003.001');
    assert.equal(await shownCount(page), findings.filter((f) => f.attack.includes('T1003.001')).length);
    await page.click('#f-reset');

    // Sorting by level, highest first: the first drawn rows are the critical ones.
    await page.click('#f-head > div[data-key="level"]');
    const sortedLevels = await page.locator('#f-rows .grid-row .lvl').allTextContents();
    assert.deepEqual(sortedLevels, findings.map((f) => f.rule.level).sort((a, b) => levelRank(b) - levelRank(a)));
    await page.click('#f-reset');

    const high = findings.filter((f) => levelRank(f.rule.level) >= levelRank('high'));
    await filterByLevel(page, 'high', high.length);
    // Free text within the level filter: "dc01" is in host names, command lines and Computer fields.
    const dc01 = high.filter((f) => JSON.stringify(f).toLowerCase().includes('dc01'));
    assert.equal(dc01.length, 4);
    await filterByText(page, 'dc01', dc01.length);
    const shown = await openFirstRow(page);
    const first = dc01[0]!;
    assert.equal((shown.rule as { title: string }).title, first.rule.title);
    assert.deepEqual(shown.event, first.event, 'the full event is shown');
    await page.screenshot({ path: path.join(outDir, 'fixture-report.png'), fullPage: true });

    // The hostile command line is shown as text and ran nothing.
    await page.click('#detail-close');
    await page.click('#f-reset');
    await filterByText(page, 'onerror', 1);
    const hostile = await openFirstRow(page);
    assert.match(String((hostile.event as Record<string, unknown>).CommandLine), /<\/script><script>document\.title='pwned'/);
    assert.equal(await page.title(), 'cellwatch hunt report');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    assertOnlyTheFile(requests, file);
  } finally {
    await browser.close();
  }
});

test('a report with zero findings opens cleanly', { skip, timeout: 120_000 }, async () => {
  mkdirSync(outDir, { recursive: true });
  const out = memoryTarget();
  const sink = createHtmlReportSink(out.target);
  await sink.close(summaryFor([], { inputs: [], events: 0, badRecords: 0, problems: [], skippedInputs: [], firstEvent: '', lastEvent: '' }));
  const file = path.join(outDir, 'empty-report.html');
  writeFileSync(file, out.text());
  const browser = await launch();
  try {
    const { page, requests, errors } = await openReport(browser, file);
    await checkSummary(page, { findings: 0, byLevel: countByLevel([]), summary: { files: 0, events: 0 } });
    assert.equal(await page.locator('#f-rows .empty').textContent(), 'No findings.');
    assert.deepEqual(errors, []);
    assertOnlyTheFile(requests, file);
  } finally {
    await browser.close();
  }
});

const exampleDir = path.join(repoRoot, 'examples', 'soft-cell');
const cli = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
const run = promisify(execFile);

async function cliReady(): Promise<string | false> {
  if (skip) return skip;
  if (!existsSync(exampleDir)) return 'examples/soft-cell is not there yet';
  if (!existsSync(cli)) return 'dist/src/cli/main.js is not built';
  try {
    const { stdout } = await run(process.execPath, [cli, 'hunt', '--help'], { cwd: repoRoot });
    if (!/--format/.test(stdout) || !/html/.test(stdout)) return 'cellwatch hunt has no --format html yet';
  } catch {
    return 'cellwatch hunt is not registered yet';
  }
  return false;
}

test('report of the example intrusion (cellwatch hunt examples/soft-cell) matches its JSONL output', { timeout: 300_000 }, async (t) => {
  const reason = await cliReady();
  if (reason) {
    console.log(`# example-intrusion browser test skipped: ${reason}`);
    t.skip(reason);
    return;
  }
  mkdirSync(outDir, { recursive: true });
  const jsonl = await run(process.execPath, [cli, 'hunt', 'examples/soft-cell', '--format', 'jsonl', '--no-progress'], { cwd: repoRoot, maxBuffer: 512 * 1024 * 1024 });
  const findings = jsonl.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Finding);
  assert.ok(findings.length > 0, 'the example intrusion has findings');
  // The same hunt's summary, as printed on stderr next to the JSONL.
  const num = (re: RegExp): number => {
    const m = re.exec(jsonl.stderr);
    assert.ok(m, `summary line ${re} in the hunt's stderr:\n${jsonl.stderr}`);
    return Number(m[1]!.replace(/,/g, ''));
  };
  const printed = {
    files: num(/read\s+([\d,]+) files/),
    events: num(/([\d,]+) events/),
    badRecords: num(/([\d,]+) bad records/),
    skipped: num(/([\d,]+) inputs? skipped/),
    sigma: num(/([\d,]+) sigma rules/),
    indicators: num(/([\d,]+) indicators/),
  };
  assert.equal(num(/findings\s+([\d,]+)/), findings.length, 'printed findings = JSONL lines');
  const file = path.join(outDir, 'soft-cell-report.html');
  rmSync(file, { force: true });
  await run(process.execPath, [cli, 'hunt', 'examples/soft-cell', '--format', 'html', '--output', file, '--no-progress'], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  assert.ok(readFileSync(file, 'utf8').startsWith('<!doctype html>'));

  const browser = await launch();
  try {
    const { page, requests, errors } = await openReport(browser, file);
    await checkSummary(page, { findings: findings.length, byLevel: countByLevel(findings), summary: printed });
    const high = findings.filter((f) => levelRank(f.rule.level) >= levelRank('high'));
    await filterByLevel(page, 'high', high.length);
    // Free text: a rule id appears only in that rule's findings.
    const counts = new Map<string, number>();
    for (const f of high) counts.set(f.rule.id, (counts.get(f.rule.id) ?? 0) + 1);
    const [ruleId, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (ruleId) {
      await filterByText(page, ruleId, n);
      const shown = await openFirstRow(page);
      assert.equal((shown.rule as { id: string }).id, ruleId);
      const expected = high.find((f) => f.rule.id === ruleId)!;
      assert.ok(shown.event !== null && typeof shown.event === 'object', 'the event is shown');
      assert.equal((shown.source as { path: string }).path, expected.source.path);
    }
    await page.click('#detail-close').catch(() => undefined);
    await page.click('#f-reset');
    await page.screenshot({ path: path.join(outDir, 'soft-cell-report.png'), fullPage: true });
    assert.deepEqual(errors, []);
    assertOnlyTheFile(requests, file);
  } finally {
    await browser.close();
  }
});
