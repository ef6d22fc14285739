/**
 * The GALLIUM rules' shipped regression cases (content/regression_data, SigmaHQ's layout): they pass,
 * `cellwatch rules test` runs them with no path, a case that expects more than the rule does fails,
 * and the data is what scripts/build-rule-regression.ts generates from examples/soft-cell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contentPath } from '../../src/content/content-path.js';
import { runRegression } from '../../src/sigma/regression.js';
import { GALLIUM_CASES, generateRegressionCases, REGRESSION_DIR } from '../../scripts/build-rule-regression.js';
import { repoRoot } from './hunt-helper.js';

const shippedCases = (): string[] => readdirSync(path.join(REGRESSION_DIR, GALLIUM_CASES)).sort();

test('every shipped case passes, with its exact match count', async () => {
  const s = await runRegression([REGRESSION_DIR]);
  assert.equal(s.failed, 0, s.results.filter((r) => r.status !== 'pass').map((r) => `${r.case.info}: ${r.reason}`).join('\n'));
  assert.equal(s.skipped, 0);
  assert.equal(s.passed, shippedCases().length);
  assert.ok(s.passed >= 50, `${s.passed} cases`);
  assert.equal(s.warnings, 0, 'a rule fires more often than its case says');
});

test('cellwatch rules test with no path runs the shipped cases', () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'src', 'cli', 'main.js'), 'rules', 'test', '-q'], { cwd: tmpdir(), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), `${shippedCases().length} passed, 0 failed, 0 skipped`);
});

test('a case expecting more matches than the rule gives fails (exit 3)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-regression-'));
  const folder = shippedCases()[0]!;
  const copy = path.join(dir, 'regression_data', GALLIUM_CASES, folder);
  cpSync(path.join(REGRESSION_DIR, GALLIUM_CASES, folder), copy, { recursive: true });
  const info = path.join(copy, 'info.yml');
  writeFileSync(info, readFileSync(info, 'utf8').replace(/match_count: \d+/, 'match_count: 7'));
  const s = await runRegression([path.join(dir, 'regression_data')], { rules: [contentPath('rules')] });
  assert.equal(s.failed, 1);
  assert.match(s.results[0]!.reason, /expected 7$/);
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'src', 'cli', 'main.js'), 'rules', 'test', '-q', '--rules', contentPath('rules'), path.join(dir, 'regression_data')], { encoding: 'utf8' });
  assert.equal(r.status, 3);
});

test('the shipped cases are what the generator makes from the example data', async () => {
  const cases = await generateRegressionCases();
  assert.deepEqual(cases.map((c) => c.folder).sort(), shippedCases(), 'run: npm run docs:rules');
  for (const c of cases) {
    const dir = path.join(REGRESSION_DIR, GALLIUM_CASES, c.folder);
    assert.equal(readFileSync(path.join(dir, 'info.yml'), 'utf8'), c.info, `${c.folder}/info.yml is stale: run npm run docs:rules`);
    assert.equal(readFileSync(path.join(dir, `${c.ruleId}.json`), 'utf8'), c.sample, `${c.folder} sample is stale: run npm run docs:rules`);
  }
});
