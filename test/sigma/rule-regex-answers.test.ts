/**
 * A compiled rule regex (compileRuleRegex) may answer without running the regex: `.*`-joined
 * literal runs by indexOf chains (dot-star-chain.ts), other regexes behind a check for a letter-free
 * literal they require. Either way the answer must be the regex's own (on the first 4,096
 * characters for a prefix-bounded one): checked here on hand-picked texts and, for every SigmaHQ
 * regex, on samples generated from it and on every regression-data text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRegExp, compileRuleRegex, MAX_BACKTRACKING_INPUT } from '../../src/sigma/rule-regex.js';
import { corpusRegexes, regressionTexts, sigmaCorpusAbsent } from './corpus-regexes.js';
import { regexSamples } from './regex-samples.js';

/** The regex's own answer, as the engine bounds it. */
function reference(source: string, flags: string): (x: string) => boolean {
  const re = compileRegExp(source, flags, 'test');
  const bounded = compileRuleRegex(source, flags, 'test').backtracking !== null;
  return (x) => re.test(bounded ? x.slice(0, MAX_BACKTRACKING_INPUT) : x);
}

test('a regex behind its literal check answers as the regex', () => {
  const texts = ['IN`V`o`Ke-eXp`ResSIOn', 'Invoke-Expression', 'a`b`c', '', '`', 'x'.repeat(5000) + 'a`b` ', 'net  user /add', 'NET USER'];
  for (const [source, flags] of [['\\w+`(?:\\w+|-|.)`[\\w+|\\s]', ''], ['(?i)net\\s+user', ''], ['a(?=`)`b', ''], ['^.{0,4}`', ''], ['(a|b)`\\1', 'i']] as const) {
    const { test: ruleTest } = compileRuleRegex(source, flags, 'test');
    const want = reference(source, flags);
    for (const x of texts) assert.equal(ruleTest(x), want(x), `/${source}/${flags} on ${JSON.stringify(x.slice(0, 40))}`);
  }
});

test('SigmaHQ regexes: the compiled rule test answers as the regex', { skip: sigmaCorpusAbsent, timeout: 600_000 }, (t) => {
  const texts = regressionTexts();
  const regexes = corpusRegexes();
  let checks = 0;
  let positives = 0;
  for (const [k, r] of regexes.entries()) {
    const { test: ruleTest } = compileRuleRegex(r.source, r.flags, r.where);
    const want = reference(r.source, r.flags);
    for (const x of [...texts, ...regexSamples(compileRegExp(r.source, r.flags, r.where), 40, k + 1)]) {
      const w = want(x);
      checks++;
      if (w) positives++;
      assert.equal(ruleTest(x), w, `${r.where} on ${JSON.stringify(x.slice(0, 200))}`);
    }
  }
  t.diagnostic(`${regexes.length} regexes, ${checks} texts checked, ${positives} matches`);
  assert.ok(positives > 3000, `only ${positives} matches`);
});
