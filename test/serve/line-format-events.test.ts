/**
 * `POST /api/v1/events?format=w3c|zeek` bodies are read from memory by the hunt's own readers
 * (ReadOptions.content, no temporary file): the same events as reading the same bytes from a file,
 * a bad line named in a 400.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { lineFormatRecords } from '../../src/serve/line-format-events.js';
import { decodeLogEvent } from '../../src/serve/log-event.js';
import { HttpError } from '../../src/serve/http-error.js';
import { W3cReader } from '../../src/sources/w3c-reader.js';
import { ZeekTsvReader } from '../../src/sources/zeek-reader.js';
import type { EventReader } from '../../src/sources/reader.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cw-line-body-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const IIS = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Date: 2019-03-04 02:40:05',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip cs(User-Agent) sc-status',
  '2019-03-04 02:40:05 172.16.10.11 POST /aspnet_client/system_web/4_0_30319/errorFE.aspx - 443 203.0.113.77 Mozilla/5.0+(compatible;+Baiduspider/2.0) 200',
  '2019-03-04 02:40:09 172.16.10.11 GET /owa/auth/logon.aspx replaceCurrent=1 443 203.0.113.77 - 302',
].join('\r\n');

const ZEEK = [
  '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tdns',
  '#fields\tts\tuid\tid.orig_h\tid.resp_h\tquery\tanswers',
  '#types\ttime\tstring\taddr\taddr\tstring\tvector[string]',
  '1551666005.120000\tC1\t172.16.10.11\t172.16.1.5\tvpn729380678.softether.net\t198.51.100.9,198.51.100.10',
  '1551666006.5\tC2\t172.16.10.12\t172.16.1.5\texample.org\t-',
].join('\n');

async function fromFile(reader: EventReader, text: string): Promise<Array<{ time: number; fields: unknown }>> {
  const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(file, text);
  const out: Array<{ time: number; fields: unknown }> = [];
  for await (const batch of reader.read(file, { onProblem: () => assert.fail('no problem expected') })) for (const e of batch) out.push({ time: e.time, fields: e.fields });
  return out;
}

const decoded = (records: Buffer[]): Array<{ time: number; fields: unknown; format: string }> =>
  records.map((r, i) => {
    const e = decodeLogEvent(r, i);
    return { time: e.time, fields: e.fields, format: e.source.format };
  });

test('W3C and Zeek TSV bodies give the events the readers give for the same file', async () => {
  const w3c = decoded(await lineFormatRecords(Buffer.from(IIS), 'w3c', 100));
  assert.equal(w3c.length, 2);
  assert.deepEqual(w3c.map(({ time, fields }) => ({ time, fields })), await fromFile(new W3cReader(), IIS));
  assert.equal((w3c[0]!.fields as Record<string, string>)['cs-user-agent'], 'Mozilla/5.0 (compatible; Baiduspider/2.0)');
  const zeek = decoded(await lineFormatRecords(Buffer.from(ZEEK), 'zeek', 100));
  assert.deepEqual(zeek.map(({ time, fields }) => ({ time, fields })), await fromFile(new ZeekTsvReader(), ZEEK));
  assert.deepEqual((zeek[0]!.fields as Record<string, unknown>).answers, ['198.51.100.9', '198.51.100.10']);
  assert.equal((zeek[0]!.fields as Record<string, unknown>)._path, 'dns');
  assert.ok(zeek.every((e) => e.format === 'zeek'));
});

test('Zeek JSON lines, a UTF-8 BOM and gzip inside the bytes are read as from a file', async () => {
  const json = '{"ts":1551666005.12,"uid":"C1","id.orig_h":"172.16.10.11","_path":"dns","query":"vpn729380678.softether.net"}\n';
  const zeek = decoded(await lineFormatRecords(Buffer.from(json), 'zeek', 100));
  assert.equal(zeek.length, 1);
  assert.equal((zeek[0]!.fields as Record<string, unknown>).zeek_log, 'dns');
  const bom = decoded(await lineFormatRecords(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(IIS)]), 'w3c', 100));
  assert.equal(bom.length, 2);
  const gz = decoded(await lineFormatRecords(gzipSync(IIS), 'w3c', 100));
  assert.deepEqual(gz, decoded(await lineFormatRecords(Buffer.from(IIS), 'w3c', 100)));
});

test('a bad line is a 400 naming it; too many events a 413', async () => {
  await assert.rejects(lineFormatRecords(Buffer.from(`${IIS}\r\n2019-03-04 02:41:00 only three`), 'w3c', 100),
    (err: unknown) => err instanceof HttpError && err.status === 400 && /^line 6: expected 10 fields, found 4/.test(err.message));
  await assert.rejects(lineFormatRecords(Buffer.from('2019-03-04 02:41:00 x'), 'w3c', 100),
    (err: unknown) => err instanceof HttpError && err.status === 400 && /^line 1: log line before any #Fields directive/.test(err.message));
  await assert.rejects(lineFormatRecords(Buffer.from(IIS), 'w3c', 1), (err: unknown) => err instanceof HttpError && err.status === 413);
});
