/**
 * regex-literals.ts: the literals a rule regex requires. Hand-picked shapes, then every regex of
 * the SigmaHQ rules (skipped when ../shared is absent): each literal set is checked to be really
 * necessary on random texts the regex matches and on every regression-data text it matches.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { necessity } from '../../src/sigma/prefilter.js';
import { regexLiterals } from '../../src/sigma/regex-literals.js';
import { parseDetection } from '../../src/sigma/rule.js';
import { compileRegExp } from '../../src/sigma/rule-regex.js';
import { corpusRegexes, regressionTexts, sigmaCorpusAbsent } from './corpus-regexes.js';
import { matches, repoRoot } from './helpers.js';
import { regexSamples } from './regex-samples.js';

const atLeast3 = (l: string): boolean => l.length >= 3;

/** The literals as the prefilter asks for them: compiled as the engine compiles it, sorted. */
function literals(source: string, flags = ''): string[] | null {
  const re = compileRegExp(source, flags, 'test');
  return regexLiterals(re.source, re.flags, atLeast3)?.sort() ?? null;
}

test('literal runs: escapes are characters, classes and dots end a run, the longest run wins', () => {
  assert.deepEqual(literals('whoami'), ['whoami']);
  assert.deepEqual(literals('\\.exe$'), ['.exe']);
  assert.deepEqual(literals('a\\.b\\\\c\\/d'), ['a.b\\c/d']);
  assert.deepEqual(literals('net1?\\s+user'), ['user']);
  assert.deepEqual(literals('^c:\\\\windows\\\\[a-z]+\\\\svchost\\.exe'), ['\\svchost.exe']);
  assert.deepEqual(literals('(?i)MIMIKATZ'), ['mimikatz']);
  assert.deepEqual(literals('Invoke-[A-Z]+Mimi', 'i'), ['invoke-']);
  assert.deepEqual(literals('a.b'), null);
  assert.deepEqual(literals('\\d{1,3}\\.\\d{1,3}'), null);
  assert.deepEqual(literals('^$'), null);
});

test('alternations: every branch contributes, exact groups join their neighbours', () => {
  assert.deepEqual(literals('abc|def'), ['abc', 'def']);
  assert.deepEqual(literals('abc|d'), null, 'a branch without a literal');
  assert.deepEqual(literals('abc|'), null, 'an empty branch');
  assert.deepEqual(literals('(?:cmd|powershell)\\.exe'), ['cmd.exe', 'powershell.exe']);
  assert.deepEqual(literals('(cmd|pwsh|[a-z]+)\\.exe'), ['.exe']);
  assert.deepEqual(literals('x(abc|[0-9]def)y'), ['abc', 'def']);
  assert.deepEqual(literals('[Ss]ystem32'), ['system32']);
  assert.deepEqual(literals('[\\\\/]temp[\\\\/]'), ['/temp/', '/temp\\', '\\temp/', '\\temp\\']);
  assert.deepEqual(literals('[.]bat'), ['.bat']);
  assert.deepEqual(literals('[a-c]xyz'), ['xyz']);
  assert.deepEqual(literals('[^a]xyz[bc-]'), ['xyz-', 'xyzb', 'xyzc']);
});

test('quantifiers: optional atoms, at least once, counted', () => {
  assert.deepEqual(literals('rundll32(\\.exe)?,'), ['rundll32,', 'rundll32.exe,']);
  assert.deepEqual(literals('rundll(32)?\\.exe'), ['rundll.exe', 'rundll32.exe']);
  assert.deepEqual(literals('abc(def)*ghij'), ['ghij'], 'one run is needed: the longest');
  assert.deepEqual(literals('abc+de'), ['abc']);
  assert.deepEqual(literals('(ab){2,}x'), ['abab']);
  assert.deepEqual(literals('a{3}'), ['aaa']);
  assert.deepEqual(literals('ab{0,2}cde'), ['cde']);
  assert.deepEqual(literals('(?:wmic){0}abc'), ['abc']);
  assert.deepEqual(literals('x{2,5}?yzw'), ['yzw'], 'a lazy counted repetition ends the run too');
});

test('anchors, lookarounds, backreferences and odd escapes', () => {
  assert.deepEqual(literals('(?<!\\\\)cmd\\.exe'), ['cmd.exe']);
  assert.deepEqual(literals('(?=abcdef)x'), null, 'a lookahead matches no text of its own');
  assert.deepEqual(literals('\\bnet\\b'), ['net']);
  assert.deepEqual(literals('(abc)\\1'), ['abc']);
  assert.deepEqual(literals('(?<q>[\'"])\\k<q>xyz'), ['xyz']);
  assert.deepEqual(literals('\\x41BC'), ['abc']);
  assert.deepEqual(literals('\\cJabc'), ['abc'], 'a control escape is one character');
  assert.deepEqual(literals('ab\\ncd'), ['ab\ncd']);
  assert.deepEqual(literals('caf\u00e9x'), ['caf'], 'non-ASCII characters end a run');
  assert.deepEqual(literals('\\p{L}abc', 'u'), null, 'unicode mode gives none');
  assert.deepEqual(literals('abc.defg', 's'), ['defg']);
  assert.deepEqual(literals('^abc$', 'm'), ['abc']);
});

test('the prefilter takes a regex item\'s literals, with the short-literal rule', () => {
  // Names and literals (the grams chosen for them are checked in gram-automaton.test.ts).
  const nec = (key: string, value: unknown): unknown => necessity(parseDetection({ sel: { [key]: value }, condition: 'sel' }, { placeholders: {} }), (f) => [f])
    ?.map((clause) => clause.map(({ names, literals }) => ({ names, literals }))) ?? null;
  assert.deepEqual(nec('CommandLine|re', '\\s-enc(odedcommand)?\\s'), [[{ names: ['CommandLine'], literals: ['-enc'] }]]);
  assert.deepEqual(nec('CommandLine|re|i', ['AdFind', 'net\\s+group']), [[{ names: ['CommandLine'], literals: ['adfind', 'group'] }]]);
  assert.equal(nec('CommandLine|re', 'a.b'), null);
  assert.equal(nec('CommandLine|re', 'ab|cd'), null, 'two-character literals are too common');
  assert.deepEqual(nec('|re', 'mimi[k]atz'), [[{ names: ['*'], literals: ['mimikatz'] }]]);
});

test('a rule whose regex gives a necessity matches as before, in any case of the text', async () => {
  const rule = `    sel:\n        CommandLine|re: '(?i)invoke-(mimikatz|kerberoast)'\n    condition: sel`;
  const got = await matches(rule, [
    { CommandLine: 'powershell INVOKE-MIMIKATZ' },
    { CommandLine: 'Invoke-Kerberoast -x' },
    { CommandLine: 'invoke-mimi' },
    { CommandLine: 'powershell' },
  ]);
  assert.deepEqual(got, [true, true, false, false]);
});

test('the literals of hand-picked shapes occur in every sample their regex matches', () => {
  const shapes: Array<[string, string]> = [
    ['(?:cmd|powershell)\\.exe', ''], ['rundll(32)?\\.exe', ''], ['[\\\\/]temp[\\\\/]', 'i'], ['x(abc|[0-9]def)y', ''],
    ['(ab){2,}x', ''], ['abc(def)*ghij', ''], ['net1?\\s+user', 'i'], ['^abc$', 'm'], ['(abc)\\1', ''], ['\\s-enc(odedcommand)?\\s', 'i'],
  ];
  let samples = 0;
  for (const [k, [source, flags]] of shapes.entries()) {
    const re = compileRegExp(source, flags, 'test');
    const lits = regexLiterals(re.source, re.flags, atLeast3);
    assert.ok(lits, source);
    for (const s of regexSamples(re, 50, k + 1)) {
      samples++;
      assert.ok(lits.some((l) => s.toLowerCase().includes(l)), `/${source}/${flags} matches ${JSON.stringify(s)} without any of ${JSON.stringify(lits)}`);
    }
  }
  assert.ok(samples > shapes.length * 20, `only ${samples} samples`);
});

test('the project\'s own rule regexes: every extracted literal set holds on samples generated from them', () => {
  const regexes = corpusRegexes([path.join(repoRoot, 'content', 'rules')]);
  assert.ok(regexes.length >= 10, `${regexes.length} regexes`);
  let samples = 0;
  for (const [k, r] of regexes.entries()) {
    const re = compileRegExp(r.source, r.flags, r.where);
    const lits = regexLiterals(re.source, re.flags, (l) => l.length >= 1);
    if (!lits) continue;
    for (const s of regexSamples(re, 40, k + 1)) {
      samples++;
      assert.ok(lits.some((l) => s.toLowerCase().includes(l)), `${r.where} /${r.source}/${r.flags} matches ${JSON.stringify(s)} without any of ${JSON.stringify(lits)}`);
    }
  }
  assert.ok(samples > regexes.length * 10, `only ${samples} samples`);
});

test('SigmaHQ regexes: every extracted literal set is necessary', { skip: sigmaCorpusAbsent, timeout: 600_000 }, (t) => {
  const regexes = corpusRegexes();
  const texts = regressionTexts();
  assert.ok(regexes.length >= 150 && texts.length > 1000, `${regexes.length} regexes, ${texts.length} texts`);
  let withLiterals = 0;
  let samples = 0;
  let matched = 0;
  for (const [k, r] of regexes.entries()) {
    const re = compileRegExp(r.source, r.flags, r.where);
    const lits = regexLiterals(re.source, re.flags, (l) => l.length >= 1);
    if (!lits) continue;
    withLiterals++;
    const holds = (text: string): boolean => {
      const lower = text.toLowerCase();
      return lits.some((l) => lower.includes(l));
    };
    for (const s of regexSamples(re, 40, k + 1)) {
      samples++;
      assert.ok(holds(s), `${r.where} /${r.source}/${r.flags} matches ${JSON.stringify(s)} without any of ${JSON.stringify(lits)}`);
    }
    for (const text of texts) {
      if (!re.test(text)) continue;
      matched++;
      assert.ok(holds(text), `${r.where} /${r.source}/${r.flags} matches ${JSON.stringify(text.slice(0, 200))} without any of ${JSON.stringify(lits)}`);
    }
  }
  t.diagnostic(`${regexes.length} regexes, ${withLiterals} with literals; ${samples} generated samples and ${matched} regression texts matched, all holding a literal`);
  assert.ok(withLiterals > regexes.length / 2, `only ${withLiterals} of ${regexes.length} regexes give literals`);
  assert.ok(samples > withLiterals * 10, `only ${samples} samples generated`);
});
