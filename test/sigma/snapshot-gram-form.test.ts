import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { builtinRulesPath } from '../../src/content/content-path.js';
import { chooseGram } from '../../src/sigma/gram-choice.js';
import { loadSigmaRules } from '../../src/sigma/index.js';
import type { Necessity } from '../../src/sigma/prefilter.js';
import { decodeSnapshot, encodeSnapshot, gramForm } from '../../src/sigma/snapshot-codec.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureRules = path.resolve(here, '..', '..', '..', 'test', 'engine', 'fixtures', 'rules');

/** The gram the prefilter looks for, per literal of an entry (literal-automata.ts reads it this way). */
const gramsOf = (entry: Necessity[number]): string[] => entry.literals.map((l, j) => {
  const g = entry.grams?.[j];
  return g === undefined ? chooseGram(l) : g === '' ? l : g;
});

test('gram form: a long literal becomes its chosen gram, a short one stays, a missing gram is chosen', () => {
  const long = '\\procdump64.exe';
  const clause: Necessity = [
    { names: ['Image'], literals: [long, 'lsass'], grams: [chooseGram(long), ''] },
    { names: ['CommandLine'], literals: [' -accepteula -ma '] },
  ];
  const out = gramForm(clause);
  assert.deepEqual(out, [
    { names: ['Image'], literals: [chooseGram(long), 'lsass'] },
    { names: ['CommandLine'], literals: [chooseGram(' -accepteula -ma ')] },
  ]);
  for (const [i, entry] of out.entries()) {
    assert.deepEqual(gramsOf(entry), gramsOf(clause[i]!));
    entry.literals.forEach((g, j) => assert.ok(clause[i]!.literals[j]!.includes(g), `${g} is part of its literal`));
  }
  assert.notEqual(chooseGram(long), long);
});

test('a decoded cache entry gives the prefilter the same grams for every rule, from a smaller header', async () => {
  const set = await loadSigmaRules([builtinRulesPath, fixtureRules]);
  const bytes = encodeSnapshot(set.snapshot)!;
  const decoded = decodeSnapshot(bytes);
  let literals = 0;
  let shortened = 0;
  set.snapshot.detections.forEach((d, i) => d.necessities.forEach((clauses, v) => {
    const back = decoded.detections[i]!.necessities[v]!;
    if (clauses === null) return assert.equal(back, null);
    clauses.forEach((clause, c) => clause.forEach((entry, e) => {
      const b = back[c]![e]!;
      assert.deepEqual(b.names, entry.names);
      assert.deepEqual(gramsOf(b), gramsOf(entry));
      literals += entry.literals.length;
      shortened += entry.literals.filter((l, j) => b.literals[j] !== l).length;
    }));
  }));
  assert.ok(literals > 100 && shortened > 0, `${literals} literals, ${shortened} shortened`);
  const fullHeader = JSON.stringify(set.snapshot.detections.map((d) => d.necessities)).length;
  const gramHeader = JSON.stringify(decoded.detections.map((d) => d.necessities)).length;
  assert.ok(gramHeader < fullHeader, `${gramHeader} < ${fullHeader}`);
});
