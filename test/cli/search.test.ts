import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './run-cli.js';
import { writeScopeFixture } from './scope-fixture.js';

const { logs } = writeScopeFixture();
const softCell = path.join(repoRoot, 'examples', 'soft-cell');
interface Row { ts: string; host: string; channel: string; event_id: string; field: string; value: string; source: { path: string; record: number } }
const jsonl = (stdout: string): Row[] => (stdout.trim() ? stdout.trim().split('\n').map((l) => JSON.parse(l) as Row) : []);

test('-k finds a keyword in any field value; -i ignores case; several -k are OR unless --all', () => {
  const r = runCli(['search', logs, '-k', '203.0.113.9', '-f', 'jsonl']);
  assert.equal(r.code, 0, r.stderr);
  const rows = jsonl(r.stdout);
  assert.equal(rows.length, 4);
  assert.ok(rows.every((x) => x.field === 'IpAddress' && x.value === '203.0.113.9'));
  assert.match(r.stderr, /4 matching events/);
  assert.equal(jsonl(runCli(['search', logs, '-k', 'MALLORY', '-f', 'jsonl']).stdout).length, 0);
  assert.equal(jsonl(runCli(['search', logs, '-k', 'MALLORY', '-i', '-f', 'jsonl']).stdout).length, 4);
  assert.equal(jsonl(runCli(['search', logs, '-k', 'alice', '-k', 'bob', '-f', 'jsonl']).stdout).length, 4);
  const both = jsonl(runCli(['search', logs, '-k', 'mallory', '-k', '4625', '--all', '-f', 'jsonl']).stdout);
  assert.deepEqual(both.map((x) => x.event_id), ['4625', '4625', '4625']);
});

test('-r tests a JS regex against every value; an invalid regex is a usage error', () => {
  const rows = jsonl(runCli(['search', logs, '-r', '^(alice|bob)$', '-f', 'jsonl']).stdout);
  assert.deepEqual(rows.map((x) => x.value).sort(), ['alice', 'alice', 'bob', 'bob']);
  const bad = runCli(['search', logs, '-r', '(']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /-r '\(': Invalid regular expression/);
  const none = runCli(['search', logs]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /at least one -k KEYWORD, -r REGEX or --field/);
});

test('--field reads Sigma field names through the mappings (Image is NewProcessName in Security 4688)', () => {
  const mapped = jsonl(runCli(['search', logs, '--field', 'Image=*\\whoami.exe', '-f', 'jsonl']).stdout);
  assert.deepEqual(mapped.map((x) => [x.event_id, x.field, x.value]), [['4688', 'NewProcessName', 'C:\\Windows\\System32\\whoami.exe']]);
  const r = runCli(['search', softCell, '--field', 'Image=*\\whoami.exe', '-f', 'jsonl', '-q']);
  assert.equal(r.code, 0, r.stderr);
  const rows = jsonl(r.stdout);
  assert.ok(rows.length >= 2);
  assert.ok(rows.every((x) => x.channel === 'Microsoft-Windows-Sysmon/Operational' && x.field === 'Image' && /whoami\.exe$/i.test(x.value)));
  const both = jsonl(runCli(['search', logs, '--field', 'TargetUserName=mall*', '--field', 'LogonType=10', '-f', 'jsonl']).stdout);
  assert.equal(both.length, 1);
  assert.equal(both[0]!.ts, '2019-03-05T10:00:00.000Z');
  assert.equal(runCli(['search', logs, '--field', 'novalue']).code, 2);
});

test('search honours the scope options and prints counts per file and host on stderr', () => {
  const r = runCli(['search', logs, '-k', 'mallory', '--host', 'dc01', '--from', '2019-03-06']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /^time\s+host\s+channel \/ source\s+eid\s+match$/);
  assert.equal(lines.length, 3);
  assert.match(lines[1]!, /^2019-03-06 09:00:00\s+DC01\.corp\.example\s+Security\s+4625\s+TargetUserName=mallory$/);
  assert.match(r.stderr, /2 matching events\nper file\n\s+matches\s+file\n\s+2\s+\S+dc01[/\\]security\.jsonl\nper host\n\s+matches\s+host\n\s+2\s+DC01\.corp\.example/);
  // The plain `WEB01` events are listed under the machine's canonical host.
  const web = runCli(['search', logs, '-k', 'bob']);
  assert.match(web.stderr, /per host\n\s+matches\s+host\n\s+2\s+WEB01\.corp\.example\n/);
  const tz = runCli(['search', logs, '-k', 'mallory', '--eid', '4624', '--tz', 'Europe/Berlin']);
  assert.match(tz.stdout, /2019-03-05 11:00:00\+01:00/);
  assert.equal(runCli(['search', logs, '-k', 'nobody-here']).code, 0, 'no match is not an error');
});

test('csv output goes through the shared writer (formula cells neutralised), -o writes a file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-search-out-'));
  const out = path.join(dir, 'hits.csv');
  const r = runCli(['search', logs, '-k', '203.0.113.9', '--eid', '4625', '-f', 'csv', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const rows = readFileSync(out, 'utf8').trimEnd().split('\r\n');
  assert.equal(rows[0], 'time,host,channel,event_id,path,record,field,value');
  assert.equal(rows.length, 4);
  assert.match(rows.find((x) => x.includes('WEB01'))!, /^2019-03-04T23:59:59.000Z,WEB01\.corp\.example,Security,4625,.*security\.jsonl,2,IpAddress,203\.0\.113\.9$/);
  const formula = runCli(['search', logs, '-r', '^-$', '-f', 'csv']);
  assert.match(formula.stdout, /,IpAddress,'-\r\n/);
});
