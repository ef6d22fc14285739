import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/audit/admin-csv.js';
import { parseJsonRecords } from '../../src/audit/json-records.js';
import { parseBool, parseDate, parseList } from '../../src/audit/cell-values.js';

test('CSV: #TYPE line, quoted multi-line fields keep their starting line, CRLF', () => {
  const text = '#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n"SamAccountName","Enabled","MemberOf"\r\n"a.one","True","CN=Domain Admins,CN=Users,DC=x\nCN=VPN Users,OU=Groups,DC=x"\r\n"b.two","False",""\r\n';
  const t = parseCsv(text);
  assert.equal(t.typeName, 'Microsoft.ActiveDirectory.Management.ADUser');
  assert.deepEqual(t.header, ['SamAccountName', 'Enabled', 'MemberOf']);
  assert.equal(t.rows.length, 2);
  assert.equal(t.rows[0]!.line, 3);
  assert.equal(t.rows[1]!.line, 5);
  assert.equal(t.rows[0]!.values.MemberOf, 'CN=Domain Admins,CN=Users,DC=x\nCN=VPN Users,OU=Groups,DC=x');
});

test('CSV: semicolon delimiter, doubled quotes, BOM, short rows reported', () => {
  const t = parseCsv('\uFEFFhost;product;version\nWEB01;"IIS ""classic""";8.5\nshort\n');
  assert.equal(t.delimiter, ';');
  assert.equal(t.rows[0]!.values.product, 'IIS "classic"');
  assert.equal(t.problems.length, 1);
  assert.equal(t.problems[0]!.line, 3);
  assert.throws(() => parseCsv('\n\n'), /empty/);
});

test('CSV: the delimiter is the one the header uses most outside quotes (tab, pipe; comma when none)', () => {
  const tab = parseCsv('host\tproduct\tversion\nWEB01\tIIS, classic\t8.5\n');
  assert.equal(tab.delimiter, '\t');
  assert.equal(tab.rows[0]!.values.product, 'IIS, classic');
  const pipe = parseCsv('"a,b"|c|d\n1|2|3\n');
  assert.equal(pipe.delimiter, '|');
  assert.deepEqual(pipe.header, ['a,b', 'c', 'd']);
  assert.equal(parseCsv('single\nvalue\n').delimiter, ',');
});

test('JSON: Graph page records carry the line they start on; JSONL per line; bad JSONL lines reported', () => {
  const doc = parseJsonRecords('{\n  "@odata.context": "x",\n  "value": [\n    {\n      "a": 1\n    },\n    { "a": "[not an array" }\n  ]\n}\n');
  assert.deepEqual(doc.records.map((r) => r.line), [4, 7]);
  const lines = parseJsonRecords('{"a":1}\n\n{"a":2}\n{broken\n');
  assert.equal(lines.format, 'jsonl');
  assert.deepEqual(lines.records.map((r) => r.line), [1, 3]);
  assert.equal(lines.problems[0]!.line, 4);
  assert.throws(() => parseJsonRecords('   '), /empty/);
  assert.throws(() => parseJsonRecords('[{"a":1},\n{"b":'), /not JSON/);
});

test('booleans in every spelling; garbage is a reason, not a guess', () => {
  for (const t of ['True', 'TRUE', 'true', 'yes', 'Y', '1', '$true']) assert.deepEqual(parseBool(t), { ok: true, value: true }, t);
  for (const f of ['False', 'no', 'N', '0', '$false']) assert.deepEqual(parseBool(f), { ok: true, value: false }, f);
  assert.deepEqual(parseBool(''), { ok: true, value: null });
  assert.equal(parseBool('maybe').ok, false);
  assert.equal(parseBool(2).ok, false);
});

test('dates: Export-Csv US form with AM/PM, ISO with and without zone, .NET JSON form', () => {
  assert.deepEqual(parseDate('3/14/2019 10:22:31 PM'), { ok: true, value: Date.UTC(2019, 2, 14, 22, 22, 31) });
  assert.deepEqual(parseDate('3/14/2019 12:05:00 AM'), { ok: true, value: Date.UTC(2019, 2, 14, 0, 5, 0) });
  assert.deepEqual(parseDate('2026-11-19T07:00:00Z'), { ok: true, value: Date.UTC(2026, 10, 19, 7) });
  assert.deepEqual(parseDate('2026-11-19 07:00:00'), { ok: true, value: Date.UTC(2026, 10, 19, 7) });
  assert.deepEqual(parseDate('/Date(1553335200000)/'), { ok: true, value: 1553335200000 });
  assert.equal(parseDate('13/45/2019').ok, false);
  assert.equal(parseDate('yesterday').ok, false);
});

test('lists: JSON arrays, semicolons, newlines, JSON text in a CSV cell', () => {
  assert.deepEqual(parseList('mobilePhone;email'), { ok: true, value: ['mobilePhone', 'email'] });
  assert.deepEqual(parseList('["fido2SecurityKey","microsoftAuthenticatorPush"]'), { ok: true, value: ['fido2SecurityKey', 'microsoftAuthenticatorPush'] });
  assert.deepEqual(parseList('CN=A,DC=x\nCN=B,DC=x', /[;\n]+/), { ok: true, value: ['CN=A,DC=x', 'CN=B,DC=x'] });
});
