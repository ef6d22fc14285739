import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TempDir, readAll } from './helpers.js';
import { zeekPathFromFileName } from '../../src/sources/zeek-reader.js';

const tmp = new TempDir();
after(() => tmp.remove());

const T = '\t';
const dnsTsv = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tdns',
  '#open\t2019-03-04-10-00-00',
  ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query', 'qtype_name', 'rcode', 'AA', 'rejected', 'answers', 'TTLs'].join(T),
  ['#types', 'time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'count', 'interval', 'string', 'string', 'count', 'bool', 'bool', 'vector[string]', 'vector[interval]'].join(T),
  ['1551695000.123456', 'CHhAvVGS1DHFjwGM9', '10.1.1.5', '53211', '10.1.1.1', '53', 'udp', '4711', '0.012', 'update.ddns.example.net', 'A', '0', 'F', 'F', '198.51.100.20,198.51.100.21', '60.000000,60.000000'].join(T),
  ['1551695001.5', 'C2', '10.1.1.5', '53212', '10.1.1.1', '53', 'udp', '4712', '-', 'tab\\x09in\\x2cname', 'TXT', '-', 'T', 'F', '(empty)', '(empty)'].join(T),
  ['1551695002', 'C3', '10.1.1.5'].join(T),
  '#close\t2019-03-04-11-00-00',
  '',
].join('\n');

test('Zeek TSV dns.log: typed values, sets, unset and empty, _path and zeek_log, time from ts', async () => {
  const r = await readAll(tmp.file('dns.04:00:00-05:00:00.log', dnsTsv));
  assert.equal(r.format, 'zeek');
  assert.equal(r.events.length, 2);
  const [a, b] = r.events.map((e) => e.fields);
  assert.equal(a!.query, 'update.ddns.example.net');
  assert.equal(a!['id.orig_h'], '10.1.1.5');
  assert.equal(a!['id.resp_p'], 53);
  assert.equal(a!.rtt, 0.012);
  assert.equal(a!.AA, false);
  assert.deepEqual(a!.answers, ['198.51.100.20', '198.51.100.21']);
  assert.deepEqual(a!.TTLs, [60, 60]);
  assert.equal(a!._path, 'dns');
  assert.equal(a!.zeek_log, 'dns');
  assert.equal(r.events[0]!.time, 1551695000123.456);
  assert.equal(r.events[0]!.source.record, 9);
  assert.equal('rtt' in b!, false);
  assert.equal('rcode' in b!, false);
  assert.equal(b!.query, 'tab\tin,name');
  assert.equal(b!.AA, true);
  assert.deepEqual(b!.answers, []);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.where, 'line 11');
  assert.match(r.problems[0]!.reason, /expected 16 fields, found 3/);
});

test('Zeek TSV http and conn logs concatenated (headers repeat), gzip, path from #path', async () => {
  const http = [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\thttp',
    ['#fields', 'ts', 'uid', 'id.orig_h', 'id.resp_h', 'method', 'host', 'uri', 'user_agent', 'status_code', 'resp_mime_types'].join(T),
    ['#types', 'time', 'string', 'addr', 'addr', 'string', 'string', 'string', 'string', 'count', 'vector[string]'].join(T),
    ['1551695100.0', 'C9', '10.1.1.5', '203.0.113.50', 'PUT', 'files.example.org', '/dav/x.exe', 'Microsoft-WebDAV-MiniRedir/10.0.17763', '201', 'application/x-dosexec'].join(T),
    '#path\tconn',
    ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes'].join(T),
    ['#types', 'time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count'].join(T),
    ['1551695200.0', 'C10', '10.1.1.5', '49800', '203.0.113.50', '443', 'tcp', 'ssl', '3600.5', '123456789'].join(T),
    '',
  ].join('\n');
  const r = await readAll(tmp.file('zeek-mixed.txt', http, true));
  assert.equal(r.format, 'zeek');
  assert.deepEqual(r.problems, []);
  assert.equal(r.events.length, 2);
  const [h, c] = r.events.map((e) => e.fields);
  assert.equal(h!._path, 'http');
  assert.equal(h!.uri, '/dav/x.exe');
  assert.equal(h!.status_code, 201);
  assert.deepEqual(h!.resp_mime_types, ['application/x-dosexec']);
  assert.equal(c!._path, 'conn');
  assert.equal(c!.zeek_log, 'conn');
  assert.equal(c!.orig_bytes, 123456789);
  assert.equal(c!['id.resp_p'], 443);
});

test('Zeek JSON logs: format zeek, ts gives time (epoch and ISO), _path from record or file name', async () => {
  const lines = [
    { ts: 1551695000.25, uid: 'CA', 'id.orig_h': '10.1.1.5', 'id.orig_p': 5353, 'id.resp_h': '10.1.1.1', 'id.resp_p': 53, query: 'c2.dynu.net', qtype_name: 'A', rejected: false },
    { ts: '2019-03-04T10:25:00.500000Z', uid: 'CB', id: { orig_h: '10.1.1.6', resp_h: '10.1.1.1' }, query: 'example.com' },
    'not json',
    { _path: 'http', ts: 1551695010, uid: 'CC', 'id.orig_h': '10.1.1.5', uri: '/a' },
  ].map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  const r = await readAll(tmp.file('dns.log', lines.join('\n') + '\n'));
  assert.equal(r.format, 'zeek');
  assert.equal(r.events.length, 3);
  const [a, b, c] = r.events;
  assert.equal(a!.fields.query, 'c2.dynu.net');
  assert.equal(a!.fields._path, 'dns');
  assert.equal(a!.fields.zeek_log, 'dns');
  assert.equal(a!.time, 1551695000250);
  assert.equal(b!.fields['id.orig_h'], '10.1.1.6');
  assert.equal(b!.time, Date.parse('2019-03-04T10:25:00.500Z'));
  assert.equal(c!.fields._path, 'http');
  assert.equal(c!.fields.zeek_log, 'http');
  assert.equal(c!.source.record, 4);
  assert.deepEqual(r.problems.map((p) => p.where), ['line 3']);
});

test('log path from file names', () => {
  assert.equal(zeekPathFromFileName('/logs/dns.log'), 'dns');
  assert.equal(zeekPathFromFileName('/logs/http.00:00:00-01:00:00.log.gz'), 'http');
  assert.equal(zeekPathFromFileName('conn_20190304.log'), 'conn');
});

test('Zeek escapes: byte runs decode as UTF-8, backslashes survive', async () => {
  const log = ['#separator \\x09', '#fields\tts\tquery', '#types\ttime\tstring', '1.0\tcaf\\xc3\\xa9.example\\x2ecom', '2.0\tC:\\\\temp\\q', ''].join('\n');
  const r = await readAll(tmp.file('dns.log', log));
  assert.equal(r.format, 'zeek');
  assert.deepEqual(r.events.map((e) => e.fields.query), ['café.example.com', 'C:\\temp\\q']);
});
