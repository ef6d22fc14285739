import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { TempDir, readAll } from './helpers.js';
import { detectFormat, openInput } from '../../src/sources/index.js';
import { JsonValueSplitter } from '../../src/sources/json-values.js';
import { flattenRecord } from '../../src/events/flatten.js';

const tmp = new TempDir();
after(() => tmp.remove());

const sysmon = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
      EventID: 1,
      TimeCreated: { '#attributes': { SystemTime: '2019-03-04T10:22:31.120000Z' } },
      EventRecordID: 4211,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'WEB01',
    },
    EventData: {
      Image: 'C:\\Windows\\System32\\cmd.exe',
      ParentImage: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe',
      CommandLine: 'cmd /c "echo {[}] \\" & whoami"',
    },
  },
};
const winlogbeat = {
  '@timestamp': '2019-03-04T10:25:00.000Z',
  winlog: { channel: 'Security', event_id: 4688, computer_name: 'WEB01', event_data: { NewProcessName: 'C:\\Windows\\System32\\net.exe' } },
  host: { name: 'web01' },
};
const plain = { ts: 1551695200, process: { command_line: 'procdump -ma lsass.exe', pid: 4242 } };

test('JSONL: evtx_dump, Winlogbeat and nested records, line numbers, bad line reported and skipped', async () => {
  const text = [JSON.stringify(sysmon), '', JSON.stringify(winlogbeat), '{"broken": ', '   ', JSON.stringify(plain)].join('\n') + '\n';
  const path = tmp.file('mixed.jsonl', text);
  const r = await readAll(path);
  assert.equal(r.format, 'jsonl');
  assert.equal(r.events.length, 3);
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 3, 6]);
  const [a, b, c] = r.events;
  assert.equal(a!.fields.EventID, 1);
  assert.equal(a!.fields.Computer, 'WEB01');
  assert.equal(a!.fields.ParentImage, 'C:\\Windows\\System32\\inetsrv\\w3wp.exe');
  assert.equal(a!.time, Date.parse('2019-03-04T10:22:31.120Z'));
  assert.deepEqual(a!.fields, flattenRecord(sysmon));
  assert.equal(a!.raw, undefined, 'the parsed record is not kept beside its fields');
  assert.equal(b!.fields.EventID, 4688);
  assert.equal(b!.fields.Channel, 'Security');
  assert.equal(b!.fields.NewProcessName, 'C:\\Windows\\System32\\net.exe');
  assert.equal(b!.time, Date.parse('2019-03-04T10:25:00.000Z'));
  assert.equal(c!.fields['process.command_line'], 'procdump -ma lsass.exe');
  assert.equal(c!.time, 1551695200 * 1000);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.where, 'line 4');
  assert.equal(r.problems[0]!.path, path);
  assert.match(r.problems[0]!.reason, /invalid JSON/);
  assert.equal(r.bytes, statSync(path).size);
  for (const e of r.events) assert.deepEqual({ path: e.source.path, format: e.source.format }, { path, format: 'jsonl' });
});

test('JSONL whose first line is malformed is still JSONL (line numbers in problems)', async () => {
  const path = tmp.file('badfirst.ndjson', '{"a": tru}\n{"a": 1}\n{"a": 2}\r\n');
  const r = await readAll(path);
  assert.equal(r.format, 'jsonl');
  assert.deepEqual(r.events.map((e) => e.fields.a), [1, 2]);
  assert.deepEqual(r.problems.map((p) => p.where), ['line 1']);
});

test('JSON: one object, arrays, concatenated pretty-printed and minified values', async () => {
  const one = await readAll(tmp.file('one.json', JSON.stringify(sysmon, null, 2)));
  assert.equal(one.format, 'json');
  assert.equal(one.events.length, 1);
  assert.equal(one.events[0]!.fields.CommandLine, 'cmd /c "echo {[}] \\" & whoami"');

  const arr = await readAll(tmp.file('arr.json', JSON.stringify([sysmon, winlogbeat, plain], null, 2)));
  assert.equal(arr.format, 'json');
  assert.deepEqual(arr.events.map((e) => e.source.record), [1, 2, 3]);
  assert.equal(arr.events[1]!.fields.EventID, 4688);
  assert.deepEqual(arr.problems, []);

  const concat = [sysmon, winlogbeat, plain, sysmon].map((x) => JSON.stringify(x, null, 2)).join('\n');
  const cc = await readAll(tmp.file('concat.json', concat));
  assert.equal(cc.format, 'json');
  assert.equal(cc.events.length, 4);
  assert.deepEqual(cc.events[3]!.fields, flattenRecord(sysmon));

  const minified = await readAll(tmp.file('min.txt', `${JSON.stringify(plain)}${JSON.stringify(winlogbeat)} ${JSON.stringify([plain, plain])}`));
  assert.equal(minified.format, 'json');
  assert.equal(minified.events.length, 4);
  assert.deepEqual(minified.events.map((e) => e.source.record), [1, 2, 3, 4]);
});

test('JSON: malformed record in the middle is reported with record and byte offset; reading goes on', async () => {
  const first = JSON.stringify(plain, null, 2);
  const text = `${first}\n{"a": 1,, "b": 2}\n${JSON.stringify(winlogbeat, null, 2)}\n`;
  const r = await readAll(tmp.file('badmid.json', text));
  assert.equal(r.events.length, 2);
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 3]);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.where, `record 2 (byte offset ${first.length + 1})`);
});

test('JSON: truncated value at end of file is reported; earlier records kept', async () => {
  const whole = JSON.stringify(sysmon, null, 2);
  const text = `${whole}\n${whole.slice(0, 200)}`;
  const r = await readAll(tmp.file('trunc.json', text));
  assert.equal(r.events.length, 1);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.where, `record 2 (byte offset ${whole.length + 1})`);
  assert.match(r.problems[0]!.reason, /truncated at end of file/);

  const arr = await readAll(tmp.file('trunc-arr.json', `[${JSON.stringify(plain)}, ${JSON.stringify(plain)}`));
  assert.equal(arr.events.length, 2);
  assert.equal(arr.problems.length, 1);
  assert.match(arr.problems[0]!.reason, /array not closed/);
});

test('JSON: stray text between records is reported once per line', async () => {
  const pretty = JSON.stringify(plain, null, 2);
  const r = await readAll(tmp.file('stray.json', `${pretty}\nnot json at all\n${pretty}\n`));
  assert.equal(r.format, 'json');
  assert.equal(r.events.length, 2);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.where, /^record 2 \(byte offset \d+\)$/);
});

test('splitter gives the same records whatever the chunking (escapes and braces in strings)', () => {
  const values = [sysmon, { s: 'a\\"}{][\\\\', t: '\\' }, [1, { x: '}' }], 'top string', 42, plain];
  const text = values.map((v) => JSON.stringify(v, null, 1)).join('\n  ');
  const data = Buffer.from(text, 'utf8');
  for (const step of [1, 2, 3, 7, 64, data.length]) {
    const got: unknown[] = [];
    const problems: string[] = [];
    const s = new JsonValueSplitter({
      record: (t) => got.push(JSON.parse(t)),
      problem: (_r, _o, reason) => problems.push(reason),
    });
    for (let i = 0; i < data.length; i += step) s.push(data.subarray(i, i + step));
    s.end();
    assert.deepEqual(problems, [], `step ${step}`);
    // A top-level array is unwrapped: its elements are records of their own.
    assert.deepEqual(got, [sysmon, values[1], 1, { x: '}' }, 'top string', 42, plain], `step ${step}`);
  }
});

test('splitter unwraps a top-level array split across pushes, including scalars and nested arrays', () => {
  const values = [{ a: [1, 2, { b: ']' }] }, 7, 'x,]', null, [3]];
  const data = Buffer.from(JSON.stringify(values), 'utf8');
  for (const step of [1, 5, data.length]) {
    const got: unknown[] = [];
    const s = new JsonValueSplitter({ record: (t) => got.push(JSON.parse(t)), problem: (_r, _o, why) => assert.fail(why) });
    for (let i = 0; i < data.length; i += step) s.push(data.subarray(i, i + step));
    s.end();
    assert.deepEqual(got, values);
  }
});

test('gzip by content: .json.gz, and gzip JSONL with a misleading extension', async () => {
  const lines = [plain, winlogbeat, plain].map((x) => JSON.stringify(x)).join('\n');
  const gz = tmp.file('events.json.gz', lines, true);
  const r = await readAll(gz);
  assert.equal(r.format, 'jsonl');
  assert.equal(r.events.length, 3);
  assert.equal(r.bytes, statSync(gz).size);

  const wrong = tmp.file('events.csv', JSON.stringify([sysmon, sysmon], null, 2), true);
  const w = await readAll(wrong);
  assert.equal(w.format, 'json');
  assert.equal(w.events.length, 2);
});

test('corrupt gzip after good data: records read so far are kept and the break is reported', async () => {
  const body = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ ...plain, n: i })).join('\n');
  const full = tmp.file('cut.jsonl.gz', body, true);
  const data = (await import('node:fs')).readFileSync(full);
  const cut = tmp.file('cut2.jsonl.gz', data.subarray(0, Math.floor(data.length / 2)));
  const r = await readAll(cut);
  assert.equal(r.format, 'jsonl');
  assert.ok(r.events.length > 0 && r.events.length < 5000, `${r.events.length} events`);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!.reason, /gzip|unexpected end/);
});

test('UTF-16LE with BOM (PowerShell Out-File) is transcoded', async () => {
  const text = `${JSON.stringify({ user: 'Zoë', cmd: 'rar a -hpS3cret x.rar' })}\n${JSON.stringify(plain)}\n`;
  const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const r = await readAll(tmp.file('ps.json', buf));
  assert.equal(r.format, 'jsonl');
  assert.equal(r.events[0]!.fields.user, 'Zoë');
  assert.equal(r.events.length, 2);
});

test('batches close at batchSize events or at the text budget', async () => {
  const { BATCH_TEXT_BUDGET } = await import('../../src/sources/batcher.js');
  const big = JSON.stringify({ pad: 'p'.repeat(1000) });
  const perBatch = Math.ceil(BATCH_TEXT_BUDGET / big.length);
  const sized = await readAll(tmp.file('big-records.jsonl', `${big}\n`.repeat(4 * perBatch + 7)));
  assert.deepEqual(sized.batches, [perBatch, perBatch, perBatch, perBatch, 7]);
  const path = tmp.file('five.jsonl', Array.from({ length: 5 }, (_, i) => JSON.stringify({ i })).join('\n'));
  const r = await readAll(path, { batchSize: 2 });
  assert.deepEqual(r.batches, [2, 2, 1]);
  const arr = tmp.file('five.json', JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ i }))));
  assert.deepEqual((await readAll(arr, { batchSize: 2 })).batches, [2, 2, 1]);
});

test('empty and blank files: by extension when the content decides nothing; unknown otherwise', async () => {
  const empty = await readAll(tmp.file('empty.json', ''));
  assert.deepEqual([empty.format, empty.events.length, empty.problems.length], ['json', 0, 0]);
  const blank = await readAll(tmp.file('blank.jsonl', '\n\n  \n'));
  assert.deepEqual([blank.format, blank.events.length, blank.problems.length], ['jsonl', 0, 0]);
  assert.equal(await detectFormat(tmp.file('empty.bin', '')), null);
  await assert.rejects(openInput(tmp.file('empty.log', '')), /empty\.log: unknown format/);
});

test('binary and unknown files are not claimed; missing files throw naming the file', async () => {
  const bin = Buffer.alloc(4096);
  for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) & 0xff;
  assert.equal(await detectFormat(tmp.file('blob.json', bin)), null);
  assert.equal(await detectFormat(tmp.file('notes.txt', 'just some prose, nothing more\n')), null);
  assert.equal(await detectFormat(tmp.file('app.log', '[2026-11-28 10:00:00] INFO started\n')), null);
  await assert.rejects(openInput(`${tmp.dir}/nope.json`), /nope\.json: cannot read: no such file/);
});

test('an overlong line is reported and skipped; the lines after it keep their numbers', async () => {
  const { readLines } = await import('../../src/sources/lines.js');
  const long = `{"blob": "${'x'.repeat(3 * 1024 * 1024)}"}`;
  const path = tmp.file('long.jsonl', `{"a": 1}\n${long}\n{"a": 3}\n{"a": 4}`);
  const long2: number[] = [];
  const got: [number, string][] = [];
  for await (const b of readLines(path, { onLongLine: (n) => long2.push(n), maxLine: 1536 * 1024 })) {
    b.lines.forEach((l, i) => l.length > 0 && got.push([b.first + i, l]));
  }
  assert.deepEqual(long2, [2]);
  assert.deepEqual(got, [[1, '{"a": 1}'], [3, '{"a": 3}'], [4, '{"a": 4}']]);
});

test('a record over the size limit is reported and skipped; the next one is read', () => {
  const got: unknown[] = [];
  const problems: string[] = [];
  const s = new JsonValueSplitter({ record: (t) => got.push(JSON.parse(t)), problem: (r, o, why) => problems.push(`${r}@${o}: ${why}`) }, 100);
  const text = `{"a": 1} {"big": "${'y'.repeat(500)}"} {"a": 3}`;
  for (let i = 0; i < text.length; i += 16) s.push(Buffer.from(text.slice(i, i + 16)));
  s.end();
  assert.deepEqual(got, [{ a: 1 }, { a: 3 }]);
  assert.deepEqual(problems, ['2@9: record larger than 100 bytes, skipped']);
});

test('a JSON array element nested 5,000 deep is one problem; the elements around it are read', async () => {
  const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  const r = await readAll(tmp.file('deep-array.json', `[{"n":1},\n${deep},\n{"n":3}]`));
  assert.equal(r.format, 'json');
  assert.deepEqual(r.events.map((e) => [e.source.record, e.fields.n]), [[1, 1], [3, 3]]);
  assert.deepEqual(r.problems.map((p) => `${p.where}: ${p.reason}`), ['record 2 (byte offset 10): nested deeper than 100 levels, record skipped']);
});

test('keepRaw keeps each JSON record as parsed beside its fields (jsonl and json), hunts do not', async () => {
  const lines = tmp.file('raw.jsonl', `${JSON.stringify(sysmon)}\n${JSON.stringify(plain)}\n`);
  const kept = await readAll(lines, { keepRaw: true });
  assert.deepEqual(kept.events.map((e) => e.raw), [sysmon, plain]);
  assert.deepEqual(kept.events.map((e) => e.fields), [flattenRecord(sysmon), flattenRecord(plain)]);
  assert.deepEqual((await readAll(lines)).events.map((e) => e.raw), [undefined, undefined]);
  const values = tmp.file('raw.json', JSON.stringify([sysmon, winlogbeat], null, 2));
  assert.deepEqual((await readAll(values, { keepRaw: true })).events.map((e) => e.raw), [sysmon, winlogbeat]);
});
