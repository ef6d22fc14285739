import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { fixtures, repoRoot, tempDir } from './helpers.js';

const hq = path.join(fixtures, 'sigmahq');

/**
 * Run `cellwatch rules …` in a child process that registers only the rules command (so this test
 * does not depend on the other commands); returns stdout, stderr and the exit code.
 */
function cli(...args: string[]): { out: string; err: string; code: number } {
  const rulesModule = pathToFileURL(path.join(repoRoot, 'dist', 'src', 'cli', 'rules.js')).href;
  const script = `import { Command } from 'commander'; import { register } from ${JSON.stringify(rulesModule)};
const p = new Command().name('cellwatch'); register(p);
p.parseAsync(process.argv).catch((e) => { process.stderr.write('cellwatch: ' + e.message + '\\n'); process.exitCode = 2; });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, 'cellwatch', 'rules', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

test('rules check --json prints totals and every unsupported rule with its reason', async () => {
  const { out, code } = cli('check', '--json', path.join(hq, 'rules'));
  assert.equal(code, 0);
  const report = JSON.parse(out) as { total: number; parsed: number; compiled: number; unsupported: Array<{ path: string; id: string; reason: string }> };
  assert.equal(report.total, 4); // three files, one with two documents
  assert.equal(report.parsed, 3);
  assert.equal(report.compiled, 3);
  assert.equal(report.unsupported.length, 1);
  assert.deepEqual((report as unknown as { warnings: unknown[] }).warnings, []);
  assert.equal(report.unsupported[0]!.id, '44444444-4444-4444-8444-444444444444');
  assert.match(report.unsupported[0]!.path, /unsupported_modifier\.yml$/);
  assert.match(report.unsupported[0]!.reason, /unknown modifier 'sounds_like'/);
});

test('rules check prints a summary line with the counts by kind', async () => {
  const { out } = cli('check', path.join(hq, 'rules'), path.join(hq, 'rules-filters'));
  assert.match(out, /^unsupported  .*unsupported_modifier\.yml \[44444444-4444-4444-8444-444444444444\]: unknown modifier/m);
  assert.match(out, /5 rules: 4 parsed \(80\.00%\), 4 compiled \(80\.00%\), 1 unsupported — 3 detection, 1 filter, 0 correlation; \d+ ms$/m);
  assert.doesNotMatch(out, /^warning/m);
});

test('rules check reports a filter whose condition negates nothing, in text and JSON', async () => {
  const dir = tempDir();
  cpSync(path.join(hq, 'rules'), path.join(dir, 'rules'), { recursive: true });
  const filterText = readFileSync(path.join(hq, 'rules-filters', 'mf_whoami_admin_scripts.yml'), 'utf8');
  writeFileSync(path.join(dir, 'mf.yml'), filterText.replace('condition: not selection', 'condition: selection'));
  const { out } = cli('check', dir);
  assert.match(out, /^warning {6}.*mf\.yml \[55555555-5555-4555-8555-555555555555\]: filter condition negates nothing/m);
  assert.match(out, /0 correlation; 1 warning; \d+ ms$/m);
  const json = JSON.parse(cli('check', '--json', dir).out) as { warnings: Array<{ id: string; reason: string }> };
  assert.deepEqual(json.warnings.map((w) => w.id), ['55555555-5555-4555-8555-555555555555']);
});

test('rules check on a missing path fails with a one-line error and exit 2', () => {
  const { err, code } = cli('check', path.join(hq, 'nope'));
  assert.equal(code, 2);
  assert.match(err, /^cellwatch: .*nope: no such file or folder\n$/);
});

test('rules test: pass, fail on fewer, warn on more, unreadable sample fails; filters apply; exit 3', async () => {
  const { out, code } = cli('test', path.join(hq, 'regression_data'));
  const lines = out.trim().split('\n');
  assert.equal(code, 3);
  assert.match(lines.find((l) => l.includes('/proc_whoami/'))!, /^PASS .*: 1 match$/);
  assert.match(lines.find((l) => l.includes('/proc_whoami_fewer/'))!, /^FAIL .*: 1 match, expected 3$/);
  assert.match(lines.find((l) => l.includes('/proc_whoami_more/'))!, /^WARN .*: 2 matches, more than the expected 1$/);
  assert.match(lines.find((l) => l.includes('/unreadable/'))!, /^FAIL .*cannot read sample/);
  assert.equal(lines[lines.length - 1], '2 passed, 2 failed, 0 skipped (1 passed with more matches than expected)');
});

test('rules test --rules limits the rule set (here: without the filter, the admin-script run also fires)', async () => {
  const { out } = cli('test', '--rules', path.join(hq, 'rules'), path.join(hq, 'regression_data', 'rules', 'windows', 'proc_whoami'));
  assert.match(out, /^WARN .*: 2 matches, more than the expected 1$/m);
  assert.match(out, /^1 passed, 0 failed, 0 skipped/m);
});

test('rules test on a case whose rule is missing fails and names the rule', async () => {
  const { out, code } = cli('test', '--rules', path.join(hq, 'rules-filters'), path.join(hq, 'regression_data', 'rules', 'windows', 'proc_whoami'));
  assert.equal(code, 3);
  assert.match(out, /^FAIL .*rule 11111111-1111-4111-8111-111111111111 not found/m);
});
