/**
 * `cellwatch audit` as a user runs it: output formats, stdout/stderr split, exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { examples, repoRoot, runCli, tempFiles } from './helpers.js';

const base = ['audit', 'examples/audit/exports', '--kev', 'examples/audit/kev-sample.json', '--data', 'examples/audit/logs', '--as-of', '2026-11-28'];

test('jsonl: stdout holds one Finding per line and nothing else; the summary goes to stderr', () => {
  const r = runCli([...base, '--format', 'jsonl']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length > 20);
  for (const l of lines) {
    const f = JSON.parse(l) as Record<string, unknown>;
    assert.equal(f.detector, 'audit');
    assert.ok(['mfa', 'patching', 'detection', 'least-privilege'].includes(f.defence as string));
    assert.match((f.rule as { id: string }).id, /^audit:/);
    assert.equal(typeof (f.source as { record: number }).record, 'number');
    const ev = f.event as Record<string, unknown>;
    assert.ok(ev.evidence && ev.gallium_step && ev.fix && ev.affected);
  }
  assert.match(r.stderr, /findings; scores: mfa \d+ \(\d+\), patching \d+/);
});

test('table: four defence blocks with scores and an overall line', () => {
  const r = runCli(base);
  assert.equal(r.code, 0, r.stderr);
  for (const d of ['MFA', 'PATCHING', 'DETECTION', 'LEAST-PRIVILEGE']) assert.match(r.stdout, new RegExp(`^== ${d}: .* score \\d+/100`, 'm'));
  assert.match(r.stdout, /^Overall: \d+\/100 \(mean of 4 assessed defences; \d+ findings\)$/m);
});

test('html: a self-contained page written with --output', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cellwatch-audit-html-'));
  const out = path.join(dir, 'audit.html');
  const r = runCli([...base, '--format', 'html', '--output', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /MFA on every account/);
  assert.match(html, /adm\.okafor@corp\.telco\.example/);
  assert.doesNotMatch(html, /<script|<link|src=|https?:\/\/(?!graph)/i);
});

test('exit codes: 3 with --fail-on high, 0 with --fail-on critical, 2 for unreadable input or bad usage', () => {
  assert.equal(runCli([...base, '--format', 'jsonl', '--fail-on', 'high']).code, 3);
  assert.equal(runCli([...base, '--format', 'jsonl', '--fail-on', 'critical']).code, 0);
  const dir = tempFiles({ 'empty.json': '' });
  const bad = runCli(['audit', 'examples/audit/exports/inventory.csv', path.join(dir, 'empty.json'), '--format', 'jsonl']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /empty\.json: empty file/);
  assert.ok(bad.stdout.trim().split('\n').length > 3, 'the readable file was still audited');
  const missing = runCli(['audit', 'no/such/folder']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no\/such\/folder: no such file or folder/);
  assert.equal(runCli(['audit', 'examples/audit/exports', '--format', 'xml']).code, 2);
  assert.equal(runCli(['audit', 'examples/audit/exports', '--as-of', 'someday']).code, 2);
});

test('the committed examples are what the generator writes (deterministic)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cellwatch-audit-gen-'));
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'scripts', 'generate-audit-examples.js'), dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = (root: string): string[] => readdirSync(root).flatMap((n) => {
    const p = path.join(root, n);
    return statSync(p).isDirectory() ? files(p).map((x) => path.join(n, x)) : [n];
  }).sort();
  assert.deepEqual(files(dir), files(examples));
  for (const f of files(dir)) assert.equal(readFileSync(path.join(dir, f), 'utf8'), readFileSync(path.join(examples, f), 'utf8'), f);
});
