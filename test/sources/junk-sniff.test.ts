/**
 * Format detection tolerates junk: a stray NUL byte or a garbage line an attacker writes into a
 * log does not turn it into "unknown format" (which would skip the whole file); a text file whose
 * extension names a format is read as that format with its bad lines reported; binary content and
 * a decompression bomb of zeros are still refused without being read.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { detectFormat, openInput } from '../../src/sources/index.js';
import { TempDir, readAll } from './helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

const rec = (n: number): string => JSON.stringify({ n, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `whoami /all ${n}` });

test('JSONL with a NUL byte inside a record (no extension): still JSONL, that line reported, the others read', async () => {
  const text = [rec(1), `{"n":2,"x":"a\u0000b"\u0000}`, rec(3), rec(4)].join('\n');
  const r = await readAll(tmp.file('events', text));
  assert.equal(r.format, 'jsonl');
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 3, 4]);
  assert.equal(r.problems.length, 1);
  assert.match(`${r.problems[0]!.where}: ${r.problems[0]!.reason}`, /^line 2: invalid JSON/);
});

test('a junk first line (NULs, a banner) does not hide a JSONL file', async () => {
  const text = [`\u0000\u0000\u0001 collector v2 \u0000`, rec(1), rec(2), 'trailing garbage', rec(3)].join('\n');
  const r = await readAll(tmp.file('export-1', text, true));
  assert.equal(r.format, 'jsonl');
  assert.deepEqual(r.events.map((e) => e.fields.n), [1, 2, 3]);
  assert.deepEqual(r.problems.map((p) => p.where), ['line 1', 'line 4']);
});

test('a text file with a known extension is read as that format when its content decides nothing', async () => {
  const text = ['\u0000 junk', 'more junk', rec(7), 'junk again'].join('\n');
  const r = await readAll(tmp.file('damaged.jsonl', text));
  assert.equal(r.format, 'jsonl');
  assert.deepEqual(r.events.map((e) => e.source.record), [3]);
  assert.deepEqual(r.problems.map((p) => p.where), ['line 1', 'line 2', 'line 4']);
  assert.equal(await detectFormat(tmp.file('damaged.bin', text)), null, 'no extension to go by: unknown');
});

test('a W3C log with a NUL byte in its first 64 KiB is still W3C and its detections are kept', async () => {
  const lines = [
    '#Software: Microsoft Internet Information Services 10.0',
    '#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status',
    '2019-03-04 10:22:31 203.0.113.7 GET /index.htm - 200',
    '2019-03-04 10:22:32 203.0.113.7 GET /x\u0000y - 404',
    '2019-03-04 10:22:33 203.0.113.7 POST /invoker/JMXInvokerServlet - 200',
  ];
  const r = await readAll(tmp.file('u_ex190304.log', `${lines.join('\r\n')}\r\n`));
  assert.equal(r.format, 'w3c');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events.map((e) => e.fields['cs-uri-stem']), ['/index.htm', '/x\u0000y', '/invoker/JMXInvokerServlet']);
});

test('binary content and a gzip bomb of zeros are refused from the head, whatever the extension', async () => {
  const zeros = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 1 });
  const bomb = tmp.file('zeros.jsonl.gz', zeros);
  assert.equal(await detectFormat(bomb), null);
  await assert.rejects(openInput(bomb), /zeros\.jsonl\.gz: unknown format/);
  const exe = Buffer.alloc(8192);
  for (let i = 0; i < exe.length; i++) exe[i] = (i * 31) % 7 === 0 ? 0 : 0x41 + (i % 26);
  assert.equal(await detectFormat(tmp.file('tool.csv', exe)), null);
});
