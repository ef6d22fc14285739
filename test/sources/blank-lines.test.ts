/**
 * Empty lines cost almost nothing and never shift line numbers: short and long runs, `\n` and
 * `\r\n`, runs that cross chunk boundaries, and a generated gzip of tens of megabytes of newlines.
 * (Speed is measured in bench/blank-lines.ts, never here.)
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readLines } from '../../src/sources/lines.js';
import { TempDir, readAll } from './helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

const rec = (n: number): string => JSON.stringify({ n, CommandLine: `cmd /c whoami ${n}` });

test('records between runs of empty lines keep their line numbers (LF and CRLF, short and long runs)', async () => {
  const text = [rec(1), '\n'.repeat(300), rec(2), '\r\n'.repeat(1000), rec(3), '\n'.repeat(5), rec(4), '\r\n'.repeat(255), rec(5)].join('\n');
  // Oracle: a plain split of the whole text.
  const want = text.split('\n').flatMap((l, i) => (l.startsWith('{') ? [i + 1] : []));
  assert.equal(want.length, 5);
  for (const gzip of [false, true]) {
    const r = await readAll(tmp.file(`runs${gzip ? '.jsonl.gz' : '.jsonl'}`, text, gzip));
    assert.equal(r.format, 'jsonl');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.events.map((e) => e.source.record), want);
    assert.deepEqual(r.events.map((e) => e.fields.n), [1, 2, 3, 4, 5]);
  }
});

test('readLines leaves long runs of empty lines out of its batches; batches stay consecutive', async () => {
  const path = tmp.file('lines.txt', `a\n${'\n'.repeat(10_000)}b\n\n\nc\n`);
  const got: [number, string][] = [];
  for await (const b of readLines(path, { onLongLine: () => assert.fail('no long line') })) {
    b.lines.forEach((l, i) => l.length > 0 && got.push([b.first + i, l]));
    assert.ok(b.lines.length < 10_000, 'the long run is not handed on line by line');
  }
  assert.deepEqual(got, [[1, 'a'], [10_002, 'b'], [10_005, 'c']]);
});

test('48 MB of newlines (gzip) around two records: both read with the right numbers, nothing reported', async () => {
  const blank = Buffer.alloc(48 * 1024 * 1024, 0x0a);
  const data = Buffer.concat([Buffer.from(`${rec(1)}\n`), blank, Buffer.from(`${rec(2)}\r\n`), blank.subarray(0, 3 * 1024 * 1024 + 7), Buffer.from(rec(3))]);
  const r = await readAll(tmp.file('flood.jsonl.gz', data, true));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 2 + blank.length, 3 + blank.length + 3 * 1024 * 1024 + 7]);
});

test('CSV: floods of empty lines before the header and between rows (LF and CRLF, across chunks) keep row numbers', async () => {
  const flood = '\n'.repeat(3 * 1024 * 1024 + 5);
  const text = `${flood}UtcTime,Image,CommandLine\r\n2019-03-04 10:00:00,C:\\m.exe,"a\nb"\r\n${flood}${'\r\n'.repeat(70_000)}2019-03-04 10:00:01,C:\\n.exe,x\n${'\n'.repeat(300)}2019-03-04 10:00:02,C:\\o.exe,"y"`;
  // Oracle: a plain split of the whole text; rows start with the year.
  const want = text.split('\n').flatMap((l, i) => (l.startsWith('2019') ? [i + 1] : []));
  for (const gzip of [false, true]) {
    const r = await readAll(tmp.file(`flood${gzip ? '.csv.gz' : '.csv'}`, text, gzip));
    assert.equal(r.format, 'csv');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.events.map((e) => e.source.record), want);
    assert.deepEqual(r.events.map((e) => e.fields.CommandLine), ['a\nb', 'x', 'y']);
  }
});

test('XML: a flood of empty lines between events keeps the line numbers problems give', async () => {
  const ev = (id: number, data: string): string => `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>${id}</EventID><Channel>Security</Channel></System><EventData><Data Name="A">${data}</Data></EventData></Event>`;
  const flood = '\n'.repeat(3 * 1024 * 1024 + 3);
  const text = `<Events>\n${ev(1, 'a')}${flood}${'\r\n'.repeat(1000)}${ev(2, '<broken')}\n${flood}${ev(3, 'c')}\n</Events>\n`;
  const brokenLine = text.slice(0, text.indexOf('<broken')).split('\n').length;
  for (const gzip of [false, true]) {
    const r = await readAll(tmp.file(`flood${gzip ? '.xml.gz' : '.xml'}`, text, gzip));
    assert.equal(r.format, 'xml');
    assert.deepEqual(r.events.map((e) => e.fields.EventID), [1, 3]);
    assert.deepEqual(r.problems.map((p) => p.where), [`record 2 (line ${brokenLine})`]);
  }
});
