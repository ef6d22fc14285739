import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePattern } from '../../src/intel/stix-pattern.js';
import { importIntel } from '../../src/intel/index.js';

// The parser is linear: megabyte patterns finish well inside the test timeout (a quadratic parser
// needed over a minute for 64k spaces). The timeout is the bound; the assertions check the result.
const BIG = { timeout: 20_000 };

test('whitespace anywhere between tokens, typed literals, qualifiers, list indices', () => {
  const r = parsePattern(
    "[ file:hashes.'SHA-256'  =\n\t'de14f22c88e552b61c62ab28d27a617fb8c0737350ca7c631de5680850282761' AND file:name='a\\\\b.exe' ] " +
      "FOLLOWEDBY [domain-name:value IN ( 'x.hinitial.com' ,'y.hinitial.com' )] WITHIN 300 SECONDS " +
      "START t'2019-01-01T00:00:00Z' STOP t'2020-01-01T00:00:00Z'",
  );
  assert.deepEqual(r.terms, [
    { type: 'sha256', value: 'de14f22c88e552b61c62ab28d27a617fb8c0737350ca7c631de5680850282761' },
    { type: 'filename', value: 'a\\b.exe' },
    { type: 'domain', value: 'x.hinitial.com' },
    { type: 'domain', value: 'y.hinitial.com' },
  ]);
  assert.deepEqual(r.unsupported, []);
  const idx = parsePattern("[file:extensions.'windows-pebinary-ext'.sections[*].name = '.text' AND ipv4-addr:value = h'2d']");
  assert.deepEqual(idx.terms, []);
  assert.match(idx.unsupported[0]!, /observable file:extensions\.'windows-pebinary-ext'\.sections\[\*\]\.name is not an indicator type/);
  assert.match(idx.unsupported[1]!, /ipv4-addr:value = needs a quoted string value/);
});

test('malformed patterns give one reason each, never a throw', () => {
  assert.deepEqual(parsePattern("[ipv4-addr:value = '1.2.3.4").unsupported, [
    'comparison ipv4-addr:value = needs a quoted string value',
    'pattern has an unterminated string at offset 19',
  ]);
  assert.deepEqual(parsePattern('[ipv4-addr:value]').unsupported, ['comparison ipv4-addr:value has no operator']);
  assert.deepEqual(parsePattern('[EXISTS windows-registry-key:values]').unsupported, [
    'comparison EXISTS windows-registry-key:values is not supported (only =, IN, and ISSUBSET for addresses)',
  ]);
  assert.deepEqual(parsePattern("[ipv4-addr:value IN '1.2.3.4']").unsupported, ['comparison ipv4-addr:value IN needs a list of quoted strings']);
  const junk = parsePattern('§§§ ### @@@');
  assert.deepEqual(junk.unsupported, ['pattern has an unexpected character "§" at offset 0', 'pattern has no comparison cellwatch can read: §§§ ### @@@']);
});

test('1 MB of spaces after the object type (issue 15) parses to one reason', BIG, () => {
  const r = parsePattern(`[ipv4-addr:${' '.repeat(1 << 20)}x]`);
  assert.deepEqual(r, { terms: [], unsupported: ['comparison ipv4-addr: has no operator'] });
  const spaced = parsePattern(`[ipv4-addr:value${' '.repeat(1 << 20)}=${' '.repeat(1 << 20)}'45.251.241.82']`);
  assert.deepEqual(spaced.terms, [{ type: 'ipv4', value: '45.251.241.82' }]);
});

test('a 1 MB pattern of 40,000 comparisons gives every value in order', BIG, () => {
  const values = Array.from({ length: 40_000 }, (_, i) => `45.${(i >> 8) & 255}.${i & 255}.${1 + (i % 7)}`);
  const pattern = `[${values.map((v) => `ipv4-addr:value = '${v}'`).join(' OR ')}]`;
  assert.ok(pattern.length > 1_000_000);
  const r = parsePattern(pattern);
  assert.deepEqual(r.unsupported, []);
  assert.equal(r.terms.length, values.length);
  assert.deepEqual(r.terms.map((t) => t.value), values);
});

test('megabyte paths, lists and unterminated literals stay linear and messages stay short', BIG, () => {
  const path = parsePattern(`[x-custom:${'a.'.repeat(500_000)}b = 'v']`);
  assert.equal(path.unsupported.length, 1);
  assert.ok(path.unsupported[0]!.length < 200, 'path clipped in the message');
  const list = parsePattern(`[domain-name:value IN (${"'a.hinitial.com', ".repeat(100_000)}'b.hinitial.com')]`);
  assert.equal(list.terms.length, 100_001);
  const open = parsePattern(`[file:name = '${'x'.repeat(1 << 20)}`);
  assert.deepEqual(open.unsupported, ["comparison file:name = needs a quoted string value", 'pattern has an unterminated string at offset 13']);
});

test('STIX bundle with a 1 MB pattern imports through importIntel', BIG, () => {
  const pattern = `[ipv4-addr:value = '2.58.242.229' AND ipv4-addr:${' '.repeat(1 << 20)}x]`;
  const bundle = { type: 'bundle', id: 'bundle--1', objects: [{ type: 'indicator', id: 'indicator--1', spec_version: '2.1', pattern, pattern_type: 'stix', valid_from: '2019-01-01T00:00:00Z' }] };
  const r = importIntel('big.json', JSON.stringify(bundle));
  assert.deepEqual(r.indicators.map((i) => i.value), ['2.58.242.229']);
  assert.deepEqual(r.problems, ['big.json:line 1: indicator--1: comparison ipv4-addr: has no operator']);
});
