/**
 * Every EVTX value type rendered as Windows renders it (docs/evtx-rendering.md), pinned on small
 * files built byte by byte, and the Sigma behaviour that depends on it: exact 64-bit integers,
 * byte-exact strings, GUIDs in braces, non-identifier field names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evtxSniffer, iterateEvtxRecords } from '../../src/sources/evtx/index.js';
import { formatRecord } from '../../src/sources/evtx/parallel.js';
import type { HuntEvent } from '../../src/events/event.js';
import { loadYaml, run } from '../sigma/helpers.js';
import { buildFile, ChunkBuilder, v } from './evtx-builder.js';
import type { El, Value } from './evtx-builder.js';

/** An Event with System (EventID, Channel, Computer, EventRecordID, TimeCreated) and named Data of the given types. */
function eventTemplate(names: [string, number][]): El {
  const base = 5;
  return {
    name: 'Event',
    kids: [
      {
        name: 'System',
        kids: [
          { name: 'EventID', kids: [{ sub: 0, type: 0x06 }] },
          { name: 'EventRecordID', kids: [{ sub: 1, type: 0x0a }] },
          { name: 'Channel', kids: [{ sub: 2, type: 0x01 }] },
          { name: 'Computer', kids: [{ sub: 3, type: 0x01 }] },
          { name: 'TimeCreated', attrs: [['SystemTime', [{ sub: 4, type: 0x11 }]]] },
        ],
      },
      { name: 'EventData', kids: names.map(([n, type], i) => ({ name: 'Data', attrs: [['Name', [{ text: n }]]], kids: [{ sub: base + i, type }] })) },
    ],
  };
}

interface Spec {
  id: number;
  channel: string;
  data: [string, Value][];
}

function buildEvtx(specs: Spec[]): Buffer {
  const chunk = new ChunkBuilder();
  specs.forEach((s, i) => {
    const root = eventTemplate(s.data.map(([n, val]) => [n, val.type]));
    chunk.record({ number: i + 1, template: `t${i}`, root, values: [v.u16(s.id), v.u64(BigInt(100 + i)), v.str(s.channel), v.str('WS01'), v.filetime(TICKS + BigInt(i) * 10_000_000n), ...s.data.map(([, val]) => val)] });
  });
  return buildFile([chunk.build()]);
}

const guid = (text: string): Value => {
  // Little-endian Data1..Data3, Data4 as written.
  const h = text.replace(/[{}-]/g, '');
  const le = (s: string): string => s.match(/../g)!.reverse().join('');
  return v.guid(le(h.slice(0, 8)) + le(h.slice(8, 12)) + le(h.slice(12, 16)) + h.slice(16));
};

// 2024-05-06T07:08:09.1234567Z
const TICKS = BigInt(Date.UTC(2024, 4, 6, 7, 8, 9, 123)) * 10000n + 116444736000000000n + 4567n;
const AUDIT_LOGON = '{0CCE9215-69AE-11D9-BED3-505054503030}';
const SPECS: Spec[] = [
  {
    id: 60, channel: 'Microsoft-Windows-Bits-Client/Operational',
    data: [['bandwidthLimit', v.u64(18446744073709551615n)], ['Weight', v.u64(432346388861288956n)], ['Small', v.u64(9007199254740991n)], ['Signed', v.i64(-9223372036854775808n)], ['Peak', v.i64(-9007199254740993n)]],
  },
  {
    id: 4624, channel: 'Security',
    data: [['LogonProcessName', v.str('NtLmSsp ')], ['TargetLogonId', v.hex64(0x3e7n)], ['Status', v.hex32(0)], ['FileName', v.str('C:\\Users\\a\\Downloads\\invoice.pdf ')], ['Padded', v.ansi('Advapi  \0')]],
  },
  { id: 4719, channel: 'Security', data: [['SubcategoryGuid', guid(AUDIT_LOGON)], ['AuditPolicyChanges', v.str('%%8448, %%8450')]] },
  {
    id: 5007, channel: 'Microsoft-Windows-Windows Defender/Operational',
    data: [['Old Value', v.str('')], ['New Value', v.str('HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Temp = 0x0')]],
  },
  {
    id: 1, channel: 'Test/Types',
    data: [
      ['Sid', v.sid(1, 5, [18])],
      ['SidHexAuthority', v.sid(1, 0x010000000000, [7])],
      ['FileTime', v.filetime(BigInt(Date.UTC(2019, 6, 19, 14, 42, 51, 446)) * 10000n + 116444736000000000n + 2809n)],
      ['FileTimeZero', v.filetime(0n)],
      ['SysTime', v.systime(2020, 12, 31, 23, 59, 58, 7)],
      ['Blob', v.binary('00ff10ab')],
      ['Yes', v.bool(true)],
      ['No', v.bool(false)],
      ['Strings', v.strArray(['one', 'two '])],
      ['Words', v.u16Array([1, 2, 65535])],
      ['Guids', v.guidArray(['15 92 ce 0c ae 69 d9 11 be d3 50 50 54 50 30 30'.replace(/ /g, ''), '00112233445566778899aabbccddeeff'])],
      ['Pointer', v.sizeT64(0x1a34n)],
      ['Pointer32', { type: 0x10, bytes: Buffer.from([0x34, 0x1a, 0, 0]) }],
      ['HexMax', v.hex64(0xffffffffffffffffn)],
      ['HexHigh', v.hex64(0x100000000n)],
      ['Hex32Max', v.hex32(0xffffffff)],
      ['Byte', v.i8(-128)],
      ['Real', v.f64(0.1)],
    ],
  },
];

const EXPECTED_DATA: Record<string, unknown>[] = [
  { bandwidthLimit: '18446744073709551615', Weight: '432346388861288956', Small: 9007199254740991, Signed: '-9223372036854775808', Peak: '-9007199254740993' },
  { LogonProcessName: 'NtLmSsp ', TargetLogonId: '0x3e7', Status: '0x0', FileName: 'C:\\Users\\a\\Downloads\\invoice.pdf ', Padded: 'Advapi  ' },
  { SubcategoryGuid: AUDIT_LOGON, AuditPolicyChanges: '%%8448, %%8450' },
  { 'Old Value': '', 'New Value': 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Temp = 0x0' },
  {
    Sid: 'S-1-5-18',
    SidHexAuthority: 'S-1-0x010000000000-7',
    FileTime: '2019-07-19T14:42:51.446280900Z',
    FileTimeZero: '1601-01-01T00:00:00.000000000Z',
    SysTime: '2020-12-31T23:59:58.007000000Z',
    Blob: '00FF10AB',
    Yes: true,
    No: false,
    Strings: 'one,two ',
    Words: '1,2,65535',
    Guids: `${AUDIT_LOGON},{33221100-5544-7766-8899-AABBCCDDEEFF}`,
    Pointer: '0x1a34',
    Pointer32: '0x1a34',
    HexMax: '0xffffffffffffffff',
    HexHigh: '0x100000000',
    Hex32Max: '0xffffffff',
    Byte: -128,
    Real: '0.1',
  },
];

test('every value type renders as Windows renders it, in JSON and XML', () => {
  const records = [...iterateEvtxRecords(buildEvtx(SPECS), { xml: true, onProblem: (p) => assert.fail(JSON.stringify(p)) })];
  assert.equal(records.length, SPECS.length);
  records.forEach((r, i) => {
    assert.deepEqual((r.json.Event as { EventData: unknown }).EventData, EXPECTED_DATA[i], `record ${i}`);
    // XML carries the same text for every value (escaped where needed).
    for (const [name, value] of Object.entries(EXPECTED_DATA[i]!)) {
      const text = String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const el = text === '' ? `<Data Name="${name}"></Data>` : `<Data Name="${name}">${text}</Data>`;
      assert.ok(r.xml!.includes(el), `record ${i}: ${el} in\n${r.xml}`);
    }
  });
  // `cellwatch dump` JSON lines hold the exact digits.
  assert.match(formatRecord(records[0]!, 'jsonl'), /"bandwidthLimit":"18446744073709551615","Weight":"432346388861288956","Small":9007199254740991,/);
});

async function huntEvents(file: Buffer): Promise<HuntEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-evtx-win-'));
  try {
    const path = join(dir, 'a.evtx');
    writeFileSync(path, file);
    const out: HuntEvent[] = [];
    for await (const batch of evtxSniffer.open().read(path, { onProblem: (p) => assert.fail(JSON.stringify(p)) })) out.push(...batch);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rule = (id: string, logsource: string, detection: string): string =>
  `title: ${id}\nid: ${id}\nlevel: high\nlogsource:\n${logsource}\ndetection:\n${detection}\n`;

test('hunt events keep exact 64-bit digits; gt/lte and equality work on them', async () => {
  const events = await huntEvents(buildEvtx(SPECS));
  assert.equal(events[0]!.fields.bandwidthLimit, '18446744073709551615');
  assert.equal(events[0]!.fields.TimeCreated, '2024-05-06T07:08:09.123456700Z');
  assert.equal(events[0]!.time, Date.UTC(2024, 4, 6, 7, 8, 9, 123));
  assert.equal(events[0]!.fields.Weight, '432346388861288956');
  const bits = '    product: windows\n    service: bits-client';
  const set = await loadYaml({
    'unlimited.yml': rule('unlimited', bits, '    sel:\n        bandwidthLimit|gt: 4294967295\n    condition: sel'),
    'small.yml': rule('small', bits, '    sel:\n        bandwidthLimit|lte: 4294967295\n    condition: sel'),
    'weight.yml': rule('weight', bits, '    sel:\n        Weight|gte: 432346388861288000\n        Weight|lt: 432346388861290000\n        Signed|lt: -9223372036854775000\n    condition: sel'),
    'exact.yml': rule('exact', bits, "    sel:\n        bandwidthLimit: '18446744073709551615'\n    condition: sel"),
    'rounded.yml': rule('rounded', bits, "    sel:\n        bandwidthLimit: '18446744073709552000'\n    condition: sel"),
  });
  assert.deepEqual(set.unsupported, []);
  assert.deepEqual(run(set, events).map((f) => f.rule.id).sort(), ['exact', 'unlimited', 'weight']);
});

test('strings keep trailing spaces; GUIDs with braces meet SigmaHQ-style rules', async () => {
  const events = await huntEvents(buildEvtx(SPECS));
  const security = '    product: windows\n    service: security';
  const set = await loadYaml({
    // The exact SigmaHQ value 'NtLmSsp' misses the real 'NtLmSsp ' (as in every engine); startswith reaches it.
    'pth-exact.yml': rule('pth-exact', security, "    sel:\n        EventID: 4624\n        LogonProcessName: 'NtLmSsp'\n    condition: sel"),
    'pth-start.yml': rule('pth-start', security, "    sel:\n        EventID: 4624\n        LogonProcessName|startswith: 'NtLmSsp'\n    condition: sel"),
    'pth-space.yml': rule('pth-space', security, "    sel:\n        EventID: 4624\n        LogonProcessName: 'NtLmSsp '\n        FileName|endswith: '.pdf '\n    condition: sel"),
    // The high-level audit rule names the subcategory by its braced GUID; the low-level one filters it out.
    'audit-high.yml': rule('audit-high', security, "    sel:\n        EventID: 4719\n        SubcategoryGuid: '{0CCE9215-69AE-11D9-BED3-505054503030}'\n        AuditPolicyChanges|contains: '%%8448'\n    condition: sel"),
    'audit-low.yml': rule('audit-low', security, "    sel:\n        EventID: 4719\n        AuditPolicyChanges|contains: '%%8448'\n    filter:\n        SubcategoryGuid: '{0CCE9215-69AE-11D9-BED3-505054503030}'\n    condition: sel and not filter"),
  });
  assert.deepEqual(set.unsupported, []);
  assert.deepEqual(run(set, events).map((f) => f.rule.id).sort(), ['audit-high', 'pth-space', 'pth-start']);
});

test('a rule field without punctuation reads a Windows field name with it; findings keep the name', async () => {
  const events = await huntEvents(buildEvtx(SPECS));
  const set = await loadYaml({
    'excl.yml': rule('excl', '    product: windows\n    service: windefend', "    sel:\n        EventID: 5007\n        NewValue|contains: '\\Microsoft\\Windows Defender\\Exclusions'\n    condition: sel"),
  });
  const found = run(set, events);
  assert.deepEqual(found.map((f) => f.rule.id), ['excl']);
  assert.deepEqual(found[0]!.matched, { EventID: 5007, 'New Value': 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Temp = 0x0' });
  assert.deepEqual(Object.keys(found[0]!.event as object), Object.keys(events[3]!.fields), 'the event is output with its own names only');
  assert.equal(JSON.stringify(found[0]!.event).includes('NewValue'), false);
});

test('value_sum adds 64-bit digit strings', async () => {
  const events = await huntEvents(buildEvtx(SPECS.slice(0, 1)));
  const set = await loadYaml({
    'base.yml': rule('bits', '    product: windows\n    service: bits-client', '    sel:\n        EventID: 60\n    condition: sel'),
    'sum.yml': 'title: Big total\nid: sum\ncorrelation: {type: value_sum, rules: [bits], group-by: [Computer], timespan: 1h, condition: {field: Weight, gt: 400000000000000000}}\n',
  });
  const found = run(set, events).filter((f) => f.rule.id === 'sum');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.matched.sum, 432346388861288956);
});
