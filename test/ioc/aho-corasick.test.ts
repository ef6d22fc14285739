import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AhoCorasick } from '../../src/ioc/aho-corasick.js';
import { seededRandom as rng } from '../../scripts/seeded-random.js';

/** Deterministic pseudo-random generator (mulberry32). */
test('Aho-Corasick finds exactly what a naive search finds (overlaps, nested patterns)', () => {
  const rand = rng(42);
  const word = (n: number): string => Array.from({ length: n }, () => 'abc\\/.'[Math.floor(rand() * 6)]).join('');
  for (let round = 0; round < 50; round++) {
    const patterns = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 20) }, () => word(1 + Math.floor(rand() * 5))))];
    const ac = new AhoCorasick(patterns);
    const text = word(200);
    const got: string[] = [];
    ac.search(text, (p, s, e) => {
      assert.equal(text.slice(s, e), patterns[p]);
      got.push(`${p}@${s}`);
    });
    const want: string[] = [];
    patterns.forEach((p, i) => {
      for (let s = text.indexOf(p); s >= 0; s = text.indexOf(p, s + 1)) want.push(`${i}@${s}`);
    });
    assert.deepEqual(got.sort(), want.sort(), `round ${round}`);
  }
});

test('Aho-Corasick: empty set, stop early', () => {
  let n = 0;
  new AhoCorasick([]).search('anything', () => void n++);
  assert.equal(n, 0);
  new AhoCorasick(['a']).search('aaaa', () => ++n === 2);
  assert.equal(n, 2);
});

test('walkFrom finds the patterns that start at a position, folding ASCII case', () => {
  const ac = new AhoCorasick(['hklm\\software', 'hklm\\software\\run', 'hkcu']);
  const text = 'x HKLM\\Software\\Run\\evil';
  const got: string[] = [];
  ac.walkFrom(text, 2, (p, end) => got.push(`${p}:${end}`));
  assert.deepEqual(got, ['0:15', '1:19']);
  const none: number[] = [];
  ac.walkFrom(text, 3, (p) => none.push(p));
  assert.deepEqual(none, []);
  assert.equal(ac.startsWith('H'.charCodeAt(0)), true);
  assert.equal(ac.startsWith('x'.charCodeAt(0)), false);
});
