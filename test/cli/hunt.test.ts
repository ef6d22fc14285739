import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './run-cli.js';

const fx = path.join(repoRoot, 'test', 'engine', 'fixtures');
const base = ['hunt', path.join(fx, 'logs'), '--no-builtin', '--rules', path.join(fx, 'rules')];

test('hunt --format jsonl prints only Finding lines on stdout, summary and warnings on stderr', () => {
  const r = runCli([...base, '--format', 'jsonl']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { detector: string; ts: string; rule: { level: string } });
  assert.equal(lines.length, 5);
  assert.ok(lines.every((f) => f.detector === 'sigma'));
  assert.deepEqual(lines.map((f) => f.ts), [...lines.map((f) => f.ts)].sort());
  assert.match(r.stderr, /web01-sysmon\.jsonl:line 302: /);
  assert.match(r.stderr, /note: 1 file of unknown format skipped: .*notes\.bin/);
  assert.match(r.stderr, /findings\s+5 \(critical 0, high 2, medium 3, low 0, informational 0\)/);
});

test('--fail-on exits 3 when a finding reaches the level, 0 when none does', () => {
  assert.equal(runCli([...base, '--format', 'jsonl', '--fail-on', 'high', '-q']).code, 3);
  assert.equal(runCli([...base, '--format', 'jsonl', '--fail-on', 'critical', '-q']).code, 0);
});

test('bad usage and unreadable input exit 2 with one line, no stack trace', () => {
  const missing = runCli(['hunt', 'no/such/folder']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.match(missing.stderr, /no\/such\/folder: no such file or folder/);
  const level = runCli([...base, '--level', 'severe']);
  assert.equal(level.code, 2);
  assert.match(level.stderr, /expected one of informational, low, medium, high, critical/);
  assert.doesNotMatch(level.stderr, /at .*\.js:\d+/);
  const nothing = runCli(['hunt', path.join(fx, 'logs', 'notes.bin'), '--no-builtin', '--rules', path.join(fx, 'rules')]);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /no readable input/);
});

test('--output writes the file; csv has a header and one row per finding', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-'));
  const out = path.join(dir, 'findings.csv');
  const r = runCli([...base, '--format', 'csv', '--output', out, '-q']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const rows = readFileSync(out, 'utf8').trimEnd().split('\r\n');
  assert.equal(rows.length, 6);
  assert.match(rows[0]!, /^ts,level,detector,rule_id/);
});

test('--level filters the table output', () => {
  const r = runCli([...base, '--level', 'high', '-q']);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trimEnd().split('\n');
  assert.equal(rows.length, 3);
  assert.ok(rows.slice(1).every((l) => /\bhigh\b/.test(l)));
});
