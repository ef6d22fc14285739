import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GramAutomaton } from '../../src/sigma/gram-automaton.js';
import { RememberedScanner, ScanMemory } from '../../src/sigma/remembered-scanner.js';
import { GramHits } from '../../src/sigma/gram-hits.js';
import { seededRandom } from '../../scripts/seeded-random.js';

/** Gram ids of a plain scan, each once, in the order of first occurrence. */
function firstOccurrences(ac: GramAutomaton, text: string): number[] {
  const out: number[] = [];
  ac.scan(text, (id) => {
    if (!out.includes(id)) out.push(id);
  });
  return out;
}

function hits(scanner: RememberedScanner, text: string): number[] {
  const found = new GramHits();
  found.push(-1); // grams are appended after what the buffer holds
  scanner.collect(text, found);
  assert.equal(found.ids[0], -1);
  return [...found.ids.subarray(1, found.n)];
}

test('a remembered scanner reports the grams of a plain scan in first-occurrence order, the first time and when the value repeats', () => {
  const rand = seededRandom(1616);
  const alphabet = 'abcd\\.:xÉé';
  const pick = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]!).join('');
  for (let round = 0; round < 30; round++) {
    const grams = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 10) }, () => pick(2 + Math.floor(rand() * 4)).toLowerCase()))];
    const ac = new GramAutomaton(grams);
    const scanner = new RememberedScanner(ac, new ScanMemory());
    const values = Array.from({ length: 6 }, () => pick(12 + Math.floor(rand() * 40)).replace(/[abc]/g, (c) => (rand() < 0.5 ? c.toUpperCase() : c)));
    for (let pass = 0; pass < 3; pass++) {
      for (const v of values) assert.deepEqual(hits(scanner, v), firstOccurrences(ac, v), `grams ${JSON.stringify(grams)} value ${v} pass ${pass}`);
    }
  }
});

test('a remembered scanner scans short values directly and reports a value without grams as none', () => {
  const ac = new GramAutomaton(['exe', 'cmd']);
  const scanner = new RememberedScanner(ac, new ScanMemory());
  const direct: number[] = [];
  ac.scan('cmd.exe exe', (id) => direct.push(id));
  assert.deepEqual(hits(scanner, 'cmd.exe exe'), direct, 'under 12 characters: the plain scan, repeats included');
  assert.deepEqual(hits(scanner, 'C:\\Windows\\System32\\notepad.com'), []);
  assert.deepEqual(hits(scanner, 'C:\\Windows\\System32\\notepad.com'), []);
  assert.deepEqual(hits(scanner, 'C:\\Windows\\System32\\CMD.EXE'), [1, 0]);
});

test('remembered values stay within the shared budget, and answers stay right after it is spent', () => {
  const memory = new ScanMemory();
  const a = new RememberedScanner(new GramAutomaton(['mimikatz']), memory);
  const b = new RememberedScanner(new GramAutomaton(['rundll32']), memory);
  const filler = 'x'.repeat(4000);
  for (let i = 0; i < 1200; i++) {
    const v = `${i} ${filler}`;
    assert.deepEqual(hits(i % 2 ? a : b, v), []);
    assert.ok(memory.chars <= 4_000_000, `after ${i} values: ${memory.chars} characters remembered`);
  }
  assert.deepEqual(hits(a, `run MIMIKATZ ${filler}`), [0]);
  assert.deepEqual(hits(a, `run MIMIKATZ ${filler}`), [0]);
  assert.deepEqual(hits(b, 'RUNDLL32.EXE shell32.dll,Control_RunDLL'), [0]);
});

test("a field's scanner stops remembering values that never repeat, keeps remembering ones that do, and finds the same grams either way", () => {
  const ac = new GramAutomaton(['lsass', 'dump', '\\temp\\']);
  const grams = (scanner: RememberedScanner, text: string): number[] => {
    const found = new GramHits();
    scanner.collectField(text, found);
    return [...new Set(found.ids.subarray(0, found.n))];
  };
  const unique = new ScanMemory();
  const guids = new RememberedScanner(ac, unique);
  let heldAfterJudging = -1;
  for (let i = 0; i < 2000; i++) {
    const value = `C:\\Temp\\dump-${i.toString(16).padStart(8, '0')}-lsass.dmp`;
    assert.deepEqual(grams(guids, value).sort(), firstOccurrences(ac, value).sort(), value);
    if (i === 300) heldAfterJudging = unique.chars;
  }
  assert.ok(heldAfterJudging > 0, 'values are remembered at first');
  assert.equal(unique.chars, heldAfterJudging, 'once judged not to repeat, values are no longer stored');

  const repeated = new ScanMemory();
  const images = new RememberedScanner(ac, repeated);
  const values = ['C:\\Windows\\System32\\svchost.exe', 'C:\\Temp\\procdump64.exe', 'C:\\Windows\\Temp\\lsass_dump.exe'];
  for (let i = 0; i < 2000; i++) {
    const value = values[i % values.length]!;
    assert.deepEqual(grams(images, value).sort(), firstOccurrences(ac, value).sort(), value);
  }
  assert.equal(repeated.chars, values.reduce((a, v) => a + v.length, 0), 'each repeating value is stored once and kept');
});
