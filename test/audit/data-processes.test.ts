/**
 * Process events read with --data feed the least-privilege check as well as the detection one;
 * Winlogbeat-shaped Sysmon events are read like evtx_dump ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runAudit } from '../../src/audit/index.js';
import { AS_OF, tempFiles } from './helpers.js';

const winlogbeat = (image: string, user: string, cmd: string): string => JSON.stringify({
  '@timestamp': '2026-11-20T10:00:00.000Z',
  winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: 1, provider_name: 'Microsoft-Windows-Sysmon', computer_name: 'WEB-IIS07.corp.telco.example', record_id: 77,
    event_data: { Image: image, CommandLine: cmd, User: user, ParentImage: 'C:\\Windows\\System32\\svchost.exe' } },
});

test('a w3wp.exe start as SYSTEM in --data is a high least-privilege gap; an app-pool identity is not', async () => {
  const dir = tempFiles({
    'logs/winlogbeat.jsonl': [
      winlogbeat('C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'NT AUTHORITY\\SYSTEM', 'w3wp.exe -ap "Billing"'),
      winlogbeat('C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'IIS APPPOOL\\Portal', 'w3wp.exe -ap "Portal"'),
      winlogbeat('C:\\Windows\\System32\\cmd.exe', 'NT AUTHORITY\\SYSTEM', 'cmd.exe /c whoami'),
    ].join('\n') + '\n',
  });
  const r = await runAudit({ paths: [], dataPaths: [path.join(dir, 'logs')], asOf: AS_OF });
  const f = r.findings.filter((x) => x.rule.id === 'audit:least-privilege-web-process-as-system');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.rule.level, 'high');
  assert.equal(f[0]!.host, 'WEB-IIS07.corp.telco.example');
  assert.equal(f[0]!.source.record, 1);
  const lp = r.scores.find((s) => s.defence === 'least-privilege')!;
  assert.equal(lp.subjects, 1, 'both w3wp starts are one subject (host + image)');
  assert.equal(lp.score, 0);
  // Sysmon 1 is present, so process creation is not reported missing.
  assert.ok(!r.findings.some((x) => x.matched.source === 'sysmon-1'));
});
