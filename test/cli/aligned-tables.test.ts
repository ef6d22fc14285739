/**
 * Text tables for people: coverage rows sorted by technique id with sub-techniques named with
 * their parent; the attack chain aligned whatever the length of hosts and rule titles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

test('coverage table: rows in technique order, sub-techniques named with their parent, names aligned', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-cov-'));
  const techniques = path.join(dir, 'techniques.json');
  writeFileSync(techniques, JSON.stringify({ techniques: [
    { id: 'T1505.003', name: 'Web Shell', tactics: ['persistence'] },
    { id: 'T1003.001', name: 'LSASS Memory', tactics: ['credential-access'] },
    { id: 'T1003', name: 'OS Credential Dumping', tactics: ['credential-access'] },
    { id: 'T1046', name: 'Network Service Discovery', tactics: ['discovery'] },
  ] }));
  const r = runCli(['coverage', '--techniques', techniques], { env: { COLUMNS: '120' } });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => /^T\d{4}/.test(l));
  assert.deepEqual(rows.map((l) => l.split(' ')[0]), ['T1003', 'T1003.001', 'T1046', 'T1505.003']);
  assert.match(rows[1]!, /^T1003\.001 +OS Credential Dumping: LSASS Memory +\d+ /);
  assert.match(rows[3]!, /^T1505\.003 +Server Software Component: Web Shell +\d+ /);
  const header = r.stdout.split('\n')[0]!;
  const rulesEnd = header.indexOf('rules') + 'rules'.length;
  for (const l of rows) assert.match(l.slice(rulesEnd - 2, rulesEnd + 2), /^[\d ]\d {2}$/, `the rules column lines up:\n${header}\n${rows.join('\n')}`);
});

test('attack chain: columns line up for long hosts and long rule titles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-chain-'));
  const rule = (id: string, title: string, tag: string, needle: string): string => `title: ${title}
id: ${id}
status: test
tags: [${tag}]
logsource: {category: process_creation, product: windows}
detection:
    sel:
        CommandLine|contains: '${needle}'
    condition: sel
level: high
`;
  const event = (host: string, cmd: string, time: string): string => JSON.stringify({ Event: {
    System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, TimeCreated: { '#attributes': { SystemTime: time } }, EventRecordID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: host },
    EventData: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: cmd },
  } });
  const ruleFile = path.join(dir, 'chain.yml');
  writeFileSync(ruleFile, [
    rule('4f1c2d3e-1111-4aaa-8bbb-000000000001', 'Short', 'attack.t1016', 'ipconfig'),
    rule('4f1c2d3e-1111-4aaa-8bbb-000000000002', 'A Rule Title That Is Much Longer Than Sixty Characters To Break Old Padding', 'attack.t1049', 'netstat'),
  ].join('---\n'));
  const logFile = path.join(dir, 'events.jsonl');
  writeFileSync(logFile, [
    event('CUSTOMER-CARE-APPLICATION-SERVER-07', 'ipconfig /all', '2019-03-04T10:00:00.000Z'),
    event('WS1', 'netstat -ano', '2019-03-04T10:01:00.000Z'),
  ].join('\n'));
  const r = runCli(['hunt', logFile, '--no-builtin', '--rules', ruleFile, '--no-progress', '-f', 'jsonl']);
  assert.equal(r.code, 0, r.stderr);
  const chain = r.stderr.split('Attack chain')[1]!.split('\n').filter((l) => /^ {2}2019/.test(l));
  assert.equal(chain.length, 2);
  assert.deepEqual(chain.map((l) => l.indexOf('T10')), [chain[0]!.indexOf('T1016'), chain[0]!.indexOf('T1016')]);
  assert.match(chain[0]!, /CUSTOMER-CARE-APPLICATION-SERVER-07 Short +T1016$/);
});
