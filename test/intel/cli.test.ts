import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importIntel } from '../../src/intel/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'intel', 'fixtures');

/** Runs the intel command in a child process (its own stdout/stderr and exit code). */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const script = `
    import { Command } from 'commander';
    import { register } from ${JSON.stringify(path.join(repoRoot, 'dist', 'src', 'cli', 'intel.js'))};
    const program = new Command(); program.name('cellwatch'); register(program);
    program.parseAsync(process.argv.slice(1), { from: 'user' }).catch((e) => { process.stderr.write('cellwatch: ' + e.message + '\\n'); process.exitCode = 2; });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('intel import writes a normalised pack, prints counts and every problem', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-intel-'));
  try {
    const out = path.join(dir, 'merged.json');
    const r = cli(['intel', 'import', path.join(fixtures, 'indicators.csv'), path.join(fixtures, 'stix-bundle.json'), '--output', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /indicators\.csv: csv, 12 indicator\(s\), 5 problem\(s\)/);
    assert.match(r.stdout, /stix-bundle\.json: stix, 9 indicator\(s\), 4 problem\(s\)/);
    assert.match(r.stdout, /^domain\s+3$/m);
    assert.match(r.stdout, /^total\s+21$/m);
    assert.match(r.stderr, /9 problem\(s\):/);
    assert.match(r.stderr, /indicators\.csv:line 16: not an IP address: 300\.1\.1\.1/);
    const pack = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(pack.format, 'cellwatch-intel-pack');
    assert.equal(pack.indicators.length, 21);
    assert.ok(pack.sources['soc-2024'] && pack.sources['Telco CERT']);
    const again = importIntel(out, readFileSync(out, 'utf8'));
    assert.deepEqual(again.problems, []);
    assert.equal(again.indicators.length, 21);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('intel list: counts by type and source, JSON, and an unreadable file is one line, exit 2', () => {
  const table = cli(['intel', 'list']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^ipv4\s+131$/m);
  assert.match(table.stdout, /^unit42-2022\s+151$/m);
  assert.match(table.stdout, /^total\s+210$/m);
  const json = cli(['intel', 'list', '--no-builtin', '--json', '--intel', path.join(fixtures, 'misp-event.json')]);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.total, 14);
  assert.deepEqual(doc.bySource, { 'misp:TelcoISAC': 14 });
  assert.equal(doc.problems.length, 4);
  const bad = cli(['intel', 'list', '--intel', path.join(fixtures, 'missing.csv')]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /missing\.csv: cannot read intel file: no such file/);
});

test('intel import says which private/reserved addresses it dropped; --keep-private keeps them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-intel-'));
  try {
    const csv = path.join(dir, 'own.csv');
    writeFileSync(csv, 'type,value\nip,45.251.241.82\nip,10.0.0.5\nip,127.0.0.1\ncidr,100.64.0.0/10\n');
    const out = path.join(dir, 'pack.json');
    const r = cli(['intel', 'import', csv, '--output', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /own\.csv: csv, 1 indicator\(s\), 0 problem\(s\), 3 private\/reserved address\(es\) dropped/);
    assert.match(r.stdout, /^dropped 3 private\/reserved addresses \(10\.0\.0\.5 \(private\), 127\.0\.0\.1 \(loopback\), 100\.64\.0\.0\/10 \(carrier-grade NAT\)\): .*--keep-private keeps them$/m);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).indicators.length, 1);
    const keep = cli(['intel', 'import', csv, '--output', out, '--keep-private']);
    assert.equal(keep.status, 0, keep.stderr);
    assert.match(keep.stdout, /^kept 3 private\/reserved addresses \(--keep-private\): 10\.0\.0\.5 \(private\)/m);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).indicators.length, 4);
    // The pack keeps them when read again (it is read as written).
    const list = cli(['intel', 'list', '--no-builtin', '--json', '--intel', out]);
    assert.equal(JSON.parse(list.stdout).total, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('intel import: a 100,000-deep STIX object is one problem; that file and the next are still imported', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-intel-'));
  try {
    const deep = path.join(dir, 'deep.json');
    const depth = 100_000;
    const indicator = (id: string, domain: string, extra = ''): string =>
      `{"type":"indicator","id":"indicator--${id}","pattern":"[domain-name:value = '${domain}']","pattern_type":"stix","valid_from":"2019-01-01T00:00:00Z"${extra}}`;
    writeFileSync(deep, `{"type":"bundle","id":"bundle--1","objects":[\n${indicator('a', 'a.hinitial.com')},\n${indicator('b', 'b.hinitial.com', `,"x":${'['.repeat(depth)}${']'.repeat(depth)}`)}\n]}`);
    const r = cli(['intel', 'import', deep, path.join(fixtures, 'indicators.csv'), '--output', path.join(dir, 'p.json')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /deep\.json: stix, 1 indicator\(s\), 1 problem\(s\)/);
    assert.match(r.stdout, /indicators\.csv: csv, 12 indicator\(s\)/);
    assert.match(r.stderr, /deep\.json:line 3: indicator--b: nested more than 64 levels deep; not imported/);
    assert.doesNotMatch(r.stderr, /RangeError|Maximum call stack/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
