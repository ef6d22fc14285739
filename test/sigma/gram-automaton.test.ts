import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GramAutomaton } from '../../src/sigma/gram-automaton.js';
import { LiteralAutomata } from '../../src/sigma/literal-automata.js';
import { GramHits } from '../../src/sigma/gram-hits.js';
import { chooseGram } from '../../src/sigma/gram-choice.js';
import { seededRandom } from '../../scripts/seeded-random.js';

/** Every (gram, end) a plain case-insensitive search finds. */
function naive(grams: string[], text: string): string[] {
  const low = text.toLowerCase();
  const out: string[] = [];
  grams.forEach((g, id) => {
    for (let i = low.indexOf(g); i >= 0; i = low.indexOf(g, i + 1)) out.push(`${id}@${i + g.length}`);
  });
  return out.sort();
}

function scanned(ac: GramAutomaton, text: string): string[] {
  const out: string[] = [];
  let end = 0;
  // scan reports ids only; replay it one prefix at a time to learn where each hit ends
  for (end = 1; end <= text.length; end++) {
    const before = new Map<number, number>();
    ac.scan(text.slice(0, end - 1), (id) => before.set(id, (before.get(id) ?? 0) + 1));
    ac.scan(text.slice(0, end), (id) => {
      const left = before.get(id) ?? 0;
      if (left > 0) before.set(id, left - 1);
      else out.push(`${id}@${end}`);
    });
  }
  return out.sort();
}

test('the gram automaton finds every occurrence of every gram, overlapping ones and any case, like a plain search', () => {
  const rand = seededRandom(16);
  const alphabet = 'abc\\.:x';
  const pick = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]!).join('');
  for (let round = 0; round < 40; round++) {
    const grams = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pick(1 + Math.floor(rand() * 5))))];
    const ac = new GramAutomaton(grams);
    const text = pick(30).replace(/[abc]/g, (c) => (rand() < 0.5 ? c.toUpperCase() : c));
    assert.deepEqual(scanned(ac, text), naive(grams, text), `grams ${JSON.stringify(grams)} text ${text}`);
  }
});

test('the gram automaton folds ASCII case and never misses a non-ASCII gram', () => {
  const ac = new GramAutomaton(['mimikatz', 'пароль', 'exe']);
  const hits = new Set<number>();
  ac.scan('C:\\Tools\\MimiKatz.EXE ПАРОЛЬ', (id) => hits.add(id));
  assert.deepEqual([...hits].sort(), [0, 1, 2]);
  const none = new Set<number>();
  ac.scan('C:\\Windows\\notepad.com', (id) => none.add(id));
  assert.deepEqual([...none], []);
});

test('literal automata: one automaton per field key over every rule literal, the same gram for the same literal', () => {
  const necessities = [
    [[{ names: ['CommandLine'], literals: ['sekurlsa::logonpasswords', 'procdump'] }]],
    [[{ names: ['CommandLine'], literals: ['procdump'] }], [{ names: ['Image'], literals: ['\\rundll32.exe'] }]],
    null,
  ];
  const automata = new LiteralAutomata(() => necessities);
  const cmd = automata.automaton('CommandLine')!;
  assert.equal(automata.automaton('CommandLine'), cmd, 'built once');
  assert.equal(automata.automaton('ParentImage'), null, 'no rule reads it');
  const id = automata.literalId('CommandLine', 'sekurlsa::logonpasswords');
  assert.equal(cmd.automaton.gram(id), chooseGram('sekurlsa::logonpasswords'));
  assert.equal(automata.literalId('CommandLine', 'procdump'), automata.literalId('CommandLine', 'procdump'));
  assert.equal(automata.literalId('Image', 'procdump'), -1, 'a literal of another field is not in this automaton');
  const hits = new GramHits();
  cmd.collect('rundll32 x /c "SEKURLSA::LogonPasswords"', hits);
  assert.ok([...hits.ids.subarray(0, hits.n)].includes(id));
  const resolved = automata.resolved(1)!;
  assert.deepEqual(resolved.map((clause) => clause.map((e) => automata.keyNames(e.key))), [[['CommandLine']], [['Image']]]);
  assert.deepEqual([...resolved[0]![0]!.grams], [automata.literalId('CommandLine', 'procdump')]);
  assert.equal(automata.resolved(2), null);
  // Grams chosen at compile time (and cached with the rule set) are used as given: '' is the literal itself.
  const cached = new LiteralAutomata(() => [[[{ names: ['CommandLine'], literals: ['sekurlsa::logonpasswords', 'procdump'], grams: ['logonpas', ''] }]]]);
  const ac = cached.automaton('CommandLine')!.automaton;
  assert.deepEqual([ac.gram(0), ac.gram(1)], ['logonpas', 'procdump']);
});
