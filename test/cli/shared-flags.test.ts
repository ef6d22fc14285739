/** The same short flags on every command that has the option: -f/--format, -o/--output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

test('coverage and audit take -f and -o like hunt, dump and sweep', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-flags-'));
  const out = path.join(dir, 'coverage.json');
  const coverage = runCli(['coverage', '-f', 'json', '-o', out]);
  assert.equal(coverage.code, 0, coverage.stderr);
  const rows = JSON.parse(readFileSync(out, 'utf8')) as { technique: string }[];
  assert.ok(rows.length > 10 && rows.every((r) => /^T\d{4}/.test(r.technique)));
  const audit = runCli(['audit', 'examples/audit/exports', '--kev', 'examples/audit/kev-sample.json', '--as-of', '2026-11-28', '--no-coverage', '-f', 'jsonl']);
  assert.equal(audit.code, 0, audit.stderr);
  assert.ok(audit.stdout.trim().split('\n').every((l) => (JSON.parse(l) as { detector: string }).detector === 'audit'));
});

test('hunt --mappings takes a mapping folder like rules check and rules test; a missing one is a usage error', () => {
  const fx = path.join('test', 'engine', 'fixtures');
  const base = ['hunt', path.join(fx, 'logs'), '--no-builtin', '--rules', path.join(fx, 'rules'), '-f', 'jsonl', '-q'];
  const shipped = runCli(base);
  const given = runCli([...base, '--mappings', 'content/mappings']);
  assert.equal(given.code, 0, given.stderr);
  assert.equal(given.stdout, shipped.stdout);
  assert.equal(given.stdout.trim().split('\n').length, 5);
  const empty = mkdtempSync(path.join(tmpdir(), 'cw-mappings-'));
  assert.notEqual(runCli([...base, '--mappings', empty]).stdout, shipped.stdout, 'without the Windows mapping the Sysmon rules read other fields');
  const missing = runCli([...base, '--mappings', path.join(empty, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope: no such file or folder/);
});
