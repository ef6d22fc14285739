import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenRecord, flattenWindowsEvent, flattenWinlogbeat, MAX_NESTING, NestingTooDeep } from '../../src/events/flatten.js';
import { nestedDeeperThan } from '../../src/events/json-depth.js';

const sysmon = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
      EventID: 1,
      Level: 4,
      TimeCreated: { '#attributes': { SystemTime: '2019-03-04T10:22:31.120456Z' } },
      EventRecordID: 4211,
      Correlation: null,
      Execution: { '#attributes': { ProcessID: 3208, ThreadID: 1724 } },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'WEB-IIS01.corp.telco.example',
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: {
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd /c whoami',
      ParentImage: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe',
      ProcessId: 7732,
    },
  },
};

test('evtx_dump JSON flattens System and EventData the way Sigma rules expect', () => {
  const f = flattenWindowsEvent(sysmon);
  assert.equal(f.EventID, 1);
  assert.equal(f.Channel, 'Microsoft-Windows-Sysmon/Operational');
  assert.equal(f.Provider_Name, 'Microsoft-Windows-Sysmon');
  assert.equal(f.Computer, 'WEB-IIS01.corp.telco.example');
  assert.equal(f.TimeCreated, '2019-03-04T10:22:31.120456Z');
  assert.equal(f.EventRecordID, 4211);
  assert.equal(f.ProcessID, 3208);
  assert.equal(f.UserID, 'S-1-5-18');
  assert.equal(f.Image, 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(f.ProcessId, 7732);
  assert.equal(f.Correlation, undefined);
});

test('EventID with Qualifiers attribute yields the number and the qualifiers', () => {
  const f = flattenWindowsEvent({
    Event: { System: { EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7045 }, Channel: 'System' }, EventData: { ServiceName: 'PSEXESVC' } },
  });
  assert.equal(f.EventID, 7045);
  assert.equal(f.Qualifiers, 16384);
  assert.equal(f.ServiceName, 'PSEXESVC');
});

test('UserData children become fields; EventData cannot overwrite core System fields', () => {
  const f = flattenWindowsEvent({
    Event: {
      System: { EventID: 5857, Channel: 'Microsoft-Windows-WMI-Activity/Operational', Computer: 'DC01' },
      UserData: { Operation_StartedOperational: { '#attributes': { xmlns: 'x' }, ProviderName: 'WmiPerfClass', Computer: 'EVIL' } },
    },
  });
  assert.equal(f.ProviderName, 'WmiPerfClass');
  assert.equal(f.Computer, 'DC01');
  assert.equal(f.EventData_Computer, 'EVIL');
});

test('Winlogbeat records map winlog.* to Windows names and keep ECS fields dotted', () => {
  const f = flattenWinlogbeat({
    '@timestamp': '2019-03-04T10:22:31.120Z',
    event: { code: '4688' },
    host: { name: 'cdr-db01' },
    winlog: {
      channel: 'Security', provider_name: 'Microsoft-Windows-Security-Auditing', computer_name: 'CDR-DB01.corp',
      record_id: 99, event_data: { NewProcessName: 'C:\\Windows\\rar.exe', CommandLine: 'rar a -hpX c.rar' },
    },
  });
  assert.equal(f.EventID, 4688);
  assert.equal(f.Channel, 'Security');
  assert.equal(f.Computer, 'CDR-DB01.corp');
  assert.equal(f.NewProcessName, 'C:\\Windows\\rar.exe');
  assert.equal(f['host.name'], 'cdr-db01');
  assert.equal(f.EventRecordID, 99);
});

test('flattenRecord picks the shape: nested generic objects use dotted keys, arrays stay arrays', () => {
  const f = flattenRecord({ ts: 1551694951.12, id: { orig_h: '10.1.2.3' }, answers: ['a', 'b'] });
  assert.equal(f['id.orig_h'], '10.1.2.3');
  assert.deepEqual(f.answers, ['a', 'b']);
  assert.equal(flattenRecord(sysmon).Image, 'C:\\Windows\\System32\\cmd.exe');
  assert.deepEqual(flattenRecord('plain'), { value: 'plain' });
});

test('flattenRecord refuses records nested past MAX_NESTING with NestingTooDeep, in objects and arrays', () => {
  const deepObject = JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) as unknown;
  const deepArray = JSON.parse(`{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`) as unknown;
  const deepInEventData = { Event: { System: { EventID: 1 }, EventData: { v: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) as unknown } } };
  for (const r of [deepObject, deepArray, deepInEventData]) assert.throws(() => flattenRecord(r), NestingTooDeep);
  const ok = JSON.parse(`${'{"a":'.repeat(MAX_NESTING)}1${'}'.repeat(MAX_NESTING)}`) as unknown;
  assert.equal(flattenRecord(ok)[Array.from({ length: MAX_NESTING }, () => 'a').join('.')], 1);
});

/** `levels` objects nested one in another, innermost holding 1. */
function nest(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

test('the nesting bound is checked in the one flattening walk, also in parts flattening skips', () => {
  // Every place a record can hide depth: the answer must be the separate walk's (nestedDeeperThan).
  const placements: Array<(v: unknown) => unknown> = [
    (v) => ({ Event: { System: { EventID: 1 }, EventData: {} }, beside: v }),
    (v) => ({ Event: { '#attributes': v, System: { EventID: 1 } } }),
    (v) => ({ Event: { System: { Provider: { '#attributes': { Name: v } } } } }),
    (v) => ({ Event: { System: { '#attributes': v, EventID: 1 } } }),
    (v) => ({ Event: { System: { EventID: 1 }, EventData: { '#attributes': v, x: 1 } } }),
    (v) => ({ Event: { System: { EventID: 1 }, EventData: null, UserData: { Wrapper: { x: v } } } }),
    (v) => ({ Event: { System: { EventID: 1 }, UserData: { '#attributes': v } } }),
    (v) => ({ Event: { System: { EventID: 1 }, EventData: [v] } }),
    (v) => ({ Event: { System: { EventID: 1 }, RenderingInfo: { Message: v } } }),
    (v) => ({ System: { EventID: 1 }, EventData: { x: v } }),
    (v) => ({ winlog: { event_data: { x: v } } }),
    (v) => ({ list: [[v]] }),
    (v) => [v],
  ];
  placements.forEach((place, i) => {
    for (let levels = MAX_NESTING - 8; levels <= MAX_NESTING; levels++) {
      const record = place(nest(levels));
      let threw = false;
      try {
        flattenRecord(record);
      } catch (err) {
        assert.ok(err instanceof NestingTooDeep);
        threw = true;
      }
      assert.equal(threw, nestedDeeperThan(record, MAX_NESTING), `placement ${i}, ${levels} levels`);
    }
  });
});

test('records of one kind flatten to the same fields in the same order, the first time and once cached', () => {
  const first = flattenWindowsEvent(sysmon);
  for (let i = 0; i < 6; i++) {
    const again = flattenRecord(sysmon);
    assert.deepEqual(Object.entries(again), Object.entries(first));
  }
  // A field of EventData named like a System field keeps System's place and takes EventData's value.
  const clash = { Event: { System: { EventID: 4, Level: 4, Channel: 'Security' }, EventData: { Level: 'High', Channel: 'x' } } };
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(Object.entries(flattenRecord(clash)), [['EventID', 4], ['Level', 'High'], ['Channel', 'Security'], ['EventData_Channel', 'x']]);
  }
});
