import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './run-cli.js';

const fx = path.join(repoRoot, 'test', 'engine', 'fixtures');
const RAR = '5b7f3a10-2c4d-4e8f-9a61-0b2c3d4e5f60'; // 3 findings: cdr0.rar, cdr1.rar, cdr2.rar

// Filters apply as pySigma applies them, (rule) and (filter): the condition keeps what is not the job.
const filter = `title: Nightly CDR archive job on CDR-DB01
id: 2b3c4d5e-4444-4f60-8a7b-000000000006
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - ${RAR}
    backup_job:
        CommandLine|contains: 'cdr0.rar'
    condition: not backup_job
`;

function hunt(...args: string[]): { code: number; records: number[]; stderr: string } {
  const r = runCli(['hunt', path.join(fx, 'logs'), '--no-builtin', '--no-progress', '--format', 'jsonl', '--rules', path.join(fx, 'rules'), '--rule-id', RAR, ...args]);
  const records = r.stdout.trim() ? r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { source: { record: number } }).source.record) : [];
  return { code: r.code, records, stderr: r.stderr };
}

test('--filters FILE and --filters FOLDER apply a Sigma filter to the rules it names', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-filters-'));
  mkdirSync(path.join(dir, 'tuning'));
  writeFileSync(path.join(dir, 'tuning', 'cdr-backup.yml'), filter);
  assert.deepEqual(hunt().records, [1, 2, 3]);
  const byFile = hunt('--filters', path.join(dir, 'tuning', 'cdr-backup.yml'));
  assert.equal(byFile.code, 0, byFile.stderr);
  assert.deepEqual(byFile.records, [2, 3]);
  assert.deepEqual(hunt('--filters', path.join(dir, 'tuning')).records, [2, 3]);
});

test('a rule document given with --filters is reported and not loaded; a missing --filters path is a usage error', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-filters-'));
  writeFileSync(path.join(dir, 'mixed.yml'), `${filter}---\ntitle: A rule in the wrong place\nid: 3c4d5e6f-5555-4a71-9b8c-000000000007\nlogsource: {category: process_creation, product: windows}\ndetection:\n  sel:\n    CommandLine|contains: rar\n  condition: sel\n`);
  const r = hunt('--filters', dir);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.records, [2, 3]);
  assert.match(r.stderr, /1 of \d+ rules not supported/);
  const missing = hunt('--filters', path.join(dir, 'nope'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope: no such file or folder/);
});
