/**
 * Conformance on the SigmaHQ corpus beside the project (../shared/corpus/sigma): every rule
 * parses, at least 99.5% compile, and every JSON regression test passes. Skipped when absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadSigmaRules } from '../../src/sigma/index.js';
import { runRegression } from '../../src/sigma/regression.js';
import { shared } from './helpers.js';

const corpus = path.join(shared, 'corpus', 'sigma');
const absent = existsSync(corpus) ? false : `${corpus} is absent`;
if (absent) console.log(`# skipping SigmaHQ corpus tests: ${absent}`);

test('SigmaHQ rules: 100% parse, at least 99.5% compile', { skip: absent }, async () => {
  const dirs = readdirSync(corpus).filter((d) => d.startsWith('rules')).map((d) => path.join(corpus, d));
  const set = await loadSigmaRules(dirs);
  assert.ok(set.total >= 3000, `only ${set.total} rules found`);
  assert.equal(set.parsed, set.total, JSON.stringify(set.unsupported.slice(0, 5)));
  assert.ok(set.compiled / set.total >= 0.995, JSON.stringify(set.unsupported.slice(0, 20)));
});

test('SigmaHQ regression data: every JSON test passes', { skip: absent }, async () => {
  const s = await runRegression([path.join(corpus, 'regression_data')]);
  const json = s.results.filter((r) => r.sample?.kind === 'json');
  assert.ok(json.length >= 150, `only ${json.length} JSON tests`);
  const failed = json.filter((r) => r.status !== 'pass');
  assert.deepEqual(failed.map((r) => `${r.case.ruleId} ${r.sample!.path}: ${r.reason}`), []);
});
