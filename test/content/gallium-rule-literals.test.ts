/**
 * Prefix collisions in the literals of the shipped GALLIUM rules (issue 9): a sub-command or
 * switch written without its end matches longer words ('net use' in 'net user'). Each fixed rule
 * stays silent on the colliding command and still fires on what it is for.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { EventFields, HuntEvent } from '../../src/events/event.js';
import { loadSigmaRules, type SigmaRuleSet } from '../../src/sigma/index.js';
import { galliumRules } from './hunt-helper.js';

let set: SigmaRuleSet;
before(async () => {
  set = await loadSigmaRules([galliumRules]);
});

/** Titles of the rules that fire on one Sysmon process-creation event. */
function fired(image: string, commandLine: string, extra: EventFields = {}): string[] {
  return firedOn({
    Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Computer: 'APP07.corp.example',
    Image: image, CommandLine: commandLine, ParentImage: 'C:\\Windows\\System32\\cmd.exe', User: 'CORP\\alice', ...extra,
  });
}

/** Titles of the rules that fire on one event. */
function firedOn(fields: EventFields): string[] {
  const event: HuntEvent = { fields, raw: fields, time: Date.parse('2019-03-04T10:22:31Z'), source: { path: 'sysmon.evtx', record: 1, format: 'evtx' } };
  const titles: string[] = [];
  const d = set.createDetector();
  d.examine(event, (f) => titles.push(f.rule.title));
  d.finish?.((f) => titles.push(f.rule.title));
  return titles;
}

const NET = 'C:\\Windows\\System32\\net.exe';
const CONNECTIONS = 'Listing of Network Connections With Owning Processes';
const SCAN = 'NetBIOS or Subnet Scanner Run Against an Address Range';
const USERS = 'Logged-On User Discovery From a Service or Web Application Context';
const SERVICE = 'Service Installed From a Staging Folder or as a Shell Command';

describe('GALLIUM rule literals do not match longer words', () => {
  it(`${CONNECTIONS}: not 'net user … /add', still 'net use' and 'net session'`, () => {
    assert.ok(!fired(NET, 'net user helpdesk P@ss1 /add').includes(CONNECTIONS));
    assert.ok(!fired(NET, 'net.exe users').includes(CONNECTIONS));
    assert.ok(!fired(NET, 'net sessions_backup').includes(CONNECTIONS));
    assert.ok(fired(NET, 'net use').includes(CONNECTIONS));
    assert.ok(fired(NET, 'net use Z: \\\\fs01\\cdr$ /persistent:no').includes(CONNECTIONS));
    assert.ok(fired(NET, '"C:\\Windows\\system32\\net.exe" session').includes(CONNECTIONS));
  });

  it(`${SCAN}: not a bare 'net view' or one ping, still loops over addresses and CIDR arguments`, () => {
    assert.ok(!fired(NET, 'net view').includes(SCAN));
    assert.ok(!fired(NET, 'net view /domain:CORP').includes(SCAN));
    assert.ok(!fired('C:\\Windows\\System32\\cmd.exe', 'cmd /c for /l %i in (1,1,3) do echo mapping %i').includes(SCAN));
    assert.ok(fired('C:\\Windows\\System32\\cmd.exe', 'cmd /c for /l %i in (1,1,254) do @ping -n 1 -w 100 10.2.0.%i').includes(SCAN));
    assert.ok(fired('C:\\Windows\\System32\\cmd.exe', 'cmd /c "for /l %i in (1,1,254) do net view \\\\10.2.0.%i"').includes(SCAN));
    assert.ok(fired('C:\\Windows\\System32\\cmd.exe', 'cmd /c for /l %i in (1,1,254) do ping -n 1 10.2.0.%i').includes(SCAN));
    assert.ok(fired('C:\\ProgramData\\nb.exe', 'nb.exe 10.2.0.0/24').includes(SCAN));
  });

  it(`${USERS}: 'query user', not 'query username' lookalikes`, () => {
    const query = 'C:\\Windows\\System32\\query.exe';
    assert.ok(!fired(query, 'query.exe userinit').includes(USERS));
    assert.ok(fired(query, 'query.exe user').includes(USERS));
    assert.ok(fired(query, 'query user /server:APP07').includes(USERS));
  });

  it(`${SERVICE}: cmd.exe itself, not a service binary whose name ends in 'cmd.exe'`, () => {
    const service = (imagePath: string): string[] =>
      firedOn({ Channel: 'System', Provider_Name: 'Service Control Manager', EventID: 7045, ServiceName: 'svc', ImagePath: imagePath, Computer: 'APP07' });
    assert.ok(!service('C:\\Program Files\\Vendor\\RemCmd.exe').includes(SERVICE));
    assert.ok(service('C:\\Windows\\System32\\cmd.exe').includes(SERVICE));
    assert.ok(service('cmd.exe').includes(SERVICE));
    assert.ok(service('"C:\\Windows\\System32\\cmd.exe"').includes(SERVICE));
  });
});
