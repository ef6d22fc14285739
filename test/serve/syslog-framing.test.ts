import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyslogFrameDecoder } from '../../src/serve/syslog-framing.js';

function decoder(max = 100): { d: SyslogFrameDecoder; messages: string[]; problems: string[] } {
  const messages: string[] = [];
  const problems: string[] = [];
  const d = new SyslogFrameDecoder(max, { message: (b) => messages.push(b.toString('utf8')), problem: (p) => problems.push(p) });
  return { d, messages, problems };
}

/** Feed `bytes` in pieces of every size from 1 to 7 bytes: framing must not depend on packets. */
function feedSplit(d: SyslogFrameDecoder, bytes: Buffer, size: number): boolean {
  let ok = true;
  for (let i = 0; i < bytes.length; i += size) ok = d.push(bytes.subarray(i, i + size)) && ok;
  return ok;
}

const A = '<13>1 2024-05-01T10:00:00Z h app - - first é';
const B = '<13>Mar  4 10:22:31 h app: second\nstill second? no';

test('octet counting, any packet split, byte lengths of UTF-8, embedded newlines kept', () => {
  const frame = (m: string): string => `${Buffer.byteLength(m)} ${m}`;
  const stream = Buffer.from(frame(A) + frame(B) + frame('<13>x'));
  for (let size = 1; size <= 7; size++) {
    const { d, messages, problems } = decoder();
    assert.ok(feedSplit(d, stream, size));
    d.end();
    assert.equal(d.framing, 'octet');
    assert.deepEqual(messages, [A, B, '<13>x'], `size ${size}`);
    assert.deepEqual(problems, []);
  }
});

test('newline framing with LF, CRLF and NUL terminators, last message without one', () => {
  const stream = Buffer.from(`${A}\n<13>two\r\n<13>three\0\n<13>four`);
  for (let size = 1; size <= 7; size++) {
    const { d, messages, problems } = decoder();
    feedSplit(d, stream, size);
    d.end();
    assert.equal(d.framing, 'newline');
    assert.deepEqual(messages, [A, '<13>two', '<13>three', '<13>four'], `size ${size}`);
    assert.deepEqual(problems, []);
  }
});

test('oversize messages are reported and dropped; the stream goes on', () => {
  const big = `<13>${'x'.repeat(150)}`;
  for (let size = 1; size <= 160; size += 53) {
    const nl = decoder();
    feedSplit(nl.d, Buffer.from(`<13>a\n${big}\n<13>b\n`), size);
    assert.deepEqual(nl.messages, ['<13>a', '<13>b'], `size ${size}`);
    assert.equal(nl.problems.length, 1);
    assert.match(nl.problems[0]!, /over the 100-byte limit, dropped/);
    const oc = decoder();
    feedSplit(oc.d, Buffer.from(`5 <13>a${big.length} ${big}5 <13>b`), size);
    assert.deepEqual(oc.messages, ['<13>a', '<13>b'], `size ${size}`);
    assert.deepEqual(oc.problems, ['message of 154 bytes is over the 100-byte limit, dropped']);
  }
});

test('a broken octet count stops the stream with one problem; a cut frame is reported at the end', () => {
  const { d, messages, problems } = decoder();
  assert.equal(d.push(Buffer.from('5 <13>a12x <13>b')), false);
  assert.deepEqual(messages, ['<13>a']);
  assert.match(problems[0]!, /"12x <13>b" where a message length was expected/);
  assert.equal(d.push(Buffer.from('5 <13>c')), false);
  assert.equal(messages.length, 1);
  const cut = decoder();
  cut.d.push(Buffer.from('20 <13>only'));
  cut.d.end();
  assert.deepEqual(cut.messages, []);
  assert.deepEqual(cut.problems, ['connection closed in the middle of an octet-counted message']);
});
