import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PACK, formatPack, importIntel, loadIntel } from '../../src/intel/index.js';
import type { Indicator } from '../../src/intel/index.js';
import { buildIntelPack } from '../../scripts/build-intel-pack.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const fixtures = path.join(repoRoot, 'test', 'intel', 'fixtures');
const strip = (list: Indicator[]): string[] => list.map((i) => JSON.stringify(i)).sort();

test('pack round-trip: every fixture written as a pack reads back identically', () => {
  for (const name of ['stix-bundle.json', 'misp-event.json', 'indicators.csv', 'advisory.txt']) {
    const file = path.join(fixtures, name);
    const first = importIntel(file, readFileSync(file, 'utf8'));
    const text = formatPack({ name: 'roundtrip', sources: {}, indicators: first.indicators });
    const again = importIntel('roundtrip.json', text);
    assert.equal(again.format, 'pack');
    assert.deepEqual(again.problems, []);
    assert.deepEqual(strip(again.indicators), strip(first.indicators), name);
  }
});

test('built-in pack read and written again is byte-identical', () => {
  const text = readFileSync(BUILTIN_PACK, 'utf8');
  const doc = JSON.parse(text);
  const r = importIntel(BUILTIN_PACK, text);
  assert.deepEqual(r.problems, []);
  assert.equal(formatPack({ name: doc.name, description: doc.description, sources: doc.sources, indicators: r.indicators }), text);
});

test('pack: bad entries reported with their line, the rest loads', () => {
  const text = [
    '{"format":"cellwatch-intel-pack","version":1,"name":"t","sources":{},"indicators":[',
    '  {"type":"domain","value":"helpinfo.publicvm.com","source":"s","tags":["c2"]},',
    '  {"type":"ipv4","value":"999.1.1.1","source":"s","tags":[]},',
    '  {"type":"teleport","value":"x","source":"s","tags":[]},',
    '  {"type":"md5","value":"0c7f4a32d8e1b5f6a9c3e2d1b0a4f5e6","source":"s","tags":[],"level":"severe"}',
    ']}',
  ].join('\n');
  const r = importIntel('p.json', text);
  assert.equal(r.indicators.length, 1);
  assert.deepEqual(r.problems, [
    'p.json:line 3: indicators[1]: not an IP address: 999.1.1.1',
    'p.json:line 4: indicators[2]: unknown indicator type "teleport"',
    'p.json:line 5: indicators[3]: unknown level "severe"',
  ]);
});

test('built-in GALLIUM pack: 210 indicators with their source keys and tags', async () => {
  assert.ok(BUILTIN_PACK.startsWith(path.join(repoRoot, 'content')), BUILTIN_PACK);
  const { indicators, problems } = await loadIntel({ builtin: true, files: [] });
  assert.deepEqual(problems, []);
  assert.equal(indicators.length, 210);
  const count = (t: string): number => indicators.filter((i) => i.type === t).length;
  assert.deepEqual([count('domain'), count('ipv4'), count('sha256'), count('sha1'), count('service_name'), count('av_signature')], [23, 131, 28, 21, 3, 4]);
  const sources = new Set(indicators.map((i) => i.source));
  assert.deepEqual([...sources].sort(), ['m365d-2020', 'mstic-2019', 'unit42-2022', 'unit42-2023']);
  const d = indicators.find((i) => i.value === 'asyspy256.ddns.net')!;
  assert.deepEqual(d.tags, ['c2', 'dynamic-dns']);
  const pack = JSON.parse(readFileSync(BUILTIN_PACK, 'utf8'));
  for (const key of sources) assert.ok(pack.sources[key]?.title, `source ${key} has a title`);
  assert.match(pack.sources['unit42-2022'].url, /^https:\/\/unit42\.paloaltonetworks\.com\//);
});

test('loadIntel: user files after the pack; an unreadable file throws naming it', async () => {
  const { indicators } = await loadIntel({ builtin: false, files: [path.join(fixtures, 'indicators.csv'), path.join(fixtures, 'advisory.txt')] });
  assert.equal(indicators.length, 12 + 11);
  await assert.rejects(loadIntel({ builtin: false, files: ['/nonexistent/intel.csv'] }), /\/nonexistent\/intel\.csv: cannot read intel file: no such file/);
});

test('techniques and software facts are in content/', () => {
  const tech = JSON.parse(readFileSync(path.join(repoRoot, 'content', 'intel', 'gallium-techniques.json'), 'utf8'));
  assert.equal(tech.techniques.length, 47);
  assert.ok(tech.techniques.some((t: { id: string }) => t.id === 'T1003.001'));
  const sw = JSON.parse(readFileSync(path.join(repoRoot, 'content', 'intel', 'gallium-software.json'), 'utf8'));
  assert.equal(sw.software.length, 23);
  assert.ok(sw.software.some((s: { name: string; aliases: string[] }) => s.name === 'HTRAN' && s.aliases.includes('HUC Packet Transmit Tool')));
});

test('scripts/build-intel-pack.ts regenerates the committed content from ../shared', (t) => {
  if (!existsSync(path.join(shared, 'intel', 'gallium', 'indicators.csv'))) {
    t.skip(`reference data absent: ${shared}/intel/gallium`);
    return;
  }
  const out = mkdtempSync(path.join(tmpdir(), 'cw-pack-'));
  try {
    const r = buildIntelPack(shared, out);
    assert.equal(r.indicators, 210);
    for (const f of ['gallium.json', 'gallium-techniques.json', 'gallium-software.json']) {
      assert.equal(readFileSync(path.join(out, f), 'utf8'), readFileSync(path.join(repoRoot, 'content', 'intel', f), 'utf8'), `${f} is up to date`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  void writeFileSync;
});
