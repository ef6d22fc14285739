import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './run-cli.js';

const fx = path.join(repoRoot, 'test', 'engine', 'fixtures');
const logs = path.join(fx, 'logs');
const rules = path.join(fx, 'rules');
const RAR = '5b7f3a10-2c4d-4e8f-9a61-0b2c3d4e5f60'; // medium, attack.t1560.001, 3 findings
const RECON = '0d6b9c2e-7f0e-4a51-9a0c-3c1f5d7a9e01'; // high, attack.persistence + t1505.003, 2 findings

function hunt(...args: string[]): { code: number; ids: string[]; stderr: string } {
  const r = runCli(['hunt', logs, '--no-builtin', '--no-progress', '--format', 'jsonl', ...args]);
  const ids = r.stdout.trim() ? r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { rule: { id: string } }).rule.id) : [];
  return { code: r.code, ids, stderr: r.stderr };
}
const count = (ids: string[], id: string): number => ids.filter((x) => x === id).length;

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-select-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The fixture RAR rule under another id, with another status. */
function rarCopy(id: string, status: string): string {
  return readFileSync(path.join(rules, 'rar_password.yml'), 'utf8').replace(RAR, id).replace('status: test', `status: ${status}`);
}

test('--min-level loads only rules at or above the level and counts the rest in the summary', () => {
  const all = hunt('--rules', rules);
  assert.equal(all.ids.length, 5, all.stderr);
  const high = hunt('--rules', rules, '--min-level', 'high');
  assert.equal(high.code, 0, high.stderr);
  assert.deepEqual([count(high.ids, RECON), count(high.ids, RAR)], [2, 0]);
  assert.match(high.stderr, /detectors 1 sigma rules, 0 indicators \(1 rule excluded by selection\)/);
});

test('--exclude-rule, --exclude-rules FILE (comments, blank lines) and a missing list file', () => {
  assert.deepEqual(hunt('--rules', rules, '--exclude-rule', RAR).ids, [RECON, RECON]);
  const dir = tempDir({ 'noisy.txt': `# known noise on CDR-DB01\n\n${RAR}   # backup job\n` });
  assert.deepEqual(hunt('--rules', rules, '--exclude-rules', path.join(dir, 'noisy.txt')).ids, [RECON, RECON]);
  const missing = hunt('--rules', rules, '--exclude-rules', path.join(dir, 'nope.txt'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^cellwatch: --exclude-rules .*nope\.txt: cannot read \(ENOENT\)\n$/);
});

test('--tags takes a tag prefix (attack.t1560 takes attack.t1560.001); --exclude-tags leaves out', () => {
  assert.deepEqual(hunt('--rules', rules, '--tags', 'attack.t1560').ids, [RAR, RAR, RAR]);
  assert.deepEqual(hunt('--rules', rules, '--tags', 'ATTACK.T1505,attack.t9999').ids, [RECON, RECON]);
  assert.deepEqual(hunt('--rules', rules, '--exclude-tags', 'attack.persistence').ids, [RAR, RAR, RAR]);
});

test('--rule-id runs only the named rule', () => {
  assert.deepEqual(hunt('--rules', rules, '--rule-id', RECON).ids, [RECON, RECON]);
});

test('--status: deprecated and unsupported rules are left out by default, --status all or a list loads them', () => {
  const dep = '9a0e4c55-1111-4a2b-8c3d-000000000001';
  const uns = '9a0e4c55-1111-4a2b-8c3d-000000000002';
  const dir = tempDir({ 'dep.yml': rarCopy(dep, 'deprecated'), 'uns.yml': rarCopy(uns, 'unsupported') });
  const byDefault = hunt('--rules', dir, '--rules', rules);
  assert.deepEqual([count(byDefault.ids, dep), count(byDefault.ids, uns), count(byDefault.ids, RAR)], [0, 0, 3]);
  assert.match(byDefault.stderr, /\(2 rules excluded by selection\)/);
  const everything = hunt('--rules', dir, '--rules', rules, '--status', 'all');
  assert.deepEqual([count(everything.ids, dep), count(everything.ids, uns)], [3, 3]);
  const listed = hunt('--rules', dir, '--rules', rules, '--status', 'deprecated');
  assert.deepEqual([count(listed.ids, dep), count(listed.ids, uns), count(listed.ids, RAR)], [3, 0, 0]);
});

test('a hunt with no detectors is a usage error: --no-builtin alone, or every rule excluded', () => {
  const none = hunt();
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^cellwatch: no detectors loaded: .*add --rules or --intel\)\n$/);
  const excluded = hunt('--rules', rules, '--min-level', 'critical');
  assert.equal(excluded.code, 2);
  assert.match(excluded.stderr, /no detectors loaded: all 2 rules excluded by selection \(first: .*below --min-level critical\)/);
});

const correlation = `title: Archive after recon
id: 7c2d0f11-2222-4b3c-9d4e-000000000003
status: test
correlation:
    type: temporal
    rules:
        - ${RECON}
        - ${RAR}
    group-by:
        - Computer
    timespan: 3d
level: critical
`;

test('a correlation keeps the rules it reads as feed-only under --min-level; --exclude-rule of one leaves it out, with a note', () => {
  const dir = tempDir({ 'chain.yml': correlation });
  const both = hunt('--rules', rules, '--rules', dir, '--min-level', 'critical');
  assert.equal(both.code, 0, both.stderr);
  assert.ok(both.ids.length >= 1 && both.ids.every((id) => id === '7c2d0f11-2222-4b3c-9d4e-000000000003'), both.ids.join());
  const cut = hunt('--rules', rules, '--rules', dir, '--exclude-rule', RAR);
  assert.deepEqual(cut.ids, [RECON, RECON]);
  assert.match(cut.stderr, /note: correlation 7c2d0f11-2222-4b3c-9d4e-000000000003 left out: correlation reads 5b7f3a10-[0-9a-f-]+, excluded by selection/);
});

test('rules using a placeholder with no value are reported once', () => {
  const dir = tempDir({
    'tools.yml': `title: Admin tool
id: 1e2f3a4b-3333-4c5d-8e6f-000000000004
logsource: { category: process_creation, product: windows }
detection:
    selection:
        Image|expand: '%admin_tools%'
    condition: selection
level: low
`,
  });
  const r = hunt('--rules', rules, '--rules', dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr.match(/note: 1 rule needs --placeholder admin_tools=VALUE/g)?.length, 1);
  assert.doesNotMatch(hunt('--rules', rules, '--rules', dir, '--placeholder', 'admin_tools=C:\\x.exe,C:\\y.exe').stderr, /needs --placeholder/);
});

test('rules check takes the same selection flags (every status by default) and --fail-on-unsupported exits 3', () => {
  const dir = tempDir({ 'dep.yml': rarCopy('9a0e4c55-1111-4a2b-8c3d-000000000005', 'deprecated'), 'bad.yml': 'title: Broken\nlevel: high\nlogsource: {category: process_creation}\ndetection:\n  sel:\n    Image|nosuchmodifier: x\n  condition: sel\n' });
  const plain = runCli(['rules', 'check', dir, rules]);
  assert.equal(plain.code, 0);
  assert.match(plain.stdout, /^4 rules: 3 parsed .* 1 unsupported — 3 detection, 0 filter, 0 correlation; \d+ ms$/m);
  const selected = runCli(['rules', 'check', dir, rules, '--min-level', 'high', '--fail-on-unsupported']);
  assert.equal(selected.code, 3);
  assert.match(selected.stdout, /1 unsupported — 1 detection, 0 filter, 0 correlation; 2 excluded by selection;/);
  assert.equal(runCli(['rules', 'check', rules, '--fail-on-unsupported']).code, 0);
});
