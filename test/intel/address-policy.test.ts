import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatPack, importIntel, loadIntel, nonPublicRange } from '../../src/intel/index.js';
import type { Indicator } from '../../src/intel/index.js';

const range = (type: Indicator['type'], value: string): string | undefined => nonPublicRange({ type, value });

test('non-public ranges by name; public and transition addresses kept', () => {
  assert.equal(range('ipv4', '10.0.0.5'), 'private');
  assert.equal(range('ipv4', '172.31.255.254'), 'private');
  assert.equal(range('ipv4', '192.168.56.10'), 'private');
  assert.equal(range('ipv4', '100.64.1.1'), 'carrier-grade NAT');
  assert.equal(range('ipv4', '127.0.0.1'), 'loopback');
  assert.equal(range('ipv4', '169.254.10.1'), 'link-local');
  assert.equal(range('ipv4', '224.0.0.251'), 'multicast');
  assert.equal(range('ipv4', '255.255.255.255'), 'broadcast');
  assert.equal(range('ipv4', '0.0.0.0'), 'unspecified');
  assert.equal(range('ipv4', '192.0.2.7'), 'reserved', 'documentation');
  assert.equal(range('ipv4', '198.51.100.7'), 'reserved', 'documentation');
  assert.equal(range('ipv6', '::1'), 'loopback');
  assert.equal(range('ipv6', 'fd12:3456::1'), 'unique-local');
  assert.equal(range('ipv6', 'fe80::1'), 'link-local');
  assert.equal(range('ipv6', '2001:db8::5'), 'reserved', 'documentation');
  for (const [type, v] of [['ipv4', '45.251.241.82'], ['ipv4', '172.32.0.1'], ['ipv4', '100.128.0.1'], ['ipv6', '2a03:b0c0:3:d0::1a51:c001'],
    ['ipv6', '2002:2d3a:f152::1'], ['ipv6', '64:ff9b::2d3a:f152']] as const) {
    assert.equal(range(type, v), undefined, v);
  }
  assert.equal(range('domain', '10.example.net'), undefined, 'other types are not addresses');
});

test('CIDR blocks: dropped when inside one non-public range, kept when they reach public space', () => {
  assert.equal(range('cidr', '10.0.0.0/8'), 'private');
  assert.equal(range('cidr', '10.20.0.0/16'), 'private');
  assert.equal(range('cidr', '100.64.16.0/20'), 'carrier-grade NAT');
  assert.equal(range('cidr', 'fd00::/8'), 'unique-local');
  assert.equal(range('cidr', '10.0.0.0/7'), undefined, '10/8 plus public 11/8');
  assert.equal(range('cidr', '172.0.0.0/11'), undefined, 'public 172.0-15 plus private 172.16-31');
  assert.equal(range('cidr', '45.251.240.0/22'), undefined);
});

/** The same three addresses (one public, two not) in every importable format. */
const FILES: Record<string, string> = {
  'x.csv': 'type,value\nip,45.251.241.82\nip,10.0.0.5\ncidr,192.168.0.0/16\n',
  'x.txt': 'C2 at 45.251.241.82; the actor pivoted through 10.0.0.5 inside 192.168.0.0/16.\n',
  'x-stix.json': JSON.stringify({
    type: 'bundle', id: 'bundle--1',
    objects: [{ type: 'indicator', id: 'indicator--1', pattern_type: 'stix', valid_from: '2019-01-01T00:00:00Z',
      pattern: "[ipv4-addr:value = '45.251.241.82' OR ipv4-addr:value = '10.0.0.5' OR ipv4-addr:value ISSUBSET '192.168.0.0/16']" }],
  }),
  'x-misp.json': JSON.stringify({ Event: { info: 'x', Attribute: [
    { type: 'ip-dst', value: '45.251.241.82', to_ids: true }, { type: 'ip-dst', value: '10.0.0.5', to_ids: true },
    { type: 'ip-src', value: '192.168.0.0/16', to_ids: true }] } }),
  'x-list.json': JSON.stringify([{ type: 'ipv4', value: '45.251.241.82' }, { type: 'ipv4', value: '10.0.0.5' }, { type: 'cidr', value: '192.168.0.0/16' }]),
};

test('one policy in every importer: STIX, MISP, CSV, text and bare lists drop the same addresses', () => {
  for (const [file, text] of Object.entries(FILES)) {
    const r = importIntel(file, text);
    assert.deepEqual(r.indicators.map((i) => i.value), ['45.251.241.82'], file);
    assert.deepEqual(r.dropped, [{ value: '10.0.0.5', range: 'private' }, { value: '192.168.0.0/16', range: 'private' }], file);
    assert.deepEqual(r.keptNonPublic, [], file);
    const keep = importIntel(file, text, { keepPrivate: true });
    assert.deepEqual(keep.indicators.map((i) => i.value), ['45.251.241.82', '10.0.0.5', '192.168.0.0/16'], `${file} --keep-private`);
    assert.deepEqual(keep.dropped, [], file);
    assert.equal(keep.keptNonPublic.length, 2, file);
  }
});

test('a cellwatch pack is read as written; loadIntel reports drops as one line per file', async () => {
  const kept = importIntel('x.csv', FILES['x.csv']!, { keepPrivate: true }).indicators;
  const pack = formatPack({ name: 'own', sources: {}, indicators: kept });
  const again = importIntel('own.json', pack);
  assert.deepEqual(again.indicators.map((i) => i.value), ['45.251.241.82', '10.0.0.5', '192.168.0.0/16']);
  assert.deepEqual(again.dropped, []);
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-policy-'));
  try {
    const csv = path.join(dir, 'x.csv');
    writeFileSync(csv, FILES['x.csv']!);
    const loaded = await loadIntel({ builtin: false, files: [csv] });
    assert.deepEqual(loaded.indicators.map((i) => i.value), ['45.251.241.82']);
    assert.equal(loaded.problems.length, 1);
    assert.match(loaded.problems[0]!, /x\.csv: dropped 2 private\/reserved addresses \(10\.0\.0\.5 \(private\), 192\.168\.0\.0\/16 \(private\)\)/);
    assert.match(loaded.problems[0]!, /--keep-private/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
