import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bulkResponse, parseBulk } from '../../src/serve/es-bulk.js';
import { jsonEvents } from '../../src/serve/json-events.js';

const jsonEventTexts = (body: string, max: number): string[] => jsonEvents(body, max).map((e) => e.text);
import { HttpError } from '../../src/serve/http-error.js';
import { decodeLogEvent, encodeFlatEvent, encodeJsonEvent } from '../../src/serve/log-event.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'serve', 'fixtures');
const fixture = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

function httpError(fn: () => unknown, status: number, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof HttpError && err.status === status && message.test(err.message));
}

test('JSON bodies: one object, a pretty-printed object, an array, NDJSON with blank lines', () => {
  assert.deepEqual(jsonEventTexts('{"a":1}', 10), ['{"a":1}']);
  assert.deepEqual(jsonEventTexts('{\n  "a": 1,\n  "b": {"c": 2}\n}\n', 10), ['{"a":1,"b":{"c":2}}']);
  assert.deepEqual(jsonEventTexts('[{"a":1},{"b":2}]', 10), ['{"a":1}', '{"b":2}']);
  assert.deepEqual(jsonEventTexts('{"a":1}\n\n{"b":2}\r\n', 10), ['{"a":1}', '{"b":2}']);
  assert.deepEqual(jsonEventTexts('  \n', 10), []);
  assert.deepEqual(jsonEvents('{"a":1}\n{"b":{"c":2}}', 10).map((e) => e.value), [{ a: 1 }, { b: { c: 2 } }]);
});

test('a bad JSON line is named; non-objects and too many events are refused', () => {
  httpError(() => jsonEventTexts('{"a":1}\n{"b":2}\n{"c":\n', 10), 400, /^line 3: invalid JSON/);
  httpError(() => jsonEventTexts('{"a":1}\n[1,2]\n', 10), 400, /^line 2: an event must be a JSON object/);
  httpError(() => jsonEventTexts('[{"a":1}, 7]', 10), 400, /^element 2: an event must be a JSON object/);
  httpError(() => jsonEventTexts('[{"a":1},', 10), 400, /^invalid JSON array/);
  httpError(() => jsonEventTexts('{"a":1}\n{"a":2}\n{"a":3}', 2), 413, /more than 2 events/);
});

test('Winlogbeat bulk request: create actions with ECS documents, flattened like the hunt flattens Winlogbeat', () => {
  const items = parseBulk(fixture('winlogbeat-bulk.ndjson'), 'cellwatch', 100);
  assert.equal(items.length, 3);
  assert.ok(items.every((i) => i.action === 'create' && i.index === 'winlogbeat-8.17.0' && i.text !== undefined && !i.error));
  const event = decodeLogEvent(encodeJsonEvent(items[1]!.text!), 41);
  assert.deepEqual(decodeLogEvent(encodeJsonEvent(items[1]!.text!), 41, items[1]!.value), event, 'the parsed value gives the same event');
  assert.deepEqual(items[1]!.value, JSON.parse(items[1]!.text!));
  assert.equal(event.fields.EventID, 1);
  assert.equal(event.fields.Channel, 'Microsoft-Windows-Sysmon/Operational');
  assert.equal(event.fields.Computer, 'CDR-DB01.corp.telco.example');
  assert.match(String(event.fields.CommandLine), /sekurlsa::logonpasswords/);
  assert.equal(event.time, Date.parse('2026-11-28T21:14:09.502Z'));
  assert.deepEqual(event.source, { path: 'serve-log', record: 42, format: 'jsonl' });
});

test('Filebeat and Vector bulk requests; the response lists every item with its status', () => {
  const fb = parseBulk(fixture('filebeat-bulk.ndjson'), 'cellwatch', 100);
  assert.deepEqual(fb.map((i) => [i.action, i.index]), [['create', 'filebeat-8.17.0'], ['create', 'filebeat-8.17.0']]);
  const vec = parseBulk(fixture('vector-bulk.ndjson'), 'fallback', 100);
  assert.deepEqual(vec.map((i) => [i.action, i.index]), [['index', 'vector-2026.11.28'], ['index', 'vector-2026.11.28']]);
  const res = bulkResponse(vec, 500, 3) as { errors: boolean; items: Record<string, { status: number; _seq_no: number; _id: string }>[] };
  assert.equal(res.errors, false);
  assert.deepEqual(res.items.map((i) => [i.index!.status, i.index!._seq_no, i.index!._id]), [[201, 500, 'cw-500'], [201, 501, 'cw-501']]);
});

test('bulk: a bad document is its own item error, delete/update are refused per item, the rest is stored', () => {
  const body = [
    '{"index":{"_index":"logs","_id":"a1"}}', '{"message":"ok 1"}',
    '{"create":{}}', '{"message": broken}',
    '{"delete":{"_index":"logs","_id":"a1"}}',
    '{"update":{"_id":"a1"}}', '{"doc":{"x":1}}',
    '{"index":{}}', '{"message":"ok 2"}',
  ].join('\n') + '\n';
  const items = parseBulk(body, 'default-idx', 100);
  assert.deepEqual(items.map((i) => i.action), ['index', 'create', 'delete', 'update', 'index']);
  assert.deepEqual(items.map((i) => i.text !== undefined), [true, false, false, false, true]);
  assert.match(items[1]!.error!.reason, /^line 4: invalid JSON/);
  assert.equal(items[1]!.index, 'default-idx');
  const res = bulkResponse(items, 10, 1) as { errors: boolean; items: Record<string, { status: number; _id: string | null }>[] };
  assert.equal(res.errors, true);
  assert.deepEqual(res.items.map((i) => Object.values(i)[0]!.status), [201, 400, 400, 400, 201]);
  assert.deepEqual(res.items.map((i) => Object.values(i)[0]!._id), ['a1', null, 'a1', 'a1', 'cw-11']);
});

test('bulk: a malformed action line rejects the request, naming the line', () => {
  httpError(() => parseBulk('{"index":{}}\n{"a":1}\n{"bogus":{}}\n{"a":2}\n', 'x', 10), 400, /Malformed action\/metadata line \[3\]/);
  httpError(() => parseBulk('not json\n', 'x', 10), 400, /Malformed action\/metadata line \[1\]/);
});

test('pre-flattened (W3C/Zeek) records keep their fields, time and format', () => {
  const e = decodeLogEvent(encodeFlatEvent('w3c', 1764364811000, { 'cs-uri-stem': '/owa/auth/x.aspx', 'c-ip': '203.0.113.77' }), 0);
  assert.equal(e.source.format, 'w3c');
  assert.equal(e.time, 1764364811000);
  assert.equal(e.fields['c-ip'], '203.0.113.77');
  assert.ok(Number.isNaN(decodeLogEvent(encodeFlatEvent('zeek', NaN, { a: 1 }), 0).time));
  assert.throws(() => decodeLogEvent(Buffer.from('{oops'), 0));
});
