/**
 * A small multi-host log set for the scope, search and stats tests, written to a temp folder:
 * Windows Security events as flat JSON lines (Computer, Channel, EventID, TimeCreated…), one host
 * named by its FQDN in one file and by its short name in another (so canonical hosts matter),
 * plus a Sigma rule that fires on every 4624 and 4625.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Ev { host: string; eid: number; time: string; user: string; ip: string; type?: number; channel?: string; image?: string }

const line = (e: Ev): string => JSON.stringify({
  TimeCreated: e.time, Computer: e.host, Channel: e.channel ?? 'Security', EventID: e.eid, Provider_Name: 'Microsoft-Windows-Security-Auditing',
  TargetUserName: e.user, TargetDomainName: 'CORP', LogonType: e.type ?? 3, IpAddress: e.ip,
  ...(e.image ? { NewProcessName: e.image } : {}),
});

export const EVENTS: Record<string, Ev[]> = {
  'web01/security.jsonl': [
    { host: 'WEB01.corp.example', eid: 4624, time: '2019-03-04T08:00:00Z', user: 'alice', ip: '10.0.0.5' },
    { host: 'WEB01.corp.example', eid: 4625, time: '2019-03-04T23:59:59Z', user: 'mallory', ip: '203.0.113.9' },
    { host: 'WEB01.corp.example', eid: 4624, time: '2019-03-05T10:00:00Z', user: 'mallory', ip: '203.0.113.9', type: 10 },
  ],
  'web01/app.jsonl': [
    { host: 'WEB01', eid: 4624, time: '2019-03-05T11:00:00Z', user: 'bob', ip: '10.0.0.6' },
    { host: 'WEB01', eid: 4688, time: '2019-03-05T11:00:01Z', user: 'bob', ip: '-', image: 'C:\\Windows\\System32\\whoami.exe' },
  ],
  'dc01/security.jsonl': [
    { host: 'DC01.corp.example', eid: 4624, time: '2019-03-04T09:00:00Z', user: 'alice', ip: '10.0.0.5' },
    { host: 'DC01.corp.example', eid: 4625, time: '2019-03-06T09:00:00Z', user: 'mallory', ip: '203.0.113.9' },
    { host: 'DC01.corp.example', eid: 4625, time: '2019-03-06T09:00:05Z', user: 'mallory', ip: '203.0.113.9' },
  ],
};

const RULE = `title: Logon seen
id: 5a0f5a4e-3b1e-4e4e-9a51-7b3c2e1d0a01
status: test
logsource: {product: windows, service: security}
detection:
  selection:
    EventID: [4624, 4625]
  condition: selection
level: low
`;

/** Writes the logs under `<dir>/logs` and the rule under `<dir>/rules`; returns both paths. */
export function writeScopeFixture(): { logs: string; rules: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-scope-'));
  const logs = path.join(dir, 'logs');
  for (const [rel, events] of Object.entries(EVENTS)) {
    mkdirSync(path.dirname(path.join(logs, rel)), { recursive: true });
    writeFileSync(path.join(logs, rel), events.map(line).join('\n') + '\n');
  }
  const rules = path.join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(path.join(rules, 'logon.yml'), RULE);
  return { logs, rules };
}
