import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSyslogMessage } from '../../../src/sources/syslog/parse-syslog-message.js';
import { parse, REF } from './parse-helper.js';

test('RFC 5424 example with structured data, escapes and a BOM', () => {
  const r = parse('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 [exampleSDID@32473 iut="3" eventSource="Appl\\"ic\\]a\\\\tion" eventID="1011"][examplePriority@32473 class="high"] \uFEFF\'su root\' failed for lonvick on /dev/pts/8');
  assert.equal(r.time, Date.parse('2003-10-11T22:14:15.003Z'));
  assert.deepEqual(r.fields, {
    facility: 'auth', severity: 'crit', timestamp: '2003-10-11T22:14:15.003Z', host: 'mymachine.example.com',
    program: 'su', msgid: 'ID47',
    'exampleSDID@32473.iut': '3', 'exampleSDID@32473.eventSource': 'Appl"ic]a\\tion', 'exampleSDID@32473.eventID': '1011',
    'examplePriority@32473.class': 'high',
    message: "'su root' failed for lonvick on /dev/pts/8",
  });
});

test('RFC 5424: numeric offset, microseconds, nil values, no message', () => {
  const r = parse('<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - -');
  assert.equal(r.fields.timestamp, '2003-08-24T12:14:15.000Z');
  assert.equal(r.fields.pid, '8710');
  assert.equal(r.fields.msgid, undefined);
  assert.equal(r.fields.message, '');
  const nil = parse('<13>1 - - - - - - hello');
  assert.ok(Number.isNaN(nil.time));
  assert.deepEqual(nil.fields, { facility: 'user', severity: 'notice', message: 'hello' });
});

test('RFC 5424: a parameter repeated in one element becomes a list', () => {
  const r = parse('<14>1 2024-05-01T10:00:00Z h app - - [origin ip="192.0.2.1" ip="192.0.2.2"] m');
  assert.deepEqual(r.fields['origin.ip'], ['192.0.2.1', '192.0.2.2']);
});

test('RFC 5424: malformed headers and structured data are named, not thrown', () => {
  const cases: Array<[string, RegExp]> = [
    ['<34>1 2003-10-11 22:14:15 host app - - - m', /timestamp "2003-10-11" is not RFC 3339/],
    ['<34>1 2003-10-11T22:14:15Z host app - - [id a="1 m', /\[id\] parameter a has no closing quote/],
    ['<34>1 2003-10-11T22:14:15Z host app - - [id a="1" m', /\[id\] has a malformed parameter at column 51/],
    ['<34>1 2003-10-11T22:14:15Z host app - - [id a="1"', /\[id\] is not closed/],
    ['<34>1 2003-10-11T22:14:15Z host app - - [id a=1] m', /\[id\] has a malformed parameter/],
    ['<34>1 2003-10-11T22:14:15Z host app - - [id a="1"]m', /followed by "m" instead of a space/],
    ['<34>1 2003-10-11T22:14:15Z host', /header ends in HOSTNAME/],
    ['<192>1 - - - - - -', /above 191/],
    ['<x>1 - - - - - -', /not a number/],
  ];
  for (const [line, reason] of cases) {
    const r = parseSyslogMessage(line, REF);
    assert.equal(typeof r, 'string', line);
    assert.match(r as string, reason);
  }
});

test('RFC 5424 JSON payload is flattened; header fields are never overwritten', () => {
  const r = parse('<14>1 2024-05-01T10:00:00Z web01 agent 77 - - {"user":{"name":"bob"},"host":"spoofed","src_ip":"198.51.100.4"}');
  assert.equal(r.fields['user.name'], 'bob');
  assert.equal(r.fields.src_ip, '198.51.100.4');
  assert.equal(r.fields.host, 'web01');
  assert.equal(r.fields['json.host'], 'spoofed');
});
