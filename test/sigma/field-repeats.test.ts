import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldRepeats } from '../../src/sigma/field-repeats.js';

/** How many of `n` values are looked up, when each lookup finds the value remembered with `found(i)`. */
function lookedUp(r: FieldRepeats, n: number, found: (i: number) => boolean): number {
  let looked = 0;
  for (let i = 0; i < n; i++) {
    if (!r.remember()) continue;
    looked++;
    r.looked(found(looked));
  }
  return looked;
}

test('a field whose values repeat stays remembered; one whose values never repeat is scanned directly, then tried again', () => {
  const repeating = new FieldRepeats();
  assert.equal(lookedUp(repeating, 10_000, (i) => i % 2 === 0), 10_000, 'half the values found: every value looked up');
  const oneOff = new FieldRepeats();
  assert.equal(lookedUp(oneOff, 256, () => false), 256, 'judged after 256 lookups');
  assert.equal(lookedUp(oneOff, 4096, () => false), 0, 'then 4,096 values scanned directly');
  assert.equal(lookedUp(oneOff, 10, () => false), 10, 'then tried again');
  const rare = new FieldRepeats();
  assert.equal(lookedUp(rare, 256, (i) => i % 5 === 0), 256);
  assert.equal(rare.remember(), false, 'a fifth found is under a quarter');
});
