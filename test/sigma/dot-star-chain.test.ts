/**
 * dot-star-chain.ts: regexes of literal runs joined by `.*` answered by indexOf chains. The fast
 * test must give the regex's own answer: on random texts with line ends, on samples built from the
 * pattern (rule-regex-answers.test.ts checks the SigmaHQ regexes of that shape).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../scripts/seeded-random.js';
import { dotStarChainTest } from '../../src/sigma/dot-star-chain.js';
import { compileRegExp } from '../../src/sigma/rule-regex.js';
import { matches } from './helpers.js';
import { regexSamples } from './regex-samples.js';

const takes = (source: string, flags = ''): boolean => dotStarChainTest(compileRegExp(source, flags, 'test')) !== null;

test('only literal runs joined by .* take the fast path', () => {
  for (const s of ['\\+.*\\+.*\\+', 'net.*user.*add', '.*abc', 'abc.*', 'a.*?b', '\\$VerbosePreference\\.ToString\\(', '-D', 'x.*\\/.*\\\\'])
    assert.ok(takes(s), s);
  assert.ok(takes('\\^.*\\^', 'i'), 'a run without letters under i');
  assert.ok(takes('a.*b', 'm'), 'm changes only anchors');
  for (const s of ['^abc.*d', 'abc.*d$', 'a.+b', 'a.b', 'a|b.*c', '(a).*b', '[a].*b', 'a\\d.*b', 'a\\n.*b', 'a*.*b', 'a{2}.*b', '\\bab.*c', 'caf\u00e9.*x'])
    assert.ok(!takes(s), s);
  assert.ok(!takes('a.*b', 's'), 'with s, . crosses lines');
  assert.ok(!takes('a.*b', 'i'), 'letters under i');
});

/** Random texts over the runs' characters, some letters and every kind of line end. */
function randomTexts(runs: string[], count: number, seed: number): string[] {
  const rand = seededRandom(seed);
  const alphabet = [...new Set([...runs.join(''), 'a', 'Z', ' ', '\n', '\r', '\u2028', '\u2029'])];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = Math.floor(rand() * 40);
    for (let k = 0; k < n; k++) s += rand() < 0.3 ? runs[Math.floor(rand() * runs.length)]! : alphabet[Math.floor(rand() * alphabet.length)]!;
    out.push(s);
  }
  return out;
}

test('the fast path gives the regex\'s answer on random texts with line ends', () => {
  const cases: Array<[string, string, string[]]> = [
    ['\\+.*\\+.*\\+.*\\+', '', ['+']],
    ['\\^.*\\^.*\\^', 'i', ['^']],
    ['net.*user.*add', '', ['net', 'user', 'add', 'ne', 'us']],
    ['ab.*ba.*ab', 'm', ['ab', 'ba', 'a', 'b']],
    ['.*x.*?y', '', ['x', 'y']],
    ['-D', '', ['-D', '-']],
  ];
  let positives = 0;
  for (const [k, [source, flags, runs]] of cases.entries()) {
    const re = compileRegExp(source, flags, 'test');
    const fast = dotStarChainTest(re)!;
    for (const x of [...randomTexts(runs, 3000, k + 1), ...regexSamples(re, 200, k + 1)]) {
      const want = re.test(x);
      if (want) positives++;
      assert.equal(fast(x), want, `/${source}/${flags} on ${JSON.stringify(x)}`);
    }
  }
  assert.ok(positives > 1000, `only ${positives} matching texts`);
});

test('a rule with a .*-joined regex matches within one line only, as the regex does', async () => {
  const rule = `    sel:\n        CommandLine|re: '\\+.*\\+.*\\+'\n    condition: sel`;
  assert.deepEqual(await matches(rule, [{ CommandLine: "'a'+'b'+'c'+'d'" }, { CommandLine: "'a'+'b'\n+'c'" }, { CommandLine: "x+\ny+z+w+" }]), [true, false, true]);
});
