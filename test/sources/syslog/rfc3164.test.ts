import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferYear } from '../../../src/sources/syslog/bsd-timestamp.js';
import { parseSyslogMessage } from '../../../src/sources/syslog/parse-syslog-message.js';
import { parse, REF } from './parse-helper.js';

test('RFC 3164 with PRI, padded day, host and tag[pid]', () => {
  const r = parse('<38>Mar  4 10:22:31 web01 sshd[2211]: Server listening on 0.0.0.0 port 22.');
  assert.deepEqual(r.fields, {
    facility: 'auth', severity: 'info', timestamp: '2019-03-04T10:22:31.000Z', host: 'web01', program: 'sshd', pid: '2211',
    message: 'Server listening on 0.0.0.0 port 22.',
  });
});

test('auth.log lines without PRI, traditional and RSYSLOG_FileFormat timestamps', () => {
  const trad = parse('Mar  4 10:22:31 web01 CRON[881]: pam_unix(cron:session): session closed for user root');
  assert.equal(trad.fields.program, 'CRON');
  assert.equal(trad.fields.facility, undefined);
  assert.equal(trad.fields.action, 'session_closed');
  const iso = parse('2024-05-01T10:00:00.123456+02:00 web01 systemd-logind[612]: New session 4 of user alice.');
  assert.equal(iso.time, Date.parse('2024-05-01T08:00:00.123Z'));
  assert.equal(iso.fields.host, 'web01');
  assert.equal(iso.fields.program, 'systemd-logind');
  assert.equal(iso.fields.message, 'New session 4 of user alice.');
});

test("rsyslog's forwarding format: PRI then an RFC 3339 time", () => {
  const r = parse('<86>2024-05-01T10:00:00.123+02:00 web01 sshd[77]: Connection closed by 198.51.100.4 port 40022 [preauth]');
  assert.deepEqual([r.fields.facility, r.fields.severity, r.fields.timestamp, r.fields.host, r.fields.program, r.fields.pid],
    ['authpriv', 'info', '2024-05-01T08:00:00.123Z', 'web01', 'sshd', '77']);
  assert.equal(r.fields.action, 'connection_closed');
});

test('a missing hostname, a tag without pid, a message with no tag', () => {
  const noHost = parse('<13>Mar  4 10:22:31 kernel: [ 1.234] eth0: link up');
  assert.equal(noHost.fields.host, undefined);
  assert.equal(noHost.fields.program, 'kernel');
  assert.equal(noHost.fields.message, '[ 1.234] eth0: link up');
  const noTag = parse('Mar  4 10:22:31 web01 last message repeated 3 times');
  assert.equal(noTag.fields.host, 'web01');
  assert.equal(noTag.fields.program, undefined);
  assert.equal(noTag.fields.message, 'last message repeated 3 times');
});

test('the year comes from the reference time; December read in January is last year', () => {
  assert.equal(parse('Mar  4 10:22:31 h a: m').fields.timestamp, '2019-03-04T10:22:31.000Z');
  const jan = Date.UTC(2020, 0, 2);
  assert.equal(parse('Dec 31 23:59:59 h a: m', jan).fields.timestamp, '2019-12-31T23:59:59.000Z');
  assert.equal(parse('Jan  2 08:00:00 h a: m', jan).fields.timestamp, '2020-01-02T08:00:00.000Z');
  // Up to a day ahead of the reference stays in the reference's year (clocks and zones differ).
  assert.equal(inferYear(0, 2, 20 * 3600e3, jan), Date.UTC(2020, 0, 2, 20));
  assert.equal(inferYear(0, 4, 0, jan), Date.UTC(2019, 0, 4));
  // A lower bound (an event read earlier): its year, or the next when more than a day before it.
  const lateDec = Date.UTC(2019, 11, 31, 23);
  assert.equal(inferYear(0, 1, 3600e3, { after: lateDec }), Date.UTC(2020, 0, 1, 1));
  assert.equal(inferYear(11, 31, 3600e3, { after: lateDec }), Date.UTC(2019, 11, 31, 1)); // up to a day before stays
  assert.equal(parse('Mar  4 10:22:31 h a: m', { after: Date.UTC(2018, 1, 1) }).fields.timestamp, '2018-03-04T10:22:31.000Z');
  // An explicit year (Cisco ASA, appliances) wins.
  assert.equal(parse('<166>Mar 04 2017 10:22:31 fw01 : %ASA-6-302013: x').fields.timestamp, '2017-03-04T10:22:31.000Z');
  assert.equal(parse('Mar  4 10:22:31 2016 h a: m').fields.timestamp, '2016-03-04T10:22:31.000Z');
});

test('Cisco IOS forms: sequence numbers, clock marks, milliseconds and zones', () => {
  const seq = parse('<189>Mar  4 10:22:31 rtr01 1234: *Mar  4 10:22:31.120 UTC: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.1.1.5)');
  assert.equal(seq.fields.host, 'rtr01');
  assert.equal(seq.fields.program, undefined);
  assert.equal(seq.fields.cisco_mnemonic, 'CONFIG_I');
  const direct = parse('<189>*Mar  4 10:22:31.120: %SYS-5-CONFIG_I: Configured from console by vty0 (10.1.1.5)');
  assert.equal(direct.fields.timestamp, '2019-03-04T10:22:31.120Z');
  assert.equal(direct.fields.host, undefined);
  assert.equal(direct.fields.message, '%SYS-5-CONFIG_I: Configured from console by vty0 (10.1.1.5)');
  const zone = parse('<189>Mar  4 10:22:31.120 UTC: %SYS-5-RESTART: System restarted');
  assert.equal(zone.fields.program, undefined);
  assert.equal(zone.fields.message, '%SYS-5-RESTART: System restarted');
  // No header timestamp: IOS's own `SEQ: [HOST: ]TIMESTAMP:` gives the time; the message stays whole.
  const own = parse('<189>58: *Mar  1 18:46:11.123: %SYS-5-CONFIG_I: Configured from console by vty0 (10.1.1.5)');
  assert.equal(own.fields.timestamp, '2019-03-01T18:46:11.123Z');
  assert.equal(own.fields.host, undefined);
  assert.equal(own.fields.message, '58: *Mar  1 18:46:11.123: %SYS-5-CONFIG_I: Configured from console by vty0 (10.1.1.5)');
  const named = parse('<189>59: rtr01: Mar  1 18:46:12 UTC: %SYS-5-RESTART: System restarted');
  assert.equal(named.fields.timestamp, '2019-03-01T18:46:12.000Z');
  assert.equal(named.fields.host, 'rtr01');
  assert.ok(Number.isNaN(parse('<189>60: no time here').time));
  const noTime = parse('<166>%ASA-6-605005: Login permitted from 10.1.1.5/51000 to inside:10.1.1.1/ssh for user "admin"');
  assert.ok(Number.isNaN(noTime.time));
  assert.equal(noTime.fields.user, 'admin');
});

test('lines that are not syslog say why', () => {
  assert.match(parseSyslogMessage('hello world', REF) as string, /no syslog priority or timestamp/);
  assert.match(parseSyslogMessage('Foo  4 10:22:31 h a: m', REF) as string, /no syslog priority or timestamp/);
  assert.match(parseSyslogMessage('Mar 44 10:22:31 h a: m', REF) as string, /no syslog priority or timestamp/);
  assert.match(parseSyslogMessage('<1234>Mar  4 10:22:31 h a: m', REF) as string, /priority/);
});
