import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { caughtUp, getFindings, startServe, type Running } from './serve-helpers.js';

const BURST = 'd5fd0b28-a6e1-498b-9f2c-34adcbd83d31'; // built-in: 4 different discovery tools on one host in 10 min
const T0 = Date.parse('2026-11-28T22:00:00Z');

function sysmon(seconds: number, image: string, host: string): Record<string, unknown> {
  return {
    '@timestamp': new Date(T0 + seconds * 1000).toISOString(), agent: { type: 'winlogbeat' }, event: { code: '1' },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: '1',
      computer_name: host, record_id: String(seconds),
      event_data: { Image: `C:\\Windows\\System32\\${image}`, CommandLine: image, User: 'CORP\\j.doe' },
    },
  };
}

async function send(r: Running, events: Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${r.base}/api/v1/events`, {
    method: 'POST', body: events.map((e) => JSON.stringify(e)).join('\n'), headers: { Authorization: `Bearer ${r.token}` },
  });
  assert.equal(res.status, 200);
  await caughtUp(r);
}

// A jump host whose admins run discovery tools all day, and a monitoring agent that runs hostname.exe.
const filter = (images: string[]): string => `title: Known discovery noise
id: 6a1d1c0e-2f3b-4c5d-8e9f-0a1b2c3d4e5f
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - gallium_discovery_command
    jump_host:
        Computer|startswith: 'ADMIN-JUMP'
    agent:
        Image|endswith:${images.map((i) => `\n            - '\\${i}'`).join('') || " '\\never-matches.exe'"}
    condition: not jump_host and not agent
`;

test('serve --filters suppresses findings, and a filter changed and reloaded (SIGHUP path) keeps correlation state', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-serve-filters-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'noise.yml');
  writeFileSync(file, filter([]));
  const r = await startServe(t, { latenessMs: 30_000, detectors: { rulePaths: [], intelFiles: [], noBuiltin: false, filterPaths: [dir] } });
  await send(r, [
    sysmon(0, 'whoami.exe', 'WS-0142'), sysmon(10, 'ipconfig.exe', 'WS-0142'),
    sysmon(1, 'whoami.exe', 'ADMIN-JUMP01'), sysmon(2, 'ipconfig.exe', 'ADMIN-JUMP01'), sysmon(3, 'netstat.exe', 'ADMIN-JUMP01'), sysmon(4, 'nltest.exe', 'ADMIN-JUMP01'),
  ]);

  // The agent's hostname.exe becomes known noise: edit the filter and reload, as SIGHUP does.
  writeFileSync(file, filter(['hostname.exe']));
  await r.app.reload();
  await send(r, [sysmon(20, 'netstat.exe', 'WS-0142'), sysmon(25, 'hostname.exe', 'WS-0142'), sysmon(30, 'nltest.exe', 'WS-0142')]);
  await send(r, [sysmon(70, 'svchost.exe', 'OTHER')]); // moves the watermark past 30 s
  const all = await getFindings(r);
  const burst = all.filter((f) => f.rule.id === BURST);
  assert.deepEqual(burst.map((f) => f.host), ['WS-0142'], 'the jump host (4 tools at 1-4 s) is filtered out; WS-0142 fires once');
  assert.equal(burst[0]!.matched['value_count'], 4, 'whoami and ipconfig from before the reload count; hostname.exe is filtered after it (else 5)');
  assert.ok(r.lines.some((l) => /detectors: \d+ Sigma rules/.test(l)));
});
