import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { eventHost } from '../../../src/events/host.js';
import { detectFormat } from '../../../src/sources/index.js';
import { TempDir, readAll } from '../helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

const AUTH_LOG = [
  'Dec 31 23:58:02 web01 sshd[2207]: Invalid user oracle from 198.51.100.4 port 40010',
  'Dec 31 23:58:04 web01 sshd[2207]: Failed password for invalid user oracle from 198.51.100.4 port 40010 ssh2',
  'Jan  1 00:01:10 web01 sshd[2213]: Accepted password for alice from 203.0.113.7 port 50522 ssh2',
  'Jan  1 00:01:10 web01 sshd[2213]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)',
  '',
  'this line was cut by logrotate',
  'Jan  1 00:02:00 web01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id',
].join('\n');

test('auth.log: detected as syslog, one event per line, the bad line reported by number', async () => {
  const path = tmp.file('auth.log', `${AUTH_LOG}\n`);
  utimesSync(path, new Date('2020-01-01T06:00:00Z'), new Date('2020-01-01T06:00:00Z'));
  const r = await readAll(path);
  assert.equal(r.format, 'syslog');
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 2, 3, 4, 7]);
  assert.deepEqual(r.problems, [{ path, where: 'line 6', reason: 'no syslog priority or timestamp at the start of the line' }]);
  // The year comes from the file's modification time: December lines belong to the year before.
  assert.equal(r.events[0]!.fields.timestamp, '2019-12-31T23:58:02.000Z');
  assert.equal(r.events[2]!.fields.timestamp, '2020-01-01T00:01:10.000Z');
  assert.equal(r.events[2]!.time, Date.UTC(2020, 0, 1, 0, 1, 10));
  assert.equal(r.events[4]!.fields.command, '/usr/bin/id');
  assert.equal(r.events[4]!.raw, AUTH_LOG.split('\n')[6]);
  assert.equal(eventHost(r.events[0]!.fields, r.events[0]!.source), 'web01');
});

test('gzipped rotated logs and RFC 5424 relay archives are read too', async () => {
  const gz = tmp.file('auth.log.2.gz', AUTH_LOG, true);
  const r = await readAll(gz);
  assert.equal(r.format, 'syslog');
  assert.equal(r.events.length, 5);
  const relay = tmp.file('relay.log', [
    '<86>1 2024-05-01T10:00:00.120Z web01 sshd 2211 - - Failed password for root from 198.51.100.4 port 40022 ssh2',
    '<13>1 2024-05-01T10:00:01Z web01 app - - [meta sequenceId="7"] {"event":"export","rows":12}',
  ].join('\n'));
  const rr = await readAll(relay);
  assert.equal(rr.format, 'syslog');
  assert.equal(rr.events[0]!.fields.outcome, 'failure');
  assert.equal(rr.events[0]!.fields.facility, 'authpriv');
  assert.equal(rr.events[1]!.fields['meta.sequenceId'], '7');
  assert.equal(rr.events[1]!.fields.rows, 12);
});

test('the sniffer takes syslog and leaves other text formats alone', async () => {
  const cases: Array<[string, string, string | null]> = [
    ['messages', '2024-05-01T10:00:00.123456+02:00 web01 kernel: [    1.000000] Linux version 6.1.0\n', 'syslog'],
    ['fw.log', '<166>%ASA-6-302013: Built inbound TCP connection 1 for outside:1.2.3.4/1 (1.2.3.4/1) to inside:10.0.0.1/2 (10.0.0.1/2)\n', 'syslog'],
    ['notes.txt', 'Mar  4 we met and talked\n', null],
    ['data.csv', 'time,host,msg\nMar  4 10:22:31,web01,x\n', 'csv'],
    ['mixed.log', 'Mar  4 10:22:31 web01 sshd[1]: ok\nrandom words\n', null],
  ];
  for (const [name, text, format] of cases) {
    const s = await detectFormat(tmp.file(name, text));
    assert.equal(s?.format ?? null, format, name);
  }
});
