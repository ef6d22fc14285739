/**
 * The bounded ZIP reader and the recursive archive walk: entries, nested archives, and the limits
 * (entry size, ratio, header lying about the size, nesting depth, CRC, damaged archives).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { buildZip } from '../../scripts/zip-writer.js';
import { seededRandom } from '../../scripts/seeded-random.js';
import { listZipEntries, readZipEntry } from '../../src/sweep/zip-reader.js';
import { archiveMembers, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from '../../src/sweep/archive-entries.js';

const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntrySize: 1 << 20, maxRatio: 100, maxDepth: 2 };

const walk = (name: string, data: Buffer, l = limits): { members: string[]; problems: string[] } => {
  const problems: string[] = [];
  const members = [...archiveMembers(name, data, l, (p, r) => problems.push(`${p}: ${r}`))].map((m) => `${m.path}=${m.data.length}`);
  return { members, problems };
};

test('stored and deflated entries, nested archives named with !/', () => {
  const inner = buildZip([{ name: 'x.jsp', data: Buffer.from('inner page') }]);
  const war = buildZip([
    { name: 'WEB-INF/', data: Buffer.alloc(0), deflate: false },
    { name: 'index.html', data: Buffer.from('<html></html>'), deflate: false },
    { name: 'WEB-INF/lib/a.jar', data: inner },
  ]);
  assert.deepEqual(walk('app.war', war), {
    members: ['app.war!/index.html=13', `app.war!/WEB-INF/lib/a.jar=${inner.length}`, 'app.war!/WEB-INF/lib/a.jar!/x.jsp=10'],
    problems: [],
  });
});

test('zip bomb: an entry past the ratio limit is refused, the rest is read', () => {
  const bomb = buildZip([{ name: 'zeros.bin', data: Buffer.alloc(900_000) }, { name: 'ok.txt', data: Buffer.from('fine') }]);
  const r = walk('b.zip', bomb);
  assert.deepEqual(r.members, ['b.zip!/ok.txt=4']);
  assert.match(r.problems[0]!, /^b\.zip!\/zeros\.bin: entry not read: compression ratio \d+:1 \(limit 100:1\)$/);
});

test('a header that understates the inflated size is stopped by inflation itself', () => {
  const zip = buildZip([{ name: 'liar.bin', data: Buffer.alloc(500_000) }]);
  const entries = listZipEntries(zip, limits);
  const lying = { ...entries[0]!, size: 10 };
  assert.throws(() => readZipEntry(zip, lying, limits), /zip bomb limit/);
});

test('nesting deeper than maxDepth is reported, not opened', () => {
  let z = buildZip([{ name: 'deep.jsp', data: Buffer.from('deep') }]);
  for (let i = 0; i < 3; i++) z = buildZip([{ name: `l${i}.zip`, data: z }]);
  const r = walk('top.zip', z);
  assert.equal(r.members.length, 2);
  assert.match(r.problems.join('\n'), /nested deeper than 2 levels/);
});

test('CRC mismatch, unsupported method and a damaged archive are reported once each', () => {
  const zip = buildZip([{ name: 'a.txt', data: Buffer.from('hello hello hello') }]);
  const crcAt = zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2])) + 16;
  const badCrc = Buffer.from(zip);
  badCrc.writeUInt32LE(0x12345678, crcAt);
  assert.match(walk('c.zip', badCrc).problems[0]!, /CRC-32 mismatch/);
  const method = Buffer.from(zip);
  method.writeUInt16LE(14, zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2])) + 10);
  assert.match(walk('m.zip', method).problems[0]!, /compression method 14 not supported/);
  assert.deepEqual(walk('t.zip', zip.subarray(0, zip.length - 30)).problems, ['t.zip: archive not read: no end of central directory record']);
});

test('raw deflate helper agrees with the writer', () => {
  const data = Buffer.from('x'.repeat(1000));
  const zip = buildZip([{ name: 'x', data }]);
  assert.ok(zip.includes(deflateRawSync(data)));
});

test('fuzz: 2000 seeded mutations of a nested archive never throw', () => {
  const inner = buildZip([{ name: 'a.jsp', data: Buffer.from('page '.repeat(200)) }, { name: 'b.txt', data: Buffer.from('b'), deflate: false }]);
  const base = buildZip([{ name: 'lib/inner.jar', data: inner }, { name: 'index.html', data: Buffer.from('<html>'.repeat(50)) }]);
  const rand = seededRandom(11);
  let problems = 0;
  for (let i = 0; i < 2000; i++) {
    const m = Buffer.from(base);
    for (let k = 1 + Math.floor(rand() * 6); k > 0; k--) {
      // Aim most flips at the central directory and end record, where sizes and offsets live.
      const at = rand() < 0.6 ? m.length - 1 - Math.floor(rand() * Math.min(m.length, 200)) : Math.floor(rand() * m.length);
      m[at] = Math.floor(rand() * 256);
    }
    problems += walk('f.zip', rand() < 0.2 ? m.subarray(0, Math.floor(rand() * m.length)) : m).problems.length;
  }
  assert.ok(problems > 0);
});
