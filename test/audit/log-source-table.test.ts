import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLogSourceTable, parseLogSourceTable } from '../../src/audit/log-source-table.js';

test('the shipped table classifies Sysmon, Security 4688 with and without command lines, Zeek and IIS events', () => {
  const t = loadLogSourceTable();
  assert.deepEqual(t.classify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WS1' }), { count: 'sysmon-1', host: 'WS1' });
  assert.deepEqual(t.classify({ EventID: 22, Provider_Name: 'Microsoft-Windows-Sysmon', Computer: 'WS1' }), { count: 'dns', host: 'WS1' });
  assert.deepEqual(t.classify({ EventID: 4688, Channel: 'Security', CommandLine: 'cmd /c whoami', Computer: 'DC1' }), { count: 'security-4688-cmdline', host: 'DC1' });
  assert.deepEqual(t.classify({ EventID: '4688', Channel: 'Security', CommandLine: '  ', Computer: 'DC1' }), { count: 'no-cmdline', host: 'DC1' });
  assert.deepEqual(t.classify({ EventID: 4688, Channel: 'Application', Computer: 'DC1' }), null, 'a 4688 outside Security is no process audit');
  assert.deepEqual(t.classify({ qtype_name: 'A', query: 'x.example', _system_name: 'zeek1', Computer: 'other' }), { count: 'dns', host: 'zeek1' });
  assert.deepEqual(t.classify({ 'url.path': '/a.aspx', 'event.module': 'IIS', 's-computername': 'WEB1' }), { count: 'iis-w3c', host: 'WEB1' });
  assert.equal(t.classify({ 'url.path': '/a.aspx', 'event.module': 'nginx' }), null);
});

test('a malformed table is an error naming the file and the key', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-lst-'));
  const file = path.join(dir, 'log-sources.yml');
  writeFileSync(file, 'rules:\n  - {source: sysmon-1, eventid: one}\n');
  assert.throws(() => loadLogSourceTable(file), { message: `${file}: rules[0].eventid: not a number` });
  assert.throws(() => parseLogSourceTable({ rules: [{ source: 'sysmon-99' }] }, 'x.yml'), /^DataFileError: x\.yml: rules\[0\]\.source: expected one of sysmon-1/);
  assert.throws(() => parseLogSourceTable({ rules: [{ source: 'dns', chanel: 'x' }] }, 'x.yml'), /x\.yml: rules\[0\]\.chanel: unknown key/);
  writeFileSync(file, 'rules: [\n');
  assert.throws(() => loadLogSourceTable(file), new RegExp(`^DataFileError: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML`));
});
