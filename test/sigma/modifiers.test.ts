import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matches, reason } from './helpers.js';

const CMD = 'CommandLine';

test('contains, startswith, endswith are case-insensitive by default', async () => {
  const ev = [{ [CMD]: 'C:\\Windows\\System32\\CMD.exe /c whoami' }, { [CMD]: 'notepad.exe' }];
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|contains: 'WHOAMI'\n    condition: sel`, ev), [true, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|startswith: 'c:\\windows\\'\n    condition: sel`, ev), [true, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|endswith: 'NOTEPAD.EXE'\n    condition: sel`, ev), [false, true]);
});

test('cased makes matching case-sensitive', async () => {
  const ev = [{ [CMD]: 'Invoke-Mimikatz' }, { [CMD]: 'invoke-mimikatz' }];
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|contains|cased: 'Mimikatz'\n    condition: sel`, ev), [true, false]);
});

test('lists are OR; all makes them AND', async () => {
  const ev = [{ [CMD]: 'net user /add' }, { [CMD]: 'net user' }, { [CMD]: 'whoami' }];
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|contains:\n            - 'user'\n            - '/add'\n    condition: sel`, ev), [true, true, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|contains|all:\n            - 'user'\n            - '/add'\n    condition: sel`, ev), [true, false, false]);
});

test('re with i, m and s flags; re is case-sensitive by default', async () => {
  const ev = [{ [CMD]: 'powershell -EncodedCommand AAAA' }, { [CMD]: 'line1\nEND' }];
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re: '-enc\\w*'\n    condition: sel`, ev), [false, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re|i: '-enc\\w*'\n    condition: sel`, ev), [true, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re|m: '^END$'\n    condition: sel`, ev), [false, true]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re|s: 'line1.END'\n    condition: sel`, ev), [false, true]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re: '(?i)ENCODEDcommand'\n    condition: sel`, ev), [true, false]);
  assert.match((await reason(`    sel:\n        ${CMD}|re: '(unclosed'\n    condition: sel`))!, /invalid regular expression/);
});

test('re sub-modifiers by their long names: ignorecase, multiline, dotall', async () => {
  const ev = [{ [CMD]: 'powershell -EncodedCommand AAAA' }, { [CMD]: 'line1\nEND' }];
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re|ignorecase: '-enc\\w*'\n    condition: sel`, ev), [true, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re|multiline: '^END$'\n    condition: sel`, ev), [false, true]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re|dotall: 'line1.END'\n    condition: sel`, ev), [false, true]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re|ignorecase|dotall: 'LINE1.end'\n    condition: sel`, ev), [false, true]);
  assert.match((await reason(`    sel:\n        ${CMD}|contains|ignorecase: 'x'\n    condition: sel`))!, /modifier 'ignorecase' must follow 're'/);
});

test('base64 and base64offset find encoded text', async () => {
  const b64 = Buffer.from('http://evil').toString('base64');
  const shifted = Buffer.from('xxhttp://evil.example').toString('base64');
  const ev = [{ [CMD]: `x ${b64} y` }, { [CMD]: shifted }, { [CMD]: 'plain http://evil' }];
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|base64|contains: 'http://evil'\n    condition: sel`, ev), [true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|base64offset|contains: 'http://evil'\n    condition: sel`, ev), [true, true, false]);
});

test('utf16le / wide / utf16be / utf16 encode before base64', async () => {
  const le = Buffer.from('ping', 'utf16le');
  const be = Buffer.from(le).swap16();
  const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const ev = [{ [CMD]: `-enc ${le.toString('base64')}` }, { [CMD]: be.toString('base64') }, { [CMD]: bom.toString('base64') }];
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|utf16le|base64|contains: 'ping'\n    condition: sel`, ev), [true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|wide|base64|contains: 'ping'\n    condition: sel`, ev), [true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|utf16be|base64|contains: 'ping'\n    condition: sel`, ev), [false, true, false]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|utf16|base64|contains: 'ping'\n    condition: sel`, ev), [false, false, true]);
  // base64offset finds the text at any byte offset, so also behind the 2-byte BOM.
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|wide|base64offset|contains: 'ping'\n    condition: sel`, ev), [true, false, true]);
});

test('windash matches every dash form', async () => {
  const ev = [{ [CMD]: 'proc -ma lsass' }, { [CMD]: 'proc /ma lsass' }, { [CMD]: 'proc \u2013ma lsass' }, { [CMD]: 'proc ma lsass' }];
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|windash|contains: ' -ma '\n    condition: sel`, ev), [true, true, true, false]);
});

test('cidr matches IPv4 and IPv6 ranges', async () => {
  const ev = [{ ip: '10.1.2.3' }, { ip: '11.0.0.1' }, { ip: 'fd00::1' }, { ip: 'not an ip' }];
  assert.deepEqual(await matches(`    sel:\n        ip|cidr:\n            - '10.0.0.0/8'\n            - 'fc00::/7'\n    condition: sel`, ev), [true, false, true, false]);
  assert.match((await reason(`    sel:\n        ip|cidr: '10.0.0.0/33'\n    condition: sel`))!, /invalid CIDR/);
});

test('exists true/false checks presence only', async () => {
  const ev = [{ a: 'x' }, { a: '' }, { b: 'y' }];
  assert.deepEqual(await matches(`    sel:\n        a|exists: true\n    condition: sel`, ev), [true, true, false]);
  assert.deepEqual(await matches(`    sel:\n        a|exists: false\n    condition: sel`, ev), [false, false, true]);
});

test('fieldref compares two fields (with neq and startswith)', async () => {
  const ev = [{ a: 'Admin', b: 'admin' }, { a: 'x', b: 'y' }, { a: 'x' }];
  assert.deepEqual(await matches(`    sel:\n        a|fieldref: b\n    condition: sel`, ev), [true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        a|fieldref|neq: b\n    condition: sel`, ev), [false, true, false]);
  assert.deepEqual(await matches(`    sel:\n        a|startswith|fieldref: b\n    condition: sel`, [{ a: 'adminX', b: 'ADMIN' }]), [true]);
});

test('gt, gte, lt, lte compare numerically (numbers and numeric strings)', async () => {
  const ev = [{ n: 5 }, { n: '10' }, { n: 'abc' }, {}];
  assert.deepEqual(await matches(`    sel:\n        n|gt: 5\n    condition: sel`, ev), [false, true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        n|gte: 5\n    condition: sel`, ev), [true, true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        n|lt: 10\n    condition: sel`, ev), [true, false, false, false]);
  assert.deepEqual(await matches(`    sel:\n        n|lte: 10\n    condition: sel`, ev), [true, true, false, false]);
  assert.match((await reason(`    sel:\n        n|gt: abc\n    condition: sel`))!, /needs a number/);
});

test('neq: present and different from every value', async () => {
  const ev = [{ u: 'SYSTEM' }, { u: 'bob' }, {}];
  assert.deepEqual(await matches(`    sel:\n        u|neq: system\n    condition: sel`, ev), [false, true, false]);
  assert.deepEqual(await matches(`    sel:\n        u|neq:\n            - system\n            - bob\n    condition: sel`, ev), [false, false, false]);
});

test('expand substitutes placeholder values supplied as an option; none supplied matches nothing', async () => {
  const det = `    sel:\n        host|expand: '%DomainControllers%'\n    condition: sel`;
  const ev = [{ host: 'DC01' }, { host: 'WS7' }, { host: '%DomainControllers%' }];
  assert.deepEqual(await matches(det, ev, { placeholders: { DomainControllers: ['dc0*', 'backup-dc'] } }), [true, false, false]);
  assert.deepEqual(await matches(det, ev), [false, false, false]);
  // Without expand the percent signs are literal.
  assert.deepEqual(await matches(`    sel:\n        host: '%DomainControllers%'\n    condition: sel`, ev), [false, false, true]);
});

test('time modifiers extract a part of a date field (UTC), alone or with gt/lt', async () => {
  const ev = [{ t: '2024-03-10T23:45:00Z' }, { t: '2023-12-31 04:05:06' }, { t: 'never' }];
  assert.deepEqual(await matches(`    sel:\n        t|hour: 23\n    condition: sel`, ev), [true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        t|minute: 5\n    condition: sel`, ev), [false, true, false]);
  assert.deepEqual(await matches(`    sel:\n        t|day: 31\n    condition: sel`, ev), [false, true, false]);
  assert.deepEqual(await matches(`    sel:\n        t|month: 3\n    condition: sel`, ev), [true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        t|year: 2023\n    condition: sel`, ev), [false, true, false]);
  assert.deepEqual(await matches(`    sel:\n        t|week: 10\n    condition: sel`, ev), [true, false, false]);
  assert.deepEqual(await matches(`    sel:\n        t|hour|lt: 6\n    condition: sel`, ev), [false, true, false]);
});

test('unknown modifiers and type mismatches are unsupported with the reason', async () => {
  assert.match((await reason(`    sel:\n        a|bogus: x\n    condition: sel`))!, /unknown modifier 'bogus'/);
  assert.match((await reason(`    sel:\n        a|re|contains: x\n    condition: sel`))!, /cannot follow 're'/);
  assert.match((await reason(`    sel:\n        a|i: x\n    condition: sel`))!, /must follow 're'/);
});
