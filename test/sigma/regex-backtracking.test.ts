/**
 * Rule regexes cannot stall the engine (issue 15): V8's linear-time fallback is on in the main
 * thread and in hunt workers, case-insensitive regexes are rewritten so that it takes them, and
 * regexes it cannot take are searched in a bounded prefix (with a warning) or refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { caseFoldedPattern } from '../../src/sigma/case-folded-pattern.js';
import { hasNestedRepetition } from '../../src/sigma/nested-repetition.js';
import { compileRuleRegex, MAX_BACKTRACKING_INPUT } from '../../src/sigma/rule-regex.js';
import { matches, reason, repoRoot, ruleFromDetection, tempDir } from './helpers.js';

const CMD = 'CommandLine';

test('a case-folded pattern matches, without the i flag, exactly what the pattern matched with it', () => {
  const cases: Array<[string, string[]]> = [
    ['cmd.{0,5}(?:/c|/r)', ['CMD.exe /C', 'cmd /r', 'cMd.ExE  /c', 'cmd.exe /k']],
    ['[A-F0-9]{4}-x', ['ab12-X', 'AB12-x', 'gh12-x']],
    ['[^a-f]z', ['Az', 'gZ', 'Gz', '!z']],
    ['[-a]b', ['-B', 'AB', 'cb']],
    ['[a-]b', ['-b', 'Ab', 'cb']],
    ['(?<Name>ab)c', ['ABC', 'abc', 'abd']],
    ['\\x41\\u0062\\d\\w\\s\\B', ['ab1c d', 'AB1_ e', 'ac1c d']],
    ['\\\\Windows\\\\System32\\\\', ['c:\\windows\\system32\\x', 'C:\\WINDOWS\\SYSTEM32\\', 'C:\\Windows\\SysWOW64\\']],
    ['caf\u00e9|STRASSE', ['CAF\u00c9', 'strasse', 'cafe']],
  ];
  for (const [pattern, inputs] of cases) {
    const folded = new RegExp(caseFoldedPattern(pattern));
    const original = new RegExp(pattern, 'i');
    for (const x of inputs) assert.equal(folded.test(x), original.test(x), `${pattern} on ${x} (folded: ${folded.source})`);
  }
});

test('nested unbounded repetition is recognised; bounded, escaped or class parentheses are not', () => {
  for (const p of ['(a+)+$', '(?:\\w*\\s)*x', '(x{2,})*', '(?:.*\\)){1,}.*', '((a+))+']) assert.equal(hasNestedRepetition(p), true, p);
  for (const p of ['(a|b)+', '(a+b)?c+', '((a)+)', '\\(a+\\)+', '[(]a+[)]+', '(a{1,3})+']) assert.equal(hasNestedRepetition(p), false, p);
});

test('catastrophic patterns, case-insensitive ones included, run on the linear-time engine', async () => {
  // In-process inputs stay short enough to end (slowly) even without the fallback; the hunt test
  // below, in a child process with a time limit, is the one that would hang without it.
  const hostile = `${'a'.repeat(24)}!`;
  for (const [source, flags] of [['(a+)+$', ''], ['(A+)+$', 'i'], ['(?i)(a+)+$', '']] as const) {
    const r = compileRuleRegex(source, flags, 'x|re');
    assert.equal(r.backtracking, null, source);
    assert.equal(r.test(hostile), false);
    assert.equal(r.test('aaaa'), true);
  }
  // A backreference under `i` compares case-insensitively, so such a regex keeps the i flag.
  assert.equal(compileRuleRegex('(?i)(ab)\\1', '', 'x|re').test('abAB'), true);
  // The SigmaHQ "Invoke-Obfuscation VAR+ Launcher" pattern on the event of issue 15.
  const varPlus = String.raw`cmd.{0,5}(?:/c|/r)(?:\s|)\"set\s[a-zA-Z]{3,6}.*(?:\{\d\}){1,}\\\"\s+?\-f(?:.*\)){1,}.*\"`;
  const event = { [CMD]: `cmd /c "set abc {0}\\" -f${')'.repeat(22)}` };
  const real = { [CMD]: 'cmd.exe /c "set abc=x {0}{1}\\" -f \'a\',\'b\')"' };
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re: '${varPlus.replace(/'/g, "''")}'\n    condition: sel`, [event, real]), [false, true]);
  assert.deepEqual(await matches(`    sel:\n        ${CMD}|re|ignorecase: '(x+)+y'\n    condition: sel`, [{ [CMD]: 'x'.repeat(24) }, { [CMD]: 'XXy' }]), [false, true]);
});

test('a regex the linear engine cannot take searches a bounded prefix and the rule gets a warning', async () => {
  const r = compileRuleRegex('(\\w)\\1{3}', '', 'CommandLine|re');
  assert.match(r.backtracking ?? '', /not linear-time \(backreference, counted repetition\): searched in the first 4096 characters/);
  assert.equal(r.test(`${'ab'.repeat(100)}zzzz`), true);
  assert.equal(r.test(`${'ab'.repeat(MAX_BACKTRACKING_INPUT)}zzzz`), false, 'beyond the prefix');
  const set = await ruleFromDetection(`    sel:\n        ${CMD}|re: '(\\w)\\1{3}'\n    other:\n        Image|re: '\\\\cmd\\.exe$'\n    condition: sel or other`);
  assert.equal(set.compiled, 1);
  assert.equal(set.warnings.length, 1);
  assert.match(set.warnings[0]!.reason, /^CommandLine\|re: '\(\\w\)\\1\{3\}' is not linear-time/);
  const linear = await ruleFromDetection(`    sel:\n        ${CMD}|re|i: '(a+)+b'\n    condition: sel`);
  assert.deepEqual(linear.warnings, []);
});

test('nested unbounded repetition that only a backtracking engine can run makes the rule unsupported', async () => {
  assert.match((await reason(`    sel:\n        ${CMD}|re: '(a+)+\\1$'\n    condition: sel`))!, /nests unbounded repetition.*cannot run it \(backreference\)/);
  assert.match((await reason(`    sel:\n        ${CMD}|re: '(?:\\w+\\s?)*(?=x)'\n    condition: sel`))!, /nests unbounded repetition.*lookahead/);
});

const hostileRule = `title: Hostile regex
id: 6c1f1e0e-4a55-4d51-9a3e-6d7c0b1f2a10
level: high
logsource:
    product: testproduct
detection:
    sel:
        CommandLine|re: '(a+)+$'
    condition: sel
`;

/** A hunt in a fresh process (threads 1: main thread; 2: worker threads); null when it timed out. */
function huntInChild(threads: number, dir: string): { code: number; stdout: string } | null {
  const cli = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
  const args = [cli, 'hunt', '--no-builtin', '--rules', path.join(dir, 'rules'), '--threads', String(threads), '--format', 'jsonl', '--no-progress', '-q', path.join(dir, 'logs')];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.signal) return null;
  return { code: r.status ?? -1, stdout: r.stdout };
}

test('a hostile event does not stall a hunt, on the main thread or on worker threads', { timeout: 150_000 }, () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'rules'));
  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(path.join(dir, 'rules', 'hostile.yml'), hostileRule);
  // Without the linear-time fallback each hostile value costs 2^48 steps.
  for (const name of ['a', 'b']) {
    const lines = [{ CommandLine: `${'a'.repeat(48)}!` }, { CommandLine: 'aaa' }, { CommandLine: `${'a'.repeat(48)}!` }];
    writeFileSync(path.join(dir, 'logs', `${name}.jsonl`), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  }
  for (const threads of [1, 2]) {
    const r = huntInChild(threads, dir);
    assert.ok(r, `hunt with --threads ${threads} did not finish within 60 s`);
    assert.equal(r.code, 0);
    const found = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: { CommandLine: string } });
    assert.deepEqual(found.map((f) => f.event.CommandLine), ['aaa', 'aaa']);
  }
});
