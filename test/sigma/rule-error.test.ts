/**
 * Errors by kind, not by message text: a rule that is not valid Sigma is `invalid`, valid Sigma that
 * cellwatch does not run is `unsupported`, with the line where known; a regression case that lists
 * no tests is skipped because of its kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCase, runRegression } from '../../src/sigma/regression.js';
import { RegressionCaseError, RuleError, toRuleError } from '../../src/sigma/rule-error.js';
import { fixtures, loadYaml, tempDir } from './helpers.js';

const rule = (name: string, detection: string): string =>
  `title: ${name}\nid: ${name}\nlogsource: {product: testproduct}\ndetection:\n${detection}\n`;

test('each unsupported rule says whether it is invalid or unsupported', async () => {
  const set = await loadYaml({
    'aggregation.yml': rule('aggregation', '    sel: {Image: x}\n    condition: sel | count() > 5'),
    'unknown-modifier.yml': rule('unknown-modifier', '    sel: {Image|sounds_like: x}\n    condition: sel'),
    'regex-x.yml': rule('regex-x', "    sel: {Image|re|x: 'a b'}\n    condition: sel"),
    'no-identifier.yml': rule('no-identifier', '    sel: {Image: x}\n    condition: other'),
    'no-title.yml': 'id: no-title\nlogsource: {product: testproduct}\ndetection: {sel: {Image: x}, condition: sel}\n',
    'broken.yml': 'title: broken\nid: broken\ndetection:\n  sel: [unclosed\n',
    'good.yml': rule('good', '    sel: {Image: x}\n    condition: sel'),
  });
  const kinds = Object.fromEntries(set.unsupported.map((u) => [path.basename(u.path, '.yml'), u.kind]));
  assert.deepEqual(kinds, {
    aggregation: 'unsupported',
    'unknown-modifier': 'unsupported',
    'regex-x': 'unsupported',
    'no-identifier': 'invalid',
    'no-title': 'invalid',
    broken: 'invalid',
  });
  const broken = set.unsupported.find((u) => u.path.endsWith('broken.yml'))!;
  assert.equal(typeof broken.line, 'number', 'a YAML error carries its line');
  assert.match(broken.reason, new RegExp(`^YAML line ${broken.line}: `));
  assert.equal(set.unsupported.find((u) => u.id === 'no-title')?.line, undefined);
});

test('toRuleError keeps a RuleError kind and reads any other error as invalid', () => {
  const kept = toRuleError(new RuleError('unsupported', 'm'), { file: 'a.yml' });
  assert.equal(kept.kind, 'unsupported');
  assert.equal(kept.place.file, 'a.yml');
  const plain = toRuleError(new Error('bad'), { file: 'b.yml', line: 3 });
  assert.deepEqual([plain.kind, plain.message, plain.place.line], ['invalid', 'bad', 3]);
  assert.equal(toRuleError('text').kind, 'invalid');
});

test('a regression case without tests is skipped by its kind; a case without a rule id fails', async () => {
  const root = tempDir();
  cpSync(path.join(fixtures, 'sigmahq', 'rules'), path.join(root, 'rules'), { recursive: true });
  const cases = path.join(root, 'regression_data', 'rules');
  mkdirSync(path.join(cases, 'empty'), { recursive: true });
  mkdirSync(path.join(cases, 'anonymous'), { recursive: true });
  writeFileSync(path.join(cases, 'empty', 'info.yml'), 'rule_metadata:\n  - id: 11111111-1111-4111-8111-111111111111\n# regression_tests_info: commented out upstream\n');
  writeFileSync(path.join(cases, 'anonymous', 'info.yml'), 'rule_metadata:\n  - title: no id\nregression_tests_info:\n  - {path: x.json, match_count: 1}\n');
  const empty = readCase(path.join(cases, 'empty', 'info.yml')).error;
  assert.ok(empty instanceof RegressionCaseError);
  assert.equal(empty.kind, 'empty');
  assert.equal(readCase(path.join(cases, 'anonymous', 'info.yml')).error?.kind, 'invalid');
  const summary = await runRegression([path.join(root, 'regression_data')]);
  const status = Object.fromEntries(summary.results.map((r) => [path.basename(path.dirname(r.case.info)), r.status]));
  assert.deepEqual(status, { anonymous: 'fail', empty: 'skip' });
});
