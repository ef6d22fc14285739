import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { evtxSniffer, iterateEvtxRecords } from '../../src/sources/evtx/index.js';
import type { EvtxRecord } from '../../src/sources/evtx/index.js';
import { crc32, crc32Table } from '../../src/sources/evtx/crc32.js';
import { flattenWindowsEvent } from '../../src/events/flatten.js';
import type { ReadProblem } from '../../src/sources/reader.js';
import type { HuntEvent } from '../../src/events/event.js';
import { buildFile, ChunkBuilder, nestedBinXml, v } from './evtx-builder.js';
import type { El } from './evtx-builder.js';

const SYSMON_LIKE: El = {
  name: 'Event',
  attrs: [['xmlns', [{ text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]]],
  kids: [
    {
      name: 'System',
      kids: [
        { name: 'Provider', attrs: [['Name', [{ text: 'Test-Provider' }]], ['Guid', [{ sub: 0, type: 0x0f }]]] },
        { name: 'EventID', kids: [{ sub: 1, type: 0x06 }] },
        { name: 'Keywords', kids: [{ sub: 2, type: 0x15 }] },
        { name: 'TimeCreated', attrs: [['SystemTime', [{ sub: 3, type: 0x11 }]]] },
        { name: 'EventRecordID', kids: [{ sub: 4, type: 0x0a }] },
        { name: 'Correlation', attrs: [['ActivityID', [{ sub: 5, type: 0x0f, optional: true }]]] },
        { name: 'Channel', kids: [{ text: 'Test/Operational' }] },
        { name: 'Computer', kids: [{ sub: 6, type: 0x01 }] },
        { name: 'Security', attrs: [['UserID', [{ sub: 7, type: 0x13, optional: true }]]] },
      ],
    },
    {
      name: 'EventData',
      kids: [
        { name: 'Data', attrs: [['Name', [{ text: 'Flag' }]]], kids: [{ sub: 8, type: 0x0d }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Negative' }]]], kids: [{ sub: 9, type: 0x07 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Blob' }]]], kids: [{ sub: 10, type: 0x0e }] },
        { name: 'Data', attrs: [['Name', [{ text: 'List' }]]], kids: [{ sub: 11, type: 0x81 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'When' }]]], kids: [{ sub: 12, type: 0x12 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Empty' }]]], kids: [{ sub: 13, type: 0x01, optional: true }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Amp' }]]], kids: [{ text: 'a' }, { entity: 'amp' }, { text: 'b' }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Mask' }]]], kids: [{ sub: 14, type: 0x14 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Real' }]]], kids: [{ sub: 15, type: 0x0c }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Big' }]]], kids: [{ sub: 16, type: 0x09 }] },
        { name: 'Data', attrs: [['Name', [{ text: 'Ansi' }]]], kids: [{ sub: 17, type: 0x02 }] },
      ],
    },
  ],
};

const CLASSIC: El = {
  name: 'Event',
  kids: [
    { name: 'System', kids: [{ name: 'EventID', attrs: [['Qualifiers', [{ sub: 0, type: 0x06 }]]], kids: [{ sub: 1, type: 0x06 }] }, { name: 'EventRecordID', kids: [{ sub: 2, type: 0x0a }] }] },
    {
      name: 'EventData',
      kids: [
        { name: 'Data', kids: [{ sub: 3, type: 0x01 }] },
        { name: 'Data', kids: [{ sub: 4, type: 0x01 }] },
        { name: 'Binary', kids: [{ sub: 5, type: 0x0e }] },
      ],
    },
  ],
};

// 2021-03-04T05:06:07.1234567Z in FILETIME ticks.
const TICKS = BigInt(Date.UTC(2021, 2, 4, 5, 6, 7, 123)) * 10000n + 116444736000000000n + 4567n;

function sysmonValues(recordId: number, computer: string): ReturnType<typeof v.u8>[] {
  return [
    v.guid('5f387057' + '2ac2' + 'e043' + 'bf4c06f5698ffbd9'),
    v.u16(1),
    v.hex64(0x8000000000000000n),
    v.filetime(TICKS),
    v.u64(BigInt(recordId)),
    v.null(),
    v.str(computer + '  '),
    v.sid(1, 5, [21, 1004336348, 1177238915, 682003330, 512]),
    v.bool(true),
    v.i32(-5),
    v.binary('00ff10'),
    v.strArray(['one', 'two']),
    v.systime(2020, 12, 31, 23, 59, 58, 7),
    v.null(),
    v.hex32(0x1f),
    v.f64(1.5),
    v.i64(-9007199254740991n),
    v.ansi('ansi text\0junk'),
  ];
}

function buildSample(): Buffer {
  const c0 = new ChunkBuilder()
    .record({ number: 1, template: 'sysmon', root: SYSMON_LIKE, values: sysmonValues(1001, 'HOST-A') })
    .record({ number: 2, template: 'sysmon', root: SYSMON_LIKE, values: sysmonValues(1002, 'HOST-B') })
    .record({ number: 3, template: 'classic', root: CLASSIC, values: [v.u16(0x8000), v.u16(7036), v.u64(1003n), v.str('Spooler'), v.str('running'), v.binary('0102')] })
    .sealActive()
    .record({ number: 4, template: 'sysmon', root: SYSMON_LIKE, values: sysmonValues(1004, 'DELETED') })
    .build();
  const c1 = new ChunkBuilder().record({ number: 5, template: 'sysmon', root: SYSMON_LIKE, values: sysmonValues(1005, 'HOST-C') }).build();
  // The header claims one chunk; the second one was written after the header was last flushed.
  return buildFile([c0, c1], 1);
}

function collect(input: Buffer, carve = false): { records: EvtxRecord[]; problems: ReadProblem[] } {
  const problems: ReadProblem[] = [];
  const records = [...iterateEvtxRecords(input, { carve, onProblem: (p) => problems.push(p), xml: true })];
  return { records, problems };
}

test('crc32 matches the standard check value', () => {
  const b = Buffer.from('123456789');
  assert.equal(crc32(b, 0, b.length), 0xcbf43926);
  assert.equal(crc32Table(b, 0, b.length), 0xcbf43926);
  // Chained ranges equal one pass.
  assert.equal(crc32(b, 4, 9, crc32(b, 0, 4)), 0xcbf43926);
  assert.equal(crc32Table(b, 4, 9, crc32Table(b, 0, 4)), 0xcbf43926);
});

test('renders a templated record in the evtx_dump JSON shape', () => {
  const { records, problems } = collect(buildSample());
  assert.deepEqual(problems, []);
  assert.equal(records.length, 4, 'three active records of chunk 0 plus the one in the uncounted chunk 1');
  assert.deepEqual(records[0]!.json, {
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: 'Test-Provider', Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' } },
        EventID: 1,
        Keywords: '0x8000000000000000',
        TimeCreated: { '#attributes': { SystemTime: '2021-03-04T05:06:07.123456700Z' } },
        EventRecordID: 1001,
        Correlation: null,
        Channel: 'Test/Operational',
        Computer: 'HOST-A  ',
        Security: { '#attributes': { UserID: 'S-1-5-21-1004336348-1177238915-682003330-512' } },
      },
      EventData: {
        Flag: true,
        Negative: -5,
        Blob: '00FF10',
        List: 'one,two',
        When: '2020-12-31T23:59:58.007000000Z',
        Empty: '',
        Amp: 'a&amp;b',
        Mask: '0x1f',
        Real: '1.5',
        Big: -9007199254740991,
        Ansi: 'ansi text',
      },
    },
  });
});

test('record header number is not the EventRecordID; time comes from TimeCreated', () => {
  const { records } = collect(buildSample());
  assert.deepEqual(records.map((r) => [r.recordNumber, r.eventRecordId, r.chunk]), [[1, 1001, 0], [2, 1002, 0], [3, 1003, 0], [5, 1005, 1]]);
  assert.equal(records[0]!.time, Date.UTC(2021, 2, 4, 5, 6, 7, 123));
  assert.equal((records[1]!.json.Event as { System: { Computer: string } }).System.Computer, 'HOST-B  ');
});

test('unnamed Data elements collect under Data/#text; Qualifiers attribute kept', () => {
  const file = buildFile([new ChunkBuilder().record({ number: 3, template: 'classic', root: CLASSIC, values: [v.u16(0x8000), v.u16(7036), v.u64(1003n), v.str('Spooler'), v.str('running'), v.binary('0102')] }).build()]);
  const { records } = collect(file);
  assert.deepEqual(records[0]!.json, {
    Event: {
      System: { EventID: { '#attributes': { Qualifiers: 32768 }, '#text': 7036 }, EventRecordID: 1003 },
      EventData: { Data: { '#text': ['Spooler', 'running'] }, Binary: '0102' },
    },
  });
  assert.match(records[0]!.xml!, /<EventID Qualifiers="32768">7036<\/EventID>/);
});

test('carve recovers a deleted record from chunk slack, only when asked', () => {
  const plain = collect(buildSample());
  const carved = collect(buildSample(), true);
  assert.equal(plain.records.filter((r) => r.carved).length, 0);
  const deleted = carved.records.filter((r) => r.carved);
  assert.deepEqual(deleted.map((r) => r.eventRecordId), [1004]);
  assert.equal(carved.records.length, 5);
});

test('XML rendering escapes text and keeps references', () => {
  const { records } = collect(buildSample());
  const xml = records[0]!.xml!;
  assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<Event xmlns="http:\/\/schemas.microsoft.com\/win\/2004\/08\/events\/event">/);
  assert.match(xml, /<Data Name="Amp">a&amp;b<\/Data>/);
  assert.match(xml, /<Provider Name="Test-Provider" Guid="\{5770385F-C22A-43E0-BF4C-06F5698FFBD9\}"><\/Provider>/);
  assert.match(xml, /<Correlation><\/Correlation>/);
});

test('damaged records and chunks are reported with their place and skipped', () => {
  const file = buildSample();
  // Corrupt record 2's BinXML: an unknown token where its substitution count should start.
  const bad = Buffer.from(file);
  const rec2 = bad.indexOf(Buffer.from([0x2a, 0x2a, 0, 0, 0, 0, 0, 0]), 4096 + 600);
  const firstRecordSize = bad.readUInt32LE(4096 + 512 + 4);
  const rec2Start = 4096 + 512 + firstRecordSize;
  assert.equal(bad.readUInt32LE(rec2Start), 0x2a2a, `record 2 found (${rec2})`);
  bad[rec2Start + 24 + 4] = 0x7f; // template-instance token replaced
  const { records, problems } = collect(bad);
  assert.deepEqual(records.map((r) => r.eventRecordId), [1001, 1003, 1005]);
  assert.ok(problems.some((p) => p.where === `chunk 0 offset 0x${rec2Start.toString(16)}` && /record 2: unknown BinXML token 0x7f/.test(p.reason)), JSON.stringify(problems));
  assert.ok(problems.some((p) => /event records checksum mismatch/.test(p.reason)));
  // A wrecked chunk signature inside the declared count is reported; the rest is still read.
  const bad2 = Buffer.from(file);
  bad2.write('XXXX', 4096, 'latin1');
  const r2 = collect(bad2);
  assert.deepEqual(r2.records.map((r) => r.eventRecordId), [1005]);
  assert.deepEqual(r2.problems, [{ path: '<buffer>', where: 'chunk 0 offset 0x1000', reason: 'bad chunk signature; chunk skipped' }]);
});

test('EventReader yields flattened HuntEvents and the sniffer recognises the magic', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-evtx-'));
  try {
    const path = join(dir, 'sample.evtx');
    const file = buildSample();
    writeFileSync(path, file);
    assert.equal(evtxSniffer.format, 'evtx');
    assert.equal(evtxSniffer.sniff(file.subarray(0, 16), path), true);
    assert.equal(evtxSniffer.sniff(Buffer.from('{"Event":{}}'), 'x.json'), false);
    const reader = evtxSniffer.open();
    const events: HuntEvent[] = [];
    let bytes = 0;
    for await (const batch of reader.read(path, { onProblem: (p) => assert.fail(JSON.stringify(p)), batchSize: 2, onBytes: (n) => (bytes += n) })) {
      assert.ok(batch.length <= 2);
      events.push(...batch);
    }
    assert.equal(events.length, 4);
    assert.equal(bytes, file.length, 'progress adds up to the file size');
    const e = events[0]!;
    assert.deepEqual(e.source, { path, record: 1001, format: 'evtx' });
    assert.equal(e.time, Date.UTC(2021, 2, 4, 5, 6, 7, 123));
    assert.equal(e.raw, undefined, 'the rendered JSON is not kept beside the fields');
    const kept: HuntEvent[] = [];
    for await (const batch of reader.read(path, { onProblem: () => {}, keepRaw: true })) kept.push(...batch);
    assert.deepEqual(kept.map((k) => k.raw), [...iterateEvtxRecords(path)].map((r) => r.json), 'keepRaw: the rendered JSON');
    assert.deepEqual(e.fields, flattenWindowsEvent([...iterateEvtxRecords(path)][0]!.json as Parameters<typeof flattenWindowsEvent>[0]));
    assert.equal(e.fields.Computer, 'HOST-A  ');
    assert.equal(e.fields.Provider_Name, 'Test-Provider');
    assert.equal(e.fields.EventRecordID, 1001);
    assert.equal(e.fields.Negative, -5);
    await assert.rejects(async () => {
      for await (const _ of reader.read(join(dir, 'missing.evtx'), { onProblem: () => {} })) void _;
    }, /missing\.evtx/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gzip-compressed EVTX streams chunk by chunk to the same events', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-evtx-gz-'));
  try {
    const file = buildSample();
    const plain = join(dir, 'a.evtx');
    const gz = join(dir, 'a.evtx.gz');
    writeFileSync(plain, file);
    writeFileSync(gz, gzipSync(file));
    const read = async (p: string): Promise<{ events: HuntEvent[]; problems: ReadProblem[] }> => {
      const events: HuntEvent[] = [];
      const problems: ReadProblem[] = [];
      for await (const batch of evtxSniffer.open().read(p, { onProblem: (x) => problems.push(x) })) events.push(...batch);
      return { events, problems };
    };
    const a = await read(plain);
    const b = await read(gz);
    assert.equal(b.events.length, 4);
    assert.deepEqual(b.events.map((e) => e.fields), a.events.map((e) => e.fields));
    assert.deepEqual(b.problems, []);
    // Truncated in the middle of the second chunk: the first chunk's records, then one problem.
    const cut = join(dir, 'cut.evtx.gz');
    writeFileSync(cut, gzipSync(file.subarray(0, 4096 + 0x10000 + 1000)));
    const c = await read(cut);
    assert.equal(c.events.length, 3);
    assert.deepEqual(c.problems, [{ path: cut, where: 'chunk 1', reason: 'truncated chunk (1000 of 65536 bytes); skipped' }]);
    // Corrupt gzip stream: reported, not thrown, after what could be read.
    const broken = join(dir, 'broken.evtx.gz');
    const z = gzipSync(file);
    writeFileSync(broken, z.subarray(0, z.length - 12));
    const d = await read(broken);
    assert.ok(d.problems.length === 1 && /chunk|decompression/.test(d.problems[0]!.reason + d.problems[0]!.where), JSON.stringify(d.problems));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nested BinXML values, arrays, size_t, CDATA, character references and PIs', () => {
  const root: El = {
    name: 'Event',
    kids: [
      { name: 'System', kids: [{ name: 'EventRecordID', kids: [{ sub: 0, type: 0x0a }] }] },
      { name: 'UserData', kids: [{ sub: 1, type: 0x21 }] },
      {
        name: 'EventData',
        kids: [
          { name: 'Data', attrs: [['Name', [{ text: 'Ints' }]]], kids: [{ sub: 2, type: 0x86 }] },
          { name: 'Data', attrs: [['Name', [{ text: 'Guids' }]]], kids: [{ sub: 3, type: 0x8f }] },
          { name: 'Data', attrs: [['Name', [{ text: 'Size' }]]], kids: [{ sub: 4, type: 0x10 }] },
          { name: 'Data', attrs: [['Name', [{ text: 'CData' }]]], kids: [{ cdata: 'x<y' }] },
          { name: 'Data', attrs: [['Name', [{ text: 'Char' }]]], kids: [{ text: 'A' }, { charRef: 66 }] },
          { name: 'Data', attrs: [['Name', [{ text: 'Byte' }]]], kids: [{ pi: ['note', 'ignored in JSON'] }, { sub: 5, type: 0x03 }] },
          { name: 'Data', attrs: [['Name', [{ text: 'Inner' }]]], kids: [{ sub: 6, type: 0x21 }] },
        ],
      },
    ],
  };
  const logInfo: El = {
    name: 'LogInfo',
    attrs: [['xmlns', [{ text: 'urn:x' }]]],
    kids: [{ name: 'User', kids: [{ text: 'bob' }] }, { name: 'User', kids: [{ text: 'eve' }] }, { name: 'User', kids: [{ text: 'mallory' }] }],
  };
  const guid = '00112233445566778899aabbccddeeff';
  for (const dependencyId of [true, false]) {
    const file = buildFile([
      new ChunkBuilder().record({
        number: 1, template: 'n', root,
        values: [
          v.u64(77n), nestedBinXml(logInfo, dependencyId), v.u16Array([1, 2, 65535]), v.guidArray([guid, guid]), v.sizeT64(0x1234n), v.i8(-1),
          nestedBinXml({ name: 'Leaf', attrs: [['Kind', [{ text: 'k' }]]], kids: [{ text: 'v' }] }, dependencyId),
        ],
      }).build(),
    ]);
    const { records, problems } = collect(file);
    assert.deepEqual(problems, []);
    assert.deepEqual(records[0]!.json, {
      Event: {
        System: { EventRecordID: 77 },
        UserData: { LogInfo: { '#attributes': { xmlns: 'urn:x' }, User: 'bob', User_1: 'eve', User_2: 'mallory' } },
        EventData: {
          Ints: '1,2,65535',
          Guids: '{33221100-5544-7766-8899-AABBCCDDEEFF},{33221100-5544-7766-8899-AABBCCDDEEFF}',
          Size: '0x1234',
          CData: 'x<y',
          Char: 'A&#66;',
          Byte: -1,
          // A named Data holding elements renders as an object whose attributes include Name (as evtx_dump).
          Inner: { '#attributes': { Name: 'Inner' }, Leaf: { '#attributes': { Kind: 'k' }, '#text': 'v' } },
        },
      },
    }, `dependency id ${dependencyId}`);
    const xml = records[0]!.xml!;
    assert.match(xml, /<UserData>\n    <LogInfo xmlns="urn:x">\n      <User>bob<\/User>/);
    assert.match(xml, /<Data Name="Char">A&#66;<\/Data>/);
    assert.match(xml, /<Data Name="Byte"><\?note ignored in JSON\?>-1<\/Data>/);
  }
});
