import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingDetails } from '../../src/findings/finding-details.js';
import { findingCsvRow } from '../../src/findings/sinks/csv-sink.js';
import type { Finding } from '../../src/findings/finding.js';

function finding(event: Record<string, unknown>, format = 'jsonl'): Finding {
  return {
    ts: '2019-03-04T10:22:31.120Z', detector: 'sigma', rule: { id: 'r1', title: 'T', level: 'high' }, attack: [], host: 'WEB-IIS01',
    source: { path: 'x', record: 1, format }, matched: {}, event,
  };
}

test('details pick the key fields of each event type, from the shipped table', () => {
  const cases: [Record<string, unknown>, string, Partial<ReturnType<typeof findingDetails>>][] = [
    [{ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', User: 'CORP\\adm', Image: 'C:\\w\\cmd.exe', CommandLine: 'cmd /c whoami', TargetFilename: 'not this' }, 'jsonl',
      { eventId: '1', channel: 'Microsoft-Windows-Sysmon/Operational', user: 'CORP\\adm', details: 'cmd /c whoami' }],
    [{ EventID: 11, TargetFilename: 'C:\\inetpub\\wwwroot\\errorEE.aspx' }, 'evtx', { eventId: '11', details: 'C:\\inetpub\\wwwroot\\errorEE.aspx' }],
    [{ EventID: 22, QueryName: 'rosaf112.ddns.net' }, 'evtx', { details: 'rosaf112.ddns.net' }],
    [{ EventID: 3, DestinationIp: '2.58.242.231', DestinationPort: 443 }, 'evtx', { details: '2.58.242.231:443' }],
    [{ _path: 'conn', uid: 'C1x', 'id.resp_h': '2.58.242.230', 'id.resp_p': 8080 }, 'zeek', { channel: 'conn', user: '', details: '2.58.242.230:8080' }],
    [{ 'cs-method': 'POST', 'cs-uri-stem': '/errorEE.aspx', 'cs-uri-query': '', 'cs-username': '-' }, 'w3c', { user: '-', details: 'POST /errorEE.aspx' }],
    [{ EventID: 4624, TargetUserName: 'adm.eriksen', LogonType: 3, IpAddress: '172.16.10.11' }, 'evtx', { user: 'adm.eriksen', details: '3 172.16.10.11' }],
    [{ something: 'else' }, 'csv', { eventId: '', channel: '', user: '', details: '' }],
  ];
  for (const [event, format, want] of cases) {
    const got = findingDetails(finding(event, format));
    for (const [k, v] of Object.entries(want)) assert.equal(got[k as keyof typeof got], v, `${k} of ${JSON.stringify(event)}`);
  }
});

test('the csv row ends with event_id, channel, user, details; a details cell that starts a formula is neutralised', () => {
  const row = findingCsvRow(finding({ EventID: 4104, Channel: 'Microsoft-Windows-PowerShell/Operational', ScriptBlockText: '=cmd|" /c calc"!A0' }));
  assert.ok(row.endsWith(`,4104,Microsoft-Windows-PowerShell/Operational,,"'=cmd|"" /c calc""!A0"\r\n`), row);
});
