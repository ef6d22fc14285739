import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import type { HuntEvent } from '../../src/events/event.js';
import { startSyslogListener, type SyslogListenerOptions } from '../../src/serve/syslog-listener.js';
import { sysmonProcess } from '../../scripts/linux-evidence-lines.js';

const REF = Date.UTC(2019, 2, 10);

interface Harness {
  events: HuntEvent[];
  problems: string[];
  calls: number;
}

async function listen(extra: Partial<SyslogListenerOptions> = {}, onEvents?: (b: HuntEvent[]) => void | Promise<void>) {
  const h: Harness = { events: [], problems: [], calls: 0 };
  const listener = await startSyslogListener({
    udpPort: 0, tcpPort: 0, now: () => REF, maxMessageBytes: 200,
    onEvents: (batch) => {
      h.calls++;
      h.events.push(...batch);
      return onEvents?.(batch);
    },
    onProblem: (p) => h.problems.push(p),
    ...extra,
  });
  return { h, listener };
}

/** Wait (bounded) until `cond` holds; fails with `what` otherwise. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

async function tcp(port: number): Promise<Socket> {
  const s = connect({ host: '127.0.0.1', port });
  s.setNoDelay(true);
  s.on('error', () => {});
  await new Promise<void>((resolve) => s.once('connect', () => resolve()));
  return s;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('UDP: a Sysmon for Linux message becomes that event, with its own time and host', async () => {
  const { h, listener } = await listen({ maxMessageBytes: 8192 });
  try {
    const udp = createSocket('udp4');
    const line = sysmonProcess('APP-WF03', '2019-03-06T03:13:02.512Z', {
      image: '/usr/bin/bash', cmd: '/bin/sh -c id', parentImage: '/usr/lib/jvm/java/bin/java', parentCmd: 'java', user: 'wildfly',
    });
    await new Promise<void>((r) => udp.send(`<14>${line}`, listener.udpPort!, '127.0.0.1', () => r()));
    await until(() => h.events.length === 1, 'one event');
    udp.close();
    const [sysmon] = h.events;
    assert.equal(sysmon!.fields.Channel, 'Linux-Sysmon/Operational');
    assert.equal(sysmon!.fields.Image, '/usr/bin/bash');
    assert.equal(sysmon!.fields.Computer, 'APP-WF03');
    assert.equal(sysmon!.fields.host, undefined);
    assert.equal(sysmon!.time, Date.UTC(2019, 2, 6, 3, 13, 2, 512));
    assert.deepEqual(h.problems, []);
  } finally {
    await listener.close();
  }
});

test('UDP: one datagram, one message; bad and oversize datagrams are problems', async () => {
  const { h, listener } = await listen();
  try {
    const udp = createSocket('udp4');
    const send = (m: string | Buffer) => new Promise<void>((r) => udp.send(m, listener.udpPort!, '127.0.0.1', () => r()));
    await send('<38>Mar  4 10:22:31 web01 sshd[2211]: Failed password for root from 198.51.100.4 port 40022 ssh2\n');
    await send('<166>%ASA-4-106023: Deny tcp src outside:198.51.100.4/4444 dst inside:10.1.2.3/445 by access-group "outside_in" [0x0, 0x0]');
    await send('hello, not syslog');
    await send(`<13>${'x'.repeat(300)}`);
    await until(() => h.events.length === 2 && h.problems.length === 2, 'two events and two problems');
    udp.close();
    const [ssh, asa] = h.events;
    assert.equal(ssh!.fields.outcome, 'failure');
    assert.equal(ssh!.fields.host, 'web01');
    assert.equal(ssh!.time, Date.UTC(2019, 2, 4, 10, 22, 31));
    assert.equal(ssh!.source.format, 'syslog');
    assert.match(ssh!.source.path, /^udp:\/\/127\.0\.0\.1:\d+$/);
    // No hostname in the message: the sender's address stands in.
    assert.equal(asa!.fields.host, '127.0.0.1');
    assert.equal(asa!.fields.action, 'deny');
    assert.match(h.problems[0]!, /^udp:\/\/127\.0\.0\.1:\d+: message 3: no syslog priority or timestamp at the start of the line: "hello, not syslog"$/);
    assert.match(h.problems[1]!, /message 4: datagram of 304 bytes is over the 200-byte limit, dropped/);
    assert.equal(listener.stats.messages, 2);
  } finally {
    await listener.close();
  }
});

test('TCP: octet counting and newline framing on two connections, split across packets', async () => {
  const { h, listener } = await listen();
  try {
    const msgs = [
      '<86>1 2019-03-04T10:22:31Z web01 sshd 2211 - - Accepted publickey for alice from 203.0.113.7 port 50522 ssh2',
      '<85>1 2019-03-04T10:22:32Z web01 sudo - - - alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id',
    ];
    const octet = Buffer.from(msgs.map((m) => `${Buffer.byteLength(m)} ${m}`).join(''));
    const a = await tcp(listener.tcpPort!);
    for (let i = 0; i < octet.length; i += 37) {
      a.write(octet.subarray(i, i + 37));
      await pause(2);
    }
    const b = await tcp(listener.tcpPort!);
    b.write('<189>Mar  4 10:25:00 rtr01 1240: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.1.1.5)\n<13>Mar  4 10:25');
    await pause(20);
    b.end(':01 rtr01 app: last line without newline');
    await until(() => h.events.length === 4, 'four events');
    a.end();
    const byPath = (p: string) => h.events.filter((e) => e.source.path === p);
    const aPath = h.events[0]!.source.path;
    assert.deepEqual(byPath(aPath).map((e) => [e.source.record, e.fields.action]), [[1, 'login'], [2, 'sudo']]);
    const bEvents = h.events.filter((e) => e.source.path !== aPath);
    assert.deepEqual(bEvents.map((e) => [e.source.record, e.fields.host, e.fields.message]), [
      [1, 'rtr01', '1240: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.1.1.5)'],
      [2, 'rtr01', 'last line without newline'],
    ]);
    assert.equal(bEvents[0]!.fields.user, 'admin');
    assert.deepEqual(h.problems, []);
  } finally {
    await listener.close();
  }
});

test('TCP: oversize and unparseable messages are problems and the connection goes on', async () => {
  const { h, listener } = await listen();
  try {
    const s = await tcp(listener.tcpPort!);
    s.write(`<13>Mar  4 10:00:00 h a: one\n<13>${'y'.repeat(400)}\nnot syslog at all\n<13>Mar  4 10:00:01 h a: two\n`);
    await until(() => h.events.length === 2 && h.problems.length === 2, 'two events, two problems');
    assert.deepEqual(h.events.map((e) => e.fields.message), ['one', 'two']);
    assert.match(h.problems[0]!, /^tcp:\/\/127\.0\.0\.1:\d+: after message 1: message of 404 bytes is over the 200-byte limit, dropped$/);
    assert.match(h.problems[1]!, /message 2: no syslog priority or timestamp at the start of the line: "not syslog at all"/);
    // A broken octet count closes that connection only.
    const broken = await tcp(listener.tcpPort!);
    const closed = new Promise<void>((r) => broken.once('close', () => r()));
    broken.write('12 <13>h a: x\n9z9 nonsense');
    await closed;
    assert.ok(h.problems.some((p) => /where a message length was expected; connection closed/.test(p)));
    s.write('<13>Mar  4 10:00:02 h a: three\n');
    await until(() => h.events.length === 4, 'the first connection still works');
    s.end();
  } finally {
    await listener.close();
  }
});

test('TCP back-pressure: the socket waits for the promise of onEvents', async () => {
  let release: () => void = () => {};
  let first = true;
  const { h, listener } = await listen({}, () => {
    if (!first) return undefined;
    first = false;
    return new Promise<void>((r) => (release = r));
  });
  try {
    const s = await tcp(listener.tcpPort!);
    s.write('<13>Mar  4 10:00:00 h a: one\n');
    await until(() => h.calls === 1, 'the first delivery');
    s.write('<13>Mar  4 10:00:01 h a: two\n');
    await pause(150);
    assert.equal(h.calls, 1, 'no delivery while the first is unsettled');
    release();
    await until(() => h.calls === 2, 'the second delivery after release');
    assert.deepEqual(h.events.map((e) => e.fields.message), ['one', 'two']);
    s.end();
  } finally {
    await listener.close();
  }
});

test('connection limit, idle timeout and failing deliveries are reported, never thrown', async () => {
  let fail = true;
  const { h, listener } = await listen({ maxConnections: 1, idleTimeoutMs: 100 }, () => {
    if (fail) {
      fail = false;
      throw new Error('store is down');
    }
    return Promise.reject(new Error('still down'));
  });
  try {
    const a = await tcp(listener.tcpPort!);
    const b = await tcp(listener.tcpPort!);
    const bClosed = new Promise<void>((r) => b.once('close', () => r()));
    await bClosed;
    await until(() => h.problems.some((p) => /connection refused: 1 connections already open/.test(p)), 'the refusal');
    a.write('<13>Mar  4 10:00:00 h a: one\n');
    await pause(20);
    a.write('<13>Mar  4 10:00:01 h a: two\n');
    await until(() => h.problems.filter((p) => /delivering 1 events failed/.test(p)).length === 2, 'both failures');
    assert.ok(h.problems.some((p) => p.endsWith('store is down')));
    assert.ok(h.problems.some((p) => p.endsWith('still down')));
    const aClosed = new Promise<void>((r) => a.once('close', () => r()));
    await aClosed;
    assert.ok(h.problems.some((p) => /idle for 100 ms, connection closed/.test(p)));
  } finally {
    await listener.close();
  }
});

test('a port in use is one error naming the listener', async () => {
  const { listener } = await listen();
  try {
    await assert.rejects(
      startSyslogListener({ tcpPort: listener.tcpPort!, onEvents: () => {}, onProblem: () => {} }),
      /^Error: syslog listener on 127\.0\.0\.1: .*EADDRINUSE/,
    );
  } finally {
    await listener.close();
  }
});

test('IPv6 senders: bracketed peer names, the bare address as hostname', async (t) => {
  let started;
  try {
    started = await listen({ host: '::1' });
  } catch (err) {
    t.skip(`no IPv6 loopback here: ${(err as Error).message}`);
    return;
  }
  const { h, listener } = started;
  try {
    const udp = createSocket('udp6');
    await new Promise<void>((r) => udp.send('<13>1 - - app - - - no host here', listener.udpPort!, '::1', () => r()));
    await until(() => h.events.length === 1, 'the IPv6 datagram');
    udp.close();
    assert.match(h.events[0]!.source.path, /^udp:\/\/\[::1\]:\d+$/);
    assert.equal(h.events[0]!.fields.host, '::1');
  } finally {
    await listener.close();
  }
});
