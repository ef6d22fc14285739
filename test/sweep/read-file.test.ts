/**
 * Read-once hashing: the three hashes equal node:crypto's over the whole file, whether the content
 * is kept (small files) or only hashed (past the limit), and for empty files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashBuffer, readFileOnce } from '../../src/sweep/read-file.js';
import { seededRandom } from '../../scripts/seeded-random.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cw-read-'));
const rand = seededRandom(99);
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));

for (const [label, size, limit] of [['kept', 3 * 1048576 + 17, 8 * 1048576], ['hashed only', 3 * 1048576 + 17, 1048576], ['empty', 0, 1024]] as const) {
  test(`${label}: ${size} bytes, limit ${limit}`, async () => {
    const data = bytes(size);
    const file = path.join(dir, `${label}.bin`);
    writeFileSync(file, data);
    const r = await readFileOnce(file, statSync(file).size, limit);
    assert.equal(r.size, size);
    assert.deepEqual(r.hashes, hashBuffer(data));
    if (size <= limit) assert.ok(r.content?.equals(data));
    else assert.equal(r.content, undefined);
  });
}

test('a file larger than its stat size said (grew) is still hashed whole', async () => {
  const data = bytes(200_000);
  const file = path.join(dir, 'grew.bin');
  writeFileSync(file, data);
  const r = await readFileOnce(file, 1000, 100_000);
  assert.equal(r.size, 200_000);
  assert.deepEqual(r.hashes, hashBuffer(data));
  assert.equal(r.content, undefined);
});
