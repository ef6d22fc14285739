/**
 * The GALLIUM rules on real attack logs: each rule with a real sample fires on it (the file is named
 * in fixtures/gallium-corpus.json), and no rule fires elsewhere in the corpora more often than the stated
 * count. Skipped when ../shared is absent. docs/rules.md is generated from the same table.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { CORRELATION_BASES, huntFiles, idByTitle, sharedRoot, type HuntTally } from './hunt-helper.js';

const corpus = path.join(sharedRoot, 'corpus');
const EVTX = 'evtx-attack-samples';
const REG = 'sigma/regression_data';
const haveCorpus = existsSync(path.join(corpus, EVTX)) && existsSync(path.join(corpus, REG));
const skip = haveCorpus ? false : `../shared/corpus not found beside the repository (${corpus})`;
if (skip) console.log(`# skipped: ${skip}`);

/** What a rule does on the corpora: test/content/fixtures/gallium-corpus.json (also the source of docs/rules.md). */
interface Expectation {
  /** Real samples the rule must fire on (paths under ../shared/corpus). */
  samples: string[];
  /** Most hits allowed on every other file of both corpora. */
  others: number;
  /** What the other hits are (docs/rules.md shows it). */
  note?: string;
}

// Hits on "other" files are mostly real attacks of the same technique in other samples; the note
// says which are unrelated. A rule absent from this table must not fire on the corpora at all.
const EXPECTED = JSON.parse(readFileSync(new URL('../../../test/content/fixtures/gallium-corpus.json', import.meta.url), 'utf8')) as Record<string, Expectation>;

describe('GALLIUM rules on the real attack corpora', { skip }, () => {
  let tally: HuntTally;
  before(async () => {
    tally = await huntFiles([path.join(corpus, EVTX), path.join(corpus, REG)], corpus);
  });

  it('reads the corpora (EVTX and regression JSON) with the project readers', () => {
    assert.ok(tally.events > 8000, `only ${tally.events} events read`);
    const unreadable = tally.problems.filter((p) => /\.(evtx|json)$/i.test(p.path));
    assert.deepEqual(unreadable, [], 'a sample could not be read');
  });

  for (const [title, exp] of Object.entries(EXPECTED)) {
    it(`${title}: fires on its sample(s), at most ${exp.others} hit(s) elsewhere`, () => {
      const id = idByTitle(tally.set, title);
      const hits = tally.byRule.get(id) ?? new Map<string, number>();
      for (const s of exp.samples) {
        assert.ok(existsSync(path.join(corpus, s)), `sample missing: ${s}`);
        assert.ok((hits.get(s) ?? 0) >= 1, `no finding on ${s}; hits: ${JSON.stringify([...hits])}`);
      }
      let others = 0;
      for (const [file, n] of hits) if (!exp.samples.includes(file)) others += n;
      assert.ok(others <= exp.others, `${others} hits outside the named samples (allowed ${exp.others}): ${JSON.stringify([...hits])}`);
    });
  }

  it('every other rule stays silent on both corpora', () => {
    const noisy: string[] = [];
    for (const r of tally.set.rules) {
      if (EXPECTED[r.title]) continue;
      const hits = tally.byRule.get(r.id);
      if (hits && hits.size) noisy.push(`${r.title}: ${JSON.stringify([...hits])}`);
    }
    assert.deepEqual(noisy, []);
  });

  it('correlation base rules never emit findings of their own', () => {
    for (const title of CORRELATION_BASES) assert.equal(tally.byRule.get(idByTitle(tally.set, title)), undefined, title);
  });
});
