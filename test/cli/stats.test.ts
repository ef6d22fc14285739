import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot, runCli } from './run-cli.js';
import { writeScopeFixture } from './scope-fixture.js';
import { logonOf } from '../../src/engine/logon-events.js';

const { logs } = writeScopeFixture();
type Row = Record<string, string | number>;
const rows = (args: string[]): Row[] => {
  const r = runCli(['stats', logs, '-f', 'jsonl', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
};
const section = (all: Row[], name: string): Row[] => all.filter((r) => r.section === name);

test('stats counts events per canonical host (first/last), channel, Event ID and day', () => {
  const all = rows([]);
  assert.deepEqual(section(all, 'host'), [
    { section: 'host', host: 'WEB01.corp.example', aliases: 'WEB01', count: 5, first: '2019-03-04T08:00:00.000Z', last: '2019-03-05T11:00:01.000Z' },
    { section: 'host', host: 'DC01.corp.example', aliases: '', count: 3, first: '2019-03-04T09:00:00.000Z', last: '2019-03-06T09:00:05.000Z' },
  ]);
  assert.deepEqual(section(all, 'channel'), [{ section: 'channel', channel: 'Security', count: 8 }]);
  assert.deepEqual(section(all, 'eventid').map((r) => [r.event_id, r.count]), [[4624, 4], [4625, 3], [4688, 1]]);
  assert.deepEqual(section(all, 'day').map((r) => [r.day, r.count]), [['2019-03-04', 3], ['2019-03-05', 3], ['2019-03-06', 2]]);
  // Days follow --tz: 23:59:59 UTC on the 4th is the 5th in Berlin.
  assert.deepEqual(section(rows(['--tz', 'Europe/Berlin']), 'day').map((r) => [r.day, r.count]), [['2019-03-04', 2], ['2019-03-05', 4], ['2019-03-06', 2]]);
});

test('the logon summary splits by host, user, type, source and outcome; RDP is logon type 10', () => {
  const logons = section(rows([]), 'logon');
  const key = (r: Row): string => [r.host, r.event_id, r.outcome, r.kind, r.user, r.logon_type, r.source, r.count].join(' ');
  assert.deepEqual(logons.map(key).sort(), [
    'DC01.corp.example 4624 success windows CORP\\alice 3 10.0.0.5 1',
    'DC01.corp.example 4625 failure windows CORP\\mallory 3 203.0.113.9 2',
    'WEB01.corp.example 4624 success rdp CORP\\mallory 10 203.0.113.9 1',
    'WEB01.corp.example 4624 success windows CORP\\alice 3 10.0.0.5 1',
    'WEB01.corp.example 4624 success windows CORP\\bob 3 10.0.0.6 1',
    'WEB01.corp.example 4625 failure windows CORP\\mallory 3 203.0.113.9 1',
  ]);
  const table = runCli(['stats', logs, '--eid', '4624,4625']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^Logons \(7 records: 4 successful, 3 failed\)$/m);
  assert.match(table.stderr, /read 3 files, 8 events \(0 outside --from\/--to, 1 filtered by host\/channel\/eid\)/);
});

test('sshd lines and RDP 1149 are logons too', () => {
  const ssh = logonOf({ program: 'sshd', message: 'Failed password for invalid user admin from 198.51.100.7 port 40022 ssh2' });
  assert.deepEqual(ssh, { event: 'ssh', outcome: 'failure', kind: 'ssh', user: 'admin', logonType: 'password', source: '198.51.100.7' });
  const rdp = logonOf({ EventID: 1149, Channel: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational', Param1: 'eve', Param2: 'CORP', Param3: '198.51.100.8' });
  assert.deepEqual(rdp, { event: '1149', outcome: 'success', kind: 'rdp', user: 'CORP\\eve', logonType: '10', source: '198.51.100.8' });
  assert.equal(logonOf({ EventID: 1149, Channel: 'Application' }), null);
  assert.equal(logonOf({ program: 'sshd', message: 'Received disconnect from 10.0.0.1' }), null);
});

test('stats on the shipped example: SSH logons from the Linux server in CSV, restricted by --host', () => {
  const soft = path.join(repoRoot, 'examples', 'soft-cell');
  const csv = runCli(['stats', soft, '-f', 'csv', '--host', 'app-wf03', '-q']);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trimEnd().split('\r\n');
  assert.equal(lines[0], 'section,host,aliases,channel,event_id,day,outcome,kind,user,logon_type,source,count,first,last');
  // One machine: its syslog/auditd name, its address and the folder of its access log (APP-WF03).
  assert.ok(lines.some((l) => /^logon,APP-WF03,,,ssh,,success,ssh,nadia,publickey,10\.20\.9\.15,\d+,/.test(l)), lines.join('\n'));
  assert.ok(lines.filter((l) => l.startsWith('host,')).every((l) => l.startsWith('host,APP-WF03,172.16.10.13 app-wf03,')));
  assert.ok(lines.some((l) => /^channel,,,access,/.test(l)), 'the access log counts under its host');
  assert.equal(runCli(['stats', 'no/such/dir']).code, 2);
});
