/**
 * Every command walks its folders with the one walker: stdin and pipes named explicitly are read as
 * streams, loops and special files inside folders never hang, grow or multiply anything.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot, runCli } from './run-cli.js';

const fx = path.join(repoRoot, 'test', 'engine', 'fixtures');
const sysmon = path.join(fx, 'logs', 'web01-sysmon.jsonl');
const rules = ['--no-builtin', '--rules', path.join(fx, 'rules'), '--format', 'jsonl', '-q'];
const tmp = mkdtempSync(path.join(tmpdir(), 'cellwatch-walk-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Finding { rule: { id: string }; source: { path: string; record: number } }
const findings = (stdout: string): Finding[] => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);
const key = (f: Finding): string => `${f.rule.id}@${f.source.record}`;

/** Run the CLI with a deadline: a walker that opened a FIFO or /dev/zero would hang or grow. */
function runBounded(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', input, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.signal, null, `killed by ${r.signal}: it hung`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('hunt - reads standard input as a stream, format sniffed from content; same findings as the file', () => {
  const fromFile = findings(runCli(['hunt', sysmon, ...rules]).stdout);
  assert.ok(fromFile.length > 0);
  const piped = runBounded(['hunt', '-', ...rules], readFileSync(sysmon, 'utf8'));
  assert.equal(piped.code, 0, piped.stderr);
  const got = findings(piped.stdout);
  assert.deepEqual(got.map(key), fromFile.map(key));
  assert.ok(got.every((f) => f.source.path === '/dev/stdin'));
});

test('hunt <(zcat file.gz) reads a pipe named explicitly, and a gzip stream through a pipe', () => {
  const gz = path.join(tmp, 'sysmon.jsonl.gz');
  execFileSync('sh', ['-c', `gzip -c "$1" > "$2"`, 'sh', sysmon, gz]);
  const expected = findings(runCli(['hunt', sysmon, ...rules]).stdout).map(key);
  for (const sub of [`<(zcat "${gz}")`, `<(cat "${gz}")`]) {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" hunt ${sub} ${rules.map((a) => `'${a}'`).join(' ')}`], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(findings(r.stdout).map(key), expected, sub);
  }
});

test('hunt: a symlink loop in an export folder does not multiply findings; a /dev/zero link and a FIFO are noted', () => {
  const dir = path.join(tmp, 'export');
  cpSync(path.join(fx, 'logs'), dir, { recursive: true });
  const once = findings(runCli(['hunt', dir, ...rules]).stdout).length;
  symlinkSync(dir, path.join(dir, 'sub', 'loop'));
  symlinkSync(path.join(dir, 'sub'), path.join(dir, 'sub-again'));
  symlinkSync('/dev/zero', path.join(dir, 'zero.jsonl'));
  execFileSync('mkfifo', [path.join(dir, 'pipe.jsonl')]);
  const r = runBounded(['hunt', dir, ...rules.filter((a) => a !== '-q')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(findings(r.stdout).length, once);
  assert.match(r.stderr, /pipe\.jsonl:walk: FIFO: skipped/);
  assert.match(r.stderr, /zero\.jsonl:walk: symlink to \/dev\/zero leads out of the given folders/);
  assert.match(r.stderr, /loop:walk: symlink to a folder already walked/);
});

test('hunt: a rules folder with a symlink loop and a /dev/zero link still loads its rules', () => {
  const dir = path.join(tmp, 'rules');
  cpSync(path.join(fx, 'rules'), dir, { recursive: true });
  mkdirSync(path.join(dir, 'nested'));
  symlinkSync(dir, path.join(dir, 'nested', 'up'));
  symlinkSync('/dev/zero', path.join(dir, 'zero.yml'));
  const expected = findings(runCli(['hunt', sysmon, ...rules]).stdout).map(key);
  const r = runBounded(['hunt', sysmon, '--no-builtin', '--rules', dir, '--format', 'jsonl', '--follow-symlinks']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(findings(r.stdout).map(key), expected);
  assert.match(r.stderr, /zero\.yml:walk: character device: skipped/);
});

test('audit: a FIFO in an export folder does not hang; /dev/zero named explicitly is one problem line', () => {
  const dir = path.join(tmp, 'audit');
  mkdirSync(dir);
  execFileSync('mkfifo', [path.join(dir, 'export.csv')]);
  const folder = runBounded(['audit', dir]);
  assert.match(folder.stderr, /export\.csv: FIFO: skipped/);
  const zero = runBounded(['audit', '/dev/zero']);
  assert.equal(zero.code, 2);
  assert.match(zero.stderr, /\/dev\/zero: character device: skipped/);
});

test('hunt and sweep walk a folder by the same rules: loops, links out and special files noted alike; dot-folders entered by sweep only', () => {
  const dir = path.join(tmp, 'shared-walk');
  mkdirSync(path.join(dir, 'logs', 'deep'), { recursive: true });
  mkdirSync(path.join(dir, '.hidden'));
  cpSync(sysmon, path.join(dir, 'logs', 'web01.jsonl'));
  cpSync(sysmon, path.join(dir, '.hidden', 'web01-copy.jsonl'));
  symlinkSync(dir, path.join(dir, 'logs', 'deep', 'loop'));
  symlinkSync('/dev/zero', path.join(dir, 'zero.jsonl'));
  execFileSync('mkfifo', [path.join(dir, 'pipe.jsonl')]);
  // A YARA rule matching every file: the sweep's findings name every file it read.
  const yar = path.join(tmp, 'every-file.yar');
  writeFileSync(yar, 'rule every_file { meta: level = "low" condition: true }\n');
  const notes = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith(`warning: ${dir}/`)).map((l) => l.slice(`warning: ${dir}/`.length)).filter((l) => l.includes(':walk: ')).sort();
  const files = (stdout: string): string[] => [...new Set(findings(stdout).map((f) => path.relative(dir, f.source.path)))].sort();
  const hunt = runBounded(['hunt', dir, ...rules.filter((a) => a !== '-q')]);
  const sweep = runBounded(['sweep', dir, '--no-builtin', '--rules', yar, '-f', 'jsonl']);
  assert.equal(hunt.code, 0, hunt.stderr);
  assert.equal(sweep.code, 0, sweep.stderr);
  const expected = [
    'logs/deep/loop:walk: symlink to a folder already walked (loop), skipped',
    'pipe.jsonl:walk: FIFO: skipped (only regular files are read inside folders)',
    'zero.jsonl:walk: symlink to /dev/zero leads out of the given folders, skipped (--follow-symlinks reads it)',
  ];
  assert.deepEqual(notes(hunt.stderr), expected);
  assert.deepEqual(notes(sweep.stderr), expected);
  assert.deepEqual(files(hunt.stdout), ['logs/web01.jsonl']);
  assert.deepEqual(files(sweep.stdout), ['.hidden/web01-copy.jsonl', 'logs/web01.jsonl']);
  // Followed, the device behind the link is noted (never opened) by both.
  const device = 'zero.jsonl:walk: character device: skipped (only regular files are read inside folders)';
  assert.ok(notes(runBounded(['hunt', dir, '--follow-symlinks', ...rules.filter((a) => a !== '-q')]).stderr).includes(device));
  assert.ok(notes(runBounded(['sweep', dir, '--follow-symlinks', '--no-builtin', '--rules', yar, '-f', 'jsonl']).stderr).includes(device));
});
