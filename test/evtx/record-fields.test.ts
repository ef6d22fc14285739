/**
 * The hunt's EVTX fields made straight from template field plans (record-fields.ts) equal the JSON
 * path, flattenWindowsEvent(renderRecordJson(…)), record by record: fields in order, EventRecordID,
 * time and problems. Records are built byte by byte (evtx-builder.ts), in the shapes Windows
 * writes and in awkward ones; and, when ../shared is there, every record of the attack samples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EvtxEventReader, iterateEvtxRecords } from '../../src/sources/evtx/index.js';
import type { EvtxRecord } from '../../src/sources/evtx/index.js';
import { ChunkContext } from '../../src/sources/evtx/chunk-context.js';
import { CHUNK_HEADER_SIZE, RECORD_HEADER_SIZE, recordSizeAt } from '../../src/sources/evtx/chunk.js';
import { parseBinXml } from '../../src/sources/evtx/binxml.js';
import { planRecordFields } from '../../src/sources/evtx/record-fields.js';
import type { RecordFieldFacts } from '../../src/sources/evtx/record-fields.js';
import { flattenWindowsEvent } from '../../src/events/flatten.js';
import type { ReadProblem } from '../../src/sources/reader.js';
import type { HuntEvent } from '../../src/events/event.js';
import { buildFile, ChunkBuilder, nestedBinXml, nestedTemplate, SYSMON_PROCESS_CREATION, v } from './evtx-builder.js';
import type { El, Value } from './evtx-builder.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const samples = path.resolve(repoRoot, '..', 'shared', 'corpus', 'evtx-attack-samples');

interface Read {
  records: EvtxRecord[];
  problems: ReadProblem[];
}

function read(input: string | Buffer, fields: boolean): Read {
  const problems: ReadProblem[] = [];
  const records = [...iterateEvtxRecords(input, { fields, onProblem: (p) => problems.push(p) })];
  return { records, problems };
}

/** Both paths give the same records; returns how many there were. */
function assertSamePaths(input: string | Buffer, label: string): number {
  const json = read(input, false);
  const direct = read(input, true);
  assert.deepEqual(direct.problems, json.problems, `${label}: problems`);
  assert.equal(direct.records.length, json.records.length, `${label}: record count`);
  json.records.forEach((a, i) => {
    const b = direct.records[i]!;
    const expected = flattenWindowsEvent(a.json);
    // Key order is part of the contract (findings print events as they are).
    assert.deepEqual(Object.keys(b.fields!), Object.keys(expected), `${label} record ${i}: field order`);
    assert.deepEqual(b.fields, expected, `${label} record ${i}: fields`);
    assert.equal(b.eventRecordId, a.eventRecordId, `${label} record ${i}: EventRecordID`);
    assert.ok(Object.is(b.time, a.time), `${label} record ${i}: time ${b.time} vs ${a.time}`);
    assert.equal(b.recordNumber, a.recordNumber);
    assert.deepEqual(b.json, {});
  });
  return json.records.length;
}

/** For each active record of a chunk: whether its fields came from a plan (not the JSON path). */
function planned(chunk: Buffer): boolean[] {
  const ctx = new ChunkContext(chunk);
  const out: boolean[] = [];
  const facts: RecordFieldFacts = { recordId: null, systemTime: null };
  const free = chunk.readUInt32LE(48);
  for (let pos = CHUNK_HEADER_SIZE; ;) {
    const size = recordSizeAt(chunk, pos, free);
    if (size === 0) break;
    let ok = false;
    try {
      const { nodes } = parseBinXml(ctx, pos + RECORD_HEADER_SIZE, pos + size - 4, false, 0);
      ok = planRecordFields(ctx, nodes, facts) !== null;
    } catch {
      ok = false;
    }
    out.push(ok);
    pos += size;
  }
  return out;
}

const provider = (name: string): El => ({ name: 'Provider', attrs: [['Name', [{ text: name }]], ['Guid', [{ sub: 0, type: 0x0f }]]] });

/** The System block most Windows templates share; substitutions 0-5. */
const SYSTEM: El = {
  name: 'System',
  kids: [
    provider('Microsoft-Windows-Security-Auditing'),
    { name: 'EventID', kids: [{ sub: 1, type: 0x06 }] },
    { name: 'TimeCreated', attrs: [['SystemTime', [{ sub: 2, type: 0x11 }]]] },
    { name: 'EventRecordID', kids: [{ sub: 3, type: 0x0a }] },
    { name: 'Correlation', attrs: [['ActivityID', [{ sub: 4, type: 0x0f, optional: true }]], ['RelatedActivityID', [{ sub: 4, type: 0x0f, optional: true }]]] },
    { name: 'Execution', attrs: [['ProcessID', [{ sub: 5, type: 0x08 }]], ['ThreadID', [{ sub: 5, type: 0x08 }]]] },
    { name: 'Channel', kids: [{ text: 'Security' }] },
    { name: 'Computer', kids: [{ text: 'DC01.corp.telco.example' }] },
    { name: 'Security' },
  ],
};
const GUID = '15a2c5549a6c4d2f9fa9b4e7ca13f2e3';
const T0 = 132_000_000_000_000_000n;
const systemValues = (id: number, record: bigint, activity: Value): Value[] => [
  v.guid(GUID), v.u16(id), v.filetime(T0 + record * 10_000_000n), v.u64(record), activity, v.u32(612),
];

/** Event = System + a hole (substitution 6) holding the EventData fragment, as Windows writes it. */
const WITH_HOLE: El = {
  name: 'Event',
  attrs: [['xmlns', [{ text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]]],
  kids: [SYSTEM, { sub: 6, type: 0x21, optional: true }],
};
const LOGON_DATA: El = {
  name: 'EventData',
  kids: [
    { name: 'Data', attrs: [['Name', [{ text: 'TargetUserSid' }]]], kids: [{ sub: 0, type: 0x13 }] },
    { name: 'Data', attrs: [['Name', [{ text: 'TargetUserName' }]]], kids: [{ sub: 1, type: 0x01 }] },
    { name: 'Data', attrs: [['Name', [{ text: 'LogonType' }]]], kids: [{ sub: 2, type: 0x08 }] },
    { name: 'Data', attrs: [['Name', [{ text: 'IpAddress' }]]], kids: [{ sub: 3, type: 0x01, optional: true }] },
    { name: 'Data', attrs: [['Name', [{ text: 'Computer' }]]], kids: [{ sub: 1, type: 0x01 }] },
  ],
};
const logonData = (user: string, ip: string): Value =>
  nestedTemplate(LOGON_DATA, [v.sid(1, 5, [21, 1004336348, 1177238915, 682003330, 1103]), v.str(user), v.u32(3), v.str(ip)]);

test('Windows-shaped records (EventData in a hole of the Event template) take the plan and match the JSON path', () => {
  const chunk = new ChunkBuilder()
    .record({ number: 1, template: 'event', root: WITH_HOLE, values: [...systemValues(4624, 101n, v.guid(GUID)), logonData('svc-backup', '10.20.30.40')] })
    .record({ number: 2, template: 'event', root: WITH_HOLE, values: [...systemValues(4625, 102n, v.null()), logonData('Administrator', '')] })
    .record({ number: 3, template: 'event', root: WITH_HOLE, values: [...systemValues(1102, 103n, v.null()), v.null()] })
    .build();
  const file = buildFile([chunk]);
  assert.equal(assertSamePaths(file, 'hole'), 3);
  assert.deepEqual(planned(chunk), [true, true, true]);
  const [first, second] = read(file, true).records;
  assert.equal(first!.fields!.TargetUserName, 'svc-backup');
  assert.equal(first!.fields!.EventData_Computer, 'svc-backup');
  assert.equal(first!.fields!.Computer, 'DC01.corp.telco.example');
  assert.equal(second!.fields!.IpAddress, '');
  assert.equal(second!.fields!.ActivityID, undefined);
  assert.equal(first!.eventRecordId, 101);
});

test('a hole holding plain elements, or an Event template without one, still matches the JSON path', () => {
  const plain = nestedBinXml({ name: 'UserData', kids: [{ name: 'LogFileCleared', kids: [{ name: 'SubjectUserName', kids: [{ text: 'alice' }] }] }] }, false);
  const chunk = new ChunkBuilder()
    .record({ number: 1, template: 'event', root: WITH_HOLE, values: [...systemValues(1102, 7n, v.null()), plain] })
    .record({ number: 2, template: 'sysmon', root: SYSMON_PROCESS_CREATION, values: [v.u16(1), v.filetime(T0), v.u64(8n), v.str('C:\\Windows\\System32\\cmd.exe'), v.str('C:\\Windows\\System32\\inetsrv\\w3wp.exe'), v.str('cmd /c whoami')] })
    .build();
  assertSamePaths(buildFile([chunk]), 'plain hole');
  assert.deepEqual(planned(chunk), [false, true]);
});

/** Classic (event log) templates: Qualifiers, unnamed Data, a Binary element, Data with nothing in it. */
const CLASSIC: El = {
  name: 'Event',
  kids: [
    {
      name: 'System',
      kids: [
        { name: 'Provider', attrs: [['Name', [{ text: 'Service Control Manager' }]], ['EventSourceName', [{ sub: 4, type: 0x01, optional: true }]]] },
        { name: 'EventID', attrs: [['Qualifiers', [{ sub: 0, type: 0x06 }]]], kids: [{ sub: 1, type: 0x06 }] },
        { name: 'Keywords', kids: [{ sub: 5, type: 0x15 }] },
        { name: 'Keywords', kids: [{ text: 'again' }] },
        { name: 'EventRecordID', kids: [{ sub: 2, type: 0x0a }] },
      ],
    },
    {
      name: 'EventData',
      kids: [
        { name: 'Data', kids: [{ sub: 3, type: 0x01 }] },
        { name: 'Binary', kids: [{ sub: 6, type: 0x0e }] },
        { name: 'Data', kids: [{ text: 'auto ' }, { entity: 'amp' }, { text: ' demand' }] },
        { name: 'Data' },
        { name: 'Data', kids: [{ name: 'Inner', kids: [{ text: 'x' }] }] },
        { name: 'Binary', kids: [{ text: 'AB' }] },
      ],
    },
  ],
};

test('unnamed Data, repeated names, entity references and empty values match the JSON path', () => {
  const values = (q: number, name: string): Value[] => [v.u16(q), v.u16(7045), v.u64(55n), v.str(name), v.str(''), v.hex64(0x8080000000000000n), v.binary('DEADBEEF')];
  const chunk = new ChunkBuilder()
    .record({ number: 1, template: 'classic', root: CLASSIC, values: values(16384, 'PSEXESVC') })
    .record({ number: 2, template: 'classic', root: CLASSIC, values: values(0, '') })
    .build();
  assertSamePaths(buildFile([chunk]), 'classic');
  assert.deepEqual(planned(chunk), [true, true]);
  const rec = read(buildFile([chunk]), true).records[0]!;
  assert.deepEqual(rec.fields!.Data, ['PSEXESVC', 'auto &amp; demand', '', null]);
  assert.equal(rec.fields!.Qualifiers, 16384);
  assert.equal(rec.fields!.Keywords_1, 'again');
  assert.equal(rec.fields!.Binary_1, 'AB');
});

const NAMED_ODDITIES: El = {
  name: 'Event',
  kids: [
    {
      name: 'EventData',
      attrs: [['Kind', [{ sub: 4, type: 0x01, optional: true }]]],
      kids: [
        { name: 'Data', attrs: [['Name', [{ text: 'EventID' }]]], kids: [{ sub: 0, type: 0x06 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Path' }]]], kids: [{ sub: 1, type: 0x01 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Path' }]]], kids: [{ sub: 2, type: 0x01 }] },
        { name: 'Data', kids: [{ text: 'no name: dropped' }] },
        { name: 'Note', kids: [{ sub: 3, type: 0x07 }, { text: ' items' }] },
        { name: 'Note', kids: [{ sub: 9, type: 0x01 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Note_1' }]]], kids: [{ sub: 5, type: 0x81 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Flag' }]]], kids: [{ sub: 6, type: 0x0d }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Big' }]]], kids: [{ sub: 7, type: 0x0a }] },
        { name: 'Data', attrs: [['Name', [{ text: 'When' }]]], kids: [{ sub: 8, type: 0x12 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Count' }]]], kids: [{ sub: 3, type: 0x07 }, { sub: 4, type: 0x01, optional: true }] },
      ],
    },
    { name: 'System', kids: [{ name: 'EventRecordID', attrs: [['Note', [{ sub: 4, type: 0x01, optional: true }]]], kids: [{ sub: 3, type: 0x07 }] }] },
  ],
};

test('Data named like System fields, repeated Data names, suffix clashes and typed values match the JSON path', () => {
  const values = (kind: string): Value[] => [
    v.u16(4104), v.str('C:\\a'), v.str('C:\\b'), v.i32(-2), v.str(kind), v.strArray(['x', 'y']), v.bool(true),
    v.u64(2n ** 60n), v.systime(2019, 3, 4, 10, 22, 31, 120),
  ];
  const chunk = new ChunkBuilder()
    .record({ number: 9, template: 'odd', root: NAMED_ODDITIES, values: values('') })
    .record({ number: 10, template: 'odd', root: NAMED_ODDITIES, values: values('attr text') })
    .build();
  assertSamePaths(buildFile([chunk]), 'oddities');
  assert.deepEqual(planned(chunk), [true, true]);
  const [a, b] = read(buildFile([chunk]), true).records;
  assert.equal(a!.fields!.EventData_EventID, 4104);
  assert.equal(a!.fields!.Path, 'C:\\b');
  assert.equal(a!.fields!.Note, '-2 items');
  assert.equal(a!.fields!.Count, -2); // one part with text keeps its type
  assert.equal(b!.fields!.Count, '-2attr text');
  assert.equal(a!.eventRecordId, -2);
  assert.equal(b!.eventRecordId, 10); // EventRecordID with an attribute is no number: the record number
  assert.ok(Number.isNaN(a!.time));
});

test('UserData, text-only EventData, missing and bad values match the JSON path', () => {
  const userData: El = {
    name: 'Event',
    kids: [
      { name: 'System', kids: [{ name: 'TimeCreated', attrs: [['SystemTime', [{ text: '2019-03-04T10:22:31.1200000Z' }]]] }, { name: 'EventID', kids: [{ sub: 0, type: 0x06 }] }] },
      { name: 'UserData', kids: [{ name: 'LogFileCleared', attrs: [['xmlns', [{ text: 'urn:x' }]]], kids: [{ name: 'SubjectUserName', kids: [{ sub: 1, type: 0x01 }] }, { name: 'SubjectUserName', kids: [{ sub: 9, type: 0x01 }] }, { name: 'Channel', kids: [{ text: 'Security' }] }] }] },
    ],
  };
  const textData: El = { name: 'Event', kids: [{ name: 'EventData', kids: [{ sub: 0, type: 0x01 }] }, { name: 'System', kids: [{ name: 'EventID', kids: [{ sub: 1, type: 0x07 }] }] }] };
  const chunk = new ChunkBuilder()
    .record({ number: 1, template: 'user', root: userData, values: [v.u16(1102), v.str('bob')] })
    .record({ number: 2, template: 'text', root: textData, values: [v.str('free text'), v.i32(3)] })
    .record({ number: 3, template: 'text', root: textData, values: [v.str(''), v.i32(3)] })
    // A 32-bit integer given 2 bytes: both paths report the record and go on.
    .record({ number: 4, template: 'text', root: textData, values: [v.str('x'), v.u16(3)].map((x, i) => (i === 1 ? { ...x, type: 0x07 } : x)) })
    .record({ number: 5, template: 'user', root: userData, values: [v.u16(1102), nestedBinXml({ name: 'x', kids: [{ text: 'y' }] }, false)] })
    .build();
  const file = buildFile([chunk]);
  assertSamePaths(file, 'user/text');
  assert.deepEqual(planned(chunk), [true, true, true, false, false]);
  const { records, problems } = read(file, true);
  assert.equal(records.length, 4);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.where, /^chunk 0 offset 0x/);
  assert.equal(records[0]!.fields!.EventData_Channel, 'Security');
  assert.equal(records[0]!.time, Date.UTC(2019, 2, 4, 10, 22, 31, 120));
  assert.equal(records[1]!.fields!.EventData, 'free text');
  assert.equal(records[2]!.fields!.EventData, undefined);
});

test('every record of the EVTX attack samples: the plan path equals the JSON path', (t) => {
  if (!existsSync(samples)) return t.skip(`no attack samples at ${samples}`);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.evtx$/i.test(e)) files.push(p);
    }
  };
  walk(samples);
  let records = 0;
  for (const f of files) records += assertSamePaths(f, path.relative(samples, f));
  assert.ok(records > 1000, `${records} records in ${files.length} files`);
});

test('templates of one GUID and size but other nodes get their own plans (a GUID proves nothing)', () => {
  const data = (name: string): El => ({
    name: 'Event',
    kids: [{ name: 'System', kids: [{ name: 'EventID', kids: [{ sub: 0, type: 0x06 }] }] }, { name: 'EventData', kids: [{ name: 'Data', attrs: [['Name', [{ text: name }]]], kids: [{ sub: 1, type: 0x01 }] }] }],
  });
  // The builder gives every template the same GUID; these two also have the same size.
  const chunkA = new ChunkBuilder().record({ number: 1, template: 'a', root: data('TargetImage'), values: [v.u16(10), v.str('lsass.exe')] }).build();
  const chunkB = new ChunkBuilder().record({ number: 2, template: 'b', root: data('SourceImage'), values: [v.u16(10), v.str('procdump.exe')] }).build();
  for (const [chunks, label] of [[[chunkA, chunkB], 'A then B'], [[chunkB, chunkA, chunkB], 'B, A, B']] as const) {
    const file = buildFile([...chunks]);
    assertSamePaths(file, label);
    const fields = read(file, true).records.map((r) => r.fields!);
    assert.deepEqual(fields.map((f) => Object.keys(f)), chunks.map((c) => ['EventID', c === chunkA ? 'TargetImage' : 'SourceImage']));
  }
  assert.deepEqual(planned(chunkA), [true]);
  assert.deepEqual(planned(chunkB), [true]);
});

test('the hunt reader gives the same events with and without the JSON kept (keepRaw)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-evtx-fields-'));
  try {
    const chunk = new ChunkBuilder()
      .record({ number: 1, template: 'event', root: WITH_HOLE, values: [...systemValues(4624, 31n, v.null()), logonData('svc-sql', '10.1.2.3')] })
      .record({ number: 2, template: 'classic', root: CLASSIC, values: [v.u16(0), v.u16(7045), v.u64(32n), v.str('PSEXESVC'), v.str(''), v.hex64(1n), v.binary('00')] })
      .build();
    const file = path.join(dir, 'Security.evtx');
    writeFileSync(file, buildFile([chunk]));
    const events = async (keepRaw: boolean): Promise<HuntEvent[]> => {
      const out: HuntEvent[] = [];
      for await (const batch of new EvtxEventReader().read(file, { keepRaw, onProblem: () => assert.fail('no problem expected') })) out.push(...batch);
      return out;
    };
    const plain = await events(false);
    const kept = await events(true);
    assert.equal(plain.length, 2);
    assert.deepEqual(plain.map((e) => ({ ...e, raw: undefined })), kept.map((e) => ({ ...e, raw: undefined })));
    assert.deepEqual(plain.map((e) => Object.keys(e.fields)), kept.map((e) => Object.keys(e.fields)));
    assert.equal(plain[0]!.raw, undefined);
    assert.deepEqual(kept[0]!.raw, read(file, false).records[0]!.json);
    assert.deepEqual(plain.map((e) => e.source.record), [31, 32]);
    assert.equal(plain[0]!.fields.TargetUserName, 'svc-sql');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
