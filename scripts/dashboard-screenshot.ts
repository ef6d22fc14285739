/**
 * The README's dashboard screenshot (docs/images/dashboard.png), from the seeded example intrusion:
 * a `serve` node in a temporary folder takes every event of examples/soft-cell into its log (as
 * syslog ingest does), detects, and chromium signs in, acknowledges the newest critical finding and
 * opens it. Run: `npx tsc -p . && node dist/scripts/dashboard-screenshot.js` (needs /usr/bin/chromium).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { DEFAULT_LIMITS, DEFAULT_RETENTION, ServeApp } from '../src/serve/serve-app.js';
import { encodeFlatEvent } from '../src/serve/log-event.js';
import { openInput, walkFiles } from '../src/sources/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'docs', 'images', 'dashboard.png');

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-shot-'));
  const app = await ServeApp.start({
    host: '127.0.0.1', port: 0, dataDir: dir, detectors: { rulePaths: [], intelFiles: [], noBuiltin: false },
    limits: DEFAULT_LIMITS, eventsPerSecond: 0, latenessMs: 60_000, retention: DEFAULT_RETENTION, say: () => undefined,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    for (const file of walkFiles([path.join(root, 'examples', 'soft-cell')], { onProblem: () => undefined })) {
      const reader = await openInput(file).catch(() => null);
      if (!reader) continue;
      for await (const batch of reader.read(file, { onProblem: () => undefined })) {
        await app.log.append(batch.map((e) => encodeFlatEvent(e.source.format, e.time, e.fields)));
      }
    }
    while (app.detection.processed < app.log.endOffset) await new Promise((r) => setTimeout(r, 50));
    const base = `http://127.0.0.1:${app.address.port}`;
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(`${base}/dashboard/login`);
    await page.fill('#login-token', readFileSync(app.token.file, 'utf8').trim());
    await page.fill('#login-name', 'dana');
    await page.click('#login-submit');
    await page.waitForSelector('#findings-rows tr[data-id]');
    await page.selectOption('#filters select[name="level"]', 'critical');
    await page.waitForTimeout(500);
    await page.click('#findings-rows tr[data-id] >> nth=0');
    await page.waitForSelector('#triage-form');
    await page.selectOption('#triage-form select[name="status"]', 'acknowledged');
    await page.fill('#triage-form input[name="assignee"]', 'dana');
    await page.fill('#triage-form textarea[name="note"]', 'Checked with the CDR team: not a maintenance job. Escalated.');
    await page.click('#triage-form button[type="submit"]');
    await page.waitForSelector('#history li >> nth=2');
    await page.screenshot({ path: out });
    console.log(`wrote ${path.relative(root, out)}`);
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
