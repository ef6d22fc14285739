import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/findings/finding.js';
import { cefExtensionValue, cefHeaderField, cefLine } from '../../../src/serve/outputs/cef-line.js';
import { octetCounted, syslogMessage } from '../../../src/serve/outputs/syslog-message.js';
import { backoffDelay } from '../../../src/serve/outputs/retry-backoff.js';

const hostile: Finding = {
  ts: '2026-11-28T22:00:05.000Z', detector: 'sigma',
  rule: { id: 'rule|1\\x', title: 'Pipe | back\\slash = eq\nnew line\u001b[31m', level: 'high' },
  attack: ['T1505.003', 'T1059'], host: 'WS|01=x\ny',
  source: { path: 'C:\\logs\\a=b|c.evtx', record: 42, format: 'evtx' },
  matched: { CommandLine: 'a=b | c\\d\r\ne\u202e' }, event: {},
};

test('CEF: header escapes | and \\, extension escapes = \\ and newlines, control characters are shown, never raw', () => {
  assert.equal(cefHeaderField('a|b\\c'), String.raw`a\|b\\c`);
  assert.equal(cefHeaderField('two\nlines\r'), String.raw`two\\x0alines\\x0d`);
  assert.equal(cefExtensionValue('k=v \\ | x\r\ny\nz\rw'), String.raw`k\=v \\ | x\r\ny\nz\rw`);
  assert.equal(cefExtensionValue('tab\there nul\u0000 esc\u001b del\u007f rlo\u202e'), String.raw`tab\\x09here nul\\x00 esc\\x1b del\\x7f rlo\\u202e`);
  const line = cefLine(hostile, '0123456789abcdef0123456789abcdef', '0.1.0');
  assert.equal(line, String.raw`CEF:0|cellwatch|cellwatch|0.1.0|rule\|1\\x|Pipe \| back\\slash = eq\\x0anew line\\x1b[31m|8|` +
    String.raw`rt=1795903205000 dvchost=WS|01\=x\ny cat=sigma cs1Label=mitreAttack cs1=T1505.003,T1059 ` +
    String.raw`filePath=C:\\logs\\a\=b|c.evtx cn1Label=sourceRecord cn1=42 externalId=0123456789abcdef0123456789abcdef ` +
    String.raw`msg={"CommandLine":"a\=b | c\\\\d\\r\\ne\\u202e"}`);
  assert.doesNotMatch(line, /[\u0000-\u001f\u007f\u202e]/, 'one line, no raw control characters');
  // Before the severity, the header splits at unescaped pipes into exactly its six fields.
  const header = line.slice(0, line.indexOf('|8|rt='));
  assert.deepEqual(header.split(/(?<=(?:^|[^\\])(?:\\\\)*)\|/).length, 6);
});

test('CEF: ioc findings name their intel source; no time, no host and long matches are handled', () => {
  const ioc: Finding = {
    ts: '', detector: 'ioc', rule: { id: 'ioc:domain:evil.example', title: 'Domain evil.example', level: 'critical' },
    attack: [], host: '', source: { path: 'serve-log', record: 7, format: 'jsonl' },
    matched: { QueryName: 'x'.repeat(2000) }, event: {}, intel: { source: 'gallium pack', tags: [] },
  };
  const line = cefLine(ioc, 'ab', '1.2.3');
  assert.ok(line.startsWith('CEF:0|cellwatch|cellwatch|1.2.3|ioc:domain:evil.example|Domain evil.example|10|cat=ioc cs2Label=intelSource cs2=gallium pack filePath=serve-log cn1Label=sourceRecord cn1=7 externalId=ab msg={"QueryName":"xxx'), line.slice(0, 200));
  assert.ok(line.endsWith('x…'));
  assert.equal(line.length, line.indexOf('msg=') + 4 + 1000 + 1);
});

test('RFC 5424 message: PRI from facility 4 and the level, sanitised header tokens, octet counting by bytes', () => {
  const now = new Date('2026-11-29T05:00:00.123Z');
  assert.equal(syslogMessage('high', 'CEF:0|x', { hostname: 'soc node 1', procId: '4242' }, now),
    '<35>1 2026-11-29T05:00:00.123Z socnode1 cellwatch 4242 finding - CEF:0|x');
  assert.equal(syslogMessage('critical', 'm', { hostname: '', procId: '1' }, now).slice(0, 5), '<34>1');
  assert.equal(syslogMessage('informational', 'm', { hostname: 'h', procId: '1' }, now).slice(0, 5), '<38>1');
  assert.equal(octetCounted('é|x').toString('utf8'), '4 é|x');
});

test('backoff: exponential, jittered between half and all of the step, capped', () => {
  const policy = { baseMs: 500, maxMs: 60_000 };
  assert.equal(backoffDelay(1, policy, () => 0), 250);
  assert.equal(backoffDelay(1, policy, () => 0.999999), 500);
  assert.equal(backoffDelay(4, policy, () => 0), 2000);
  assert.equal(backoffDelay(20, policy, () => 0), 30_000);
  assert.equal(backoffDelay(1000, policy, () => 0.999999), 60_000);
});
