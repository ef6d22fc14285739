import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { TempDir, readAll } from './helpers.js';
import { sysmonProcess } from '../../scripts/linux-evidence-lines.js';

const tmp = new TempDir();
after(() => tmp.remove());

const proc = sysmonProcess('APP-WF03', '2019-03-06T03:13:02.512Z', {
  image: '/usr/bin/bash', cmd: '/bin/sh -c id', parentImage: '/usr/lib/jvm/java/bin/java', parentCmd: 'java -Djboss.home.dir=/opt/wildfly', user: 'wildfly',
});

test('syslog: Sysmon for Linux events get Windows-style fields and their own time; other lines are kept', async () => {
  const log = [
    'Mar  6 03:12:59 APP-WF03 CRON[3000]: (root) CMD (run-parts /etc/cron.hourly)',
    proc,
    'Mar  6 03:13:05 APP-WF03 sshd[3101]: Accepted publickey for ops from 10.20.9.9 port 50122 ssh2',
    'Mar  6 03:13:06 APP-WF03 sysmon[812]: <Event><System><EventID>1</Event>',
    'this is not syslog',
    '2019-03-06T03:13:07.120512+00:00 APP-WF03 systemd[1]: Started Session 7 of user ops.',
  ].join('\n') + '\n';
  const file = tmp.file('syslog', log);
  utimesSync(file, new Date('2021-06-01T00:00:00Z'), new Date('2021-06-01T00:00:00Z'));
  const r = await readAll(file);
  assert.equal(r.format, 'syslog');
  assert.deepEqual(r.problems.map((p) => p.where), ['line 4', 'line 5']);
  assert.match(r.problems[0]!.reason, /invalid event XML from sysmon/);
  const [cron, sysmon, sshd, systemd] = r.events;
  assert.equal(sysmon!.fields.Channel, 'Linux-Sysmon/Operational');
  assert.equal(sysmon!.fields.EventID, 1);
  assert.equal(sysmon!.fields.Computer, 'APP-WF03');
  assert.equal(sysmon!.fields.Image, '/usr/bin/bash');
  assert.equal(sysmon!.fields.ParentCommandLine, 'java -Djboss.home.dir=/opt/wildfly');
  assert.equal(sysmon!.time, Date.UTC(2019, 2, 6, 3, 13, 2, 512));
  // Before the first Sysmon event the year comes from that event, not from the modification time.
  assert.equal(cron!.time, Date.UTC(2019, 2, 6, 3, 12, 59));
  assert.equal(sshd!.time, Date.UTC(2019, 2, 6, 3, 13, 5));
  // The unified syslog shape: ISO UTC timestamp, and the sshd enricher's fields.
  assert.deepEqual(sshd!.fields, {
    timestamp: '2019-03-06T03:13:05.000Z', host: 'APP-WF03', program: 'sshd', pid: '3101', message: 'Accepted publickey for ops from 10.20.9.9 port 50122 ssh2',
    action: 'login', outcome: 'success', auth_method: 'publickey', user: 'ops', src_ip: '10.20.9.9', src_port: 50122,
  });
  assert.equal(systemd!.time, Date.UTC(2019, 2, 6, 3, 13, 7, 120));
});

test('syslog without Sysmon events: year-less times take the year of the file\'s modification time', async () => {
  const file = tmp.file('messages', 'Mar  6 03:12:59 web01 CRON[3000]: (root) CMD (run-parts /etc/cron.hourly)\n');
  utimesSync(file, new Date('2021-06-01T00:00:00Z'), new Date('2021-06-01T00:00:00Z'));
  const r = await readAll(file);
  assert.equal(r.format, 'syslog');
  assert.equal(r.events[0]!.time, Date.UTC(2021, 2, 6, 3, 12, 59));
});

test('syslog: year-less lines after a Sysmon event are placed at or after it, across New Year', async () => {
  const december = sysmonProcess('APP-WF03', '2018-12-31T23:59:58.000Z', {
    image: '/usr/bin/id', cmd: 'id', parentImage: '/usr/bin/bash', parentCmd: 'bash', user: 'ops',
  });
  const log = [
    'Dec 31 23:59:50 APP-WF03 CRON[1]: (root) CMD (true)',
    december,
    'Dec 31 23:59:59 APP-WF03 CRON[2]: (root) CMD (true)',
    'Jan  1 00:00:03 APP-WF03 CRON[3]: (root) CMD (true)',
  ].join('\n') + '\n';
  const file = tmp.file('newyear', log);
  utimesSync(file, new Date('2021-06-01T00:00:00Z'), new Date('2021-06-01T00:00:00Z'));
  const r = await readAll(file);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events.map((e) => new Date(e.time).toISOString()), [
    '2018-12-31T23:59:50.000Z', '2018-12-31T23:59:58.000Z', '2018-12-31T23:59:59.000Z', '2019-01-01T00:00:03.000Z',
  ]);
});

test('syslog RFC 5424 lines, with structured data, a nil value and a Sysmon message', async () => {
  const xml = proc.slice(proc.indexOf('<Event>'));
  const log = [
    '<38>1 2019-03-06T03:12:44.120Z app-wf03 sshd 2211 - - Accepted publickey for ops',
    '<14>1 2019-03-06T03:12:45.000+01:00 app-wf03 wildfly - AUDIT [origin ip="172.16.10.13" x="a]\\"b"][meta seq="7"] \uFEFFdeployment replaced',
    `<14>1 2019-03-06T03:13:02.512Z app-wf03 sysmon 812 - - ${xml}`,
    '<14>1 2019-13-45T99:00:00Z app-wf03 app - - - bad time',
  ].join('\n') + '\n';
  const r = await readAll(tmp.file('remote.log', log));
  assert.equal(r.format, 'syslog');
  assert.deepEqual(r.problems.map((p) => p.where), ['line 4']);
  const [sshd, wildfly, sysmon] = r.events;
  assert.deepEqual(sshd!.fields, { facility: 'auth', severity: 'info', timestamp: '2019-03-06T03:12:44.120Z', host: 'app-wf03', program: 'sshd', pid: '2211', message: 'Accepted publickey for ops' });
  assert.equal(sshd!.time, Date.UTC(2019, 2, 6, 3, 12, 44, 120));
  assert.equal(wildfly!.fields.pid, undefined); // `-` (nil) is left out, not written ''
  assert.equal(wildfly!.fields.message, 'deployment replaced');
  assert.equal(wildfly!.time, Date.UTC(2019, 2, 6, 2, 12, 45));
  assert.equal(sysmon!.fields.Channel, 'Linux-Sysmon/Operational');
});

test('journald JSON export: Sysmon messages become Sysmon events; other entries keep journal names plus an ISO timestamp', async () => {
  const xml = proc.slice(proc.indexOf('<Event>'));
  const entries = [
    { __CURSOR: 's=ab;i=1', __REALTIME_TIMESTAMP: '1551842042512344', _HOSTNAME: 'APP-WF03', SYSLOG_IDENTIFIER: 'sshd', _PID: '3101', MESSAGE: 'Accepted publickey for ops' },
    { __CURSOR: 's=ab;i=2', __REALTIME_TIMESTAMP: '1551842043000000', _HOSTNAME: 'APP-WF03', SYSLOG_IDENTIFIER: 'sysmon', MESSAGE: xml },
    { __CURSOR: 's=ab;i=3', __REALTIME_TIMESTAMP: '1551842044000000', _HOSTNAME: 'APP-WF03', SYSLOG_IDENTIFIER: 'app', MESSAGE: [104, 105, 0xc3, 0xa9] },
  ];
  const r = await readAll(tmp.file('journal.json', entries.map((e) => JSON.stringify(e)).join('\n') + '\n{broken\n'));
  assert.equal(r.format, 'journald');
  assert.deepEqual(r.problems.map((p) => p.where), ['line 4']);
  const [sshd, sysmon, app] = r.events;
  assert.equal(sshd!.fields.timestamp, '2019-03-06T03:14:02.512Z');
  assert.equal(sshd!.time, Date.UTC(2019, 2, 6, 3, 14, 2, 512));
  assert.equal(sshd!.fields.SYSLOG_IDENTIFIER, 'sshd');
  assert.equal(sysmon!.fields.Channel, 'Linux-Sysmon/Operational');
  assert.equal(sysmon!.fields.Image, '/usr/bin/bash');
  assert.equal(sysmon!.fields.MESSAGE, undefined);
  assert.equal(sysmon!.time, Date.UTC(2019, 2, 6, 3, 13, 2, 512));
  assert.equal(app!.fields.MESSAGE, 'hié');
});

test('plain JSONL with other keys is still jsonl, not journald', async () => {
  const r = await readAll(tmp.file('x.jsonl', '{"a":1,"MESSAGE":"x"}\n'));
  assert.equal(r.format, 'jsonl');
});
