import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TempDir, readAll } from './helpers.js';
import { detectFormat } from '../../src/sources/index.js';
import { CsvParser } from '../../src/sources/csv-parser.js';

const tmp = new TempDir();
after(() => tmp.remove());

const procCsv =
  '\ufeffTimeCreated,Computer,Image,CommandLine,ParentImage\r\n' +
  '2019-03-04T10:22:31Z,WEB01,C:\\Windows\\System32\\cmd.exe,"cmd /c ""whoami"" , net user",C:\\Windows\\System32\\inetsrv\\w3wp.exe\r\n' +
  '2019-03-04T10:23:00Z,WEB01,C:\\Windows\\rar.exe,"rar a -hpP@ss -v200m\r\ncdr.rar D:\\cdr",C:\\Windows\\System32\\cmd.exe\r\n' +
  '2019-03-04T10:24:00Z,WEB01,too,few\r\n' +
  '2019-03-04T10:25:00Z,DB01,C:\\x.exe,,\r\n';

test('CSV process export: header names, RFC 4180 quoting, embedded newlines, BOM, time, bad row', async () => {
  const r = await readAll(tmp.file('proc.csv', procCsv));
  assert.equal(r.format, 'csv');
  assert.equal(r.events.length, 3);
  const [a, b, c] = r.events;
  assert.equal(a!.fields.CommandLine, 'cmd /c "whoami" , net user');
  assert.equal(a!.fields.TimeCreated, '2019-03-04T10:22:31Z');
  assert.equal(a!.time, Date.parse('2019-03-04T10:22:31Z'));
  assert.equal(a!.source.record, 2);
  assert.equal(b!.fields.CommandLine, 'rar a -hpP@ss -v200m\r\ncdr.rar D:\\cdr');
  assert.equal(b!.source.record, 3);
  assert.equal(c!.source.record, 6);
  assert.equal(c!.fields.CommandLine, '');
  assert.equal(c!.fields.Computer, 'DB01');
  assert.deepEqual(r.problems.map((p) => [p.where, p.reason]), [['line 5', 'expected 5 fields, found 4']]);
});

test('a quote left open to the end of the file costs its own line; the rows before and after it are kept', async () => {
  const text = 'user,action\nalice,login\nbob,"logout\nmallory,x\n';
  const r = await readAll(tmp.file('unterminated.csv', text));
  assert.equal(r.format, 'csv');
  assert.deepEqual(r.events.map((e) => [e.source.record, e.fields.user]), [[2, 'alice'], [4, 'mallory']]);
  assert.deepEqual(r.problems.map((p) => p.where), ['line 3']);
  assert.match(r.problems[0]!.reason, /quote not closed on its line/);
});

test('semicolon and tab delimiters, PowerShell #TYPE line, duplicate and empty header names, date+time columns', async () => {
  const semi = await readAll(tmp.file('proxy.txt', 'sep=;\ndate;time;c-ip;cs-host;c-uri;c-uri\n2019-03-04;10:00:01;10.1.1.5;c2.example.net;/a;/b\n'));
  assert.equal(semi.format, 'csv');
  assert.equal(semi.events[0]!.fields['cs-host'], 'c2.example.net');
  assert.equal(semi.events[0]!.fields['c-uri_2'], '/b');
  assert.equal(semi.events[0]!.time, Date.parse('2019-03-04T10:00:01Z'));
  assert.equal(semi.events[0]!.source.record, 3);
  const ps = await readAll(tmp.file('ps.csv', '#TYPE System.Diagnostics.Process\n"Name","Id",""\n"procdump64","4242","x"\n'));
  assert.deepEqual(ps.events[0]!.fields, { Name: 'procdump64', Id: '4242', column_3: 'x' });
  const tsv = await readAll(tmp.file('x.tsv.gz', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n', true));
  assert.equal(tsv.format, 'csv');
  assert.deepEqual(tsv.events.map((e) => e.fields.c), ['3', '6']);
});

test('parser gives the same rows whatever the chunking', () => {
  const text = 'a,b,c\n"x ""q"" y","line1\nline2",3\r\n"",,""\n\nlast,row,"end"';
  const expect = [['a', 'b', 'c'], ['x "q" y', 'line1\nline2', '3'], ['', '', ''], ['last', 'row', 'end']];
  for (const step of [1, 2, 3, 5, text.length]) {
    const rows: string[][] = [];
    const p = new CsvParser(',', { row: (r) => rows.push(r), problem: (l, why) => assert.fail(`${l}: ${why}`) });
    for (let i = 0; i < text.length; i += step) p.push(text.slice(i, i + step));
    p.end();
    assert.deepEqual(rows, expect, `step ${step}`);
  }
});

test('CSV sniffing does not swallow W3C, Zeek, JSON or prose; an empty .csv is CSV', async () => {
  assert.equal((await detectFormat(tmp.file('w3c.csv', '#Software: IIS\n#Fields: date time cs-method\n2019-03-04 10:00:00 GET\n')))?.format, 'w3c');
  assert.equal((await detectFormat(tmp.file('zeek.csv', '#separator \\x09\n#fields\tts\tuid\n#types\ttime\tstring\n1.0\tC1\n')))?.format, 'zeek');
  assert.equal((await detectFormat(tmp.file('j.csv', '{"a": 1, "b": 2}\n')))?.format, 'jsonl');
  assert.equal(await detectFormat(tmp.file('prose.txt', 'Dear team, the report is attached.\nIt covers Monday, Tuesday and Friday, in detail, with notes.\nThanks\n')), null);
  assert.equal((await detectFormat(tmp.file('empty.csv', '')))?.format, 'csv');
  const r = await readAll(tmp.file('header-only.csv', 'a,b\n'));
  assert.deepEqual([r.format, r.events.length, r.problems.length], ['csv', 0, 0]);
});

test('a stray quote costs one line, not the rest of a large file (20,000 rows after it, plain and gzip)', async () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => `2019-03-04T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:00Z,WEB01,C:\\\\Windows\\\\System32\\\\cmd.exe,cmd /c echo ${i}`);
  rows[100] = '2019-03-04T10:01:40Z,WEB01,"C:\\evil.exe,cmd /c whoami';
  rows[15_000] = '2019-03-04T10:10:00Z,WEB01,C:\\m.exe,"m.exe privilege::debug ""sekurlsa::logonpasswords"""';
  const text = `UtcTime,Computer,Image,CommandLine\n${rows.join('\n')}\n`;
  for (const gzip of [false, true]) {
    const r = await readAll(tmp.file(`stray${gzip ? '.csv.gz' : '.csv'}`, text, gzip));
    assert.equal(r.format, 'csv');
    assert.deepEqual(r.problems.map((p) => p.where), ['line 102']);
    assert.match(r.problems[0]!.reason, /quote not closed on its line/);
    assert.equal(r.events.length, 19_999, 'every row but the stray-quote one');
    assert.equal(r.events.find((e) => e.source.record === 15_002)!.fields.CommandLine, 'm.exe privilege::debug "sekurlsa::logonpasswords"');
    const last = r.events.at(-1)!;
    assert.equal(last.source.record, 20_001);
    assert.equal(last.fields.CommandLine, 'cmd /c echo 19999');
  }
});

test('a stray quote that reopens on every line (x"b,"c) is judged within the header width, each line reported', async () => {
  const text = `a,b,c\n${'x"b,"c\n'.repeat(5)}1,2,3\n`;
  const r = await readAll(tmp.file('reopen.csv', text));
  assert.deepEqual(r.problems.map((p) => p.where), ['line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
  assert.deepEqual(r.events.map((e) => [e.source.record, e.fields.a]), [[7, '1']]);
});

test('legitimate quoted fields with newlines and quotes still parse as one field', async () => {
  const text = 'id,script,host\n1,"Get-Process |\n  Where-Object { $_.Name -eq ""lsass"" }\n",WEB01\n2,plain,WEB02\n';
  const r = await readAll(tmp.file('multiline.csv', text));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events.map((e) => [e.source.record, e.fields.host]), [[2, 'WEB01'], [5, 'WEB02']]);
  assert.equal(r.events[0]!.fields.script, 'Get-Process |\n  Where-Object { $_.Name -eq "lsass" }\n');
});
