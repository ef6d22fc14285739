/**
 * Hostile YAML in a rule file (issue 15): an alias bomb, an alias to no anchor, or nesting deeper
 * than the stack makes that document unsupported, naming the file; the other rules still load.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSigmaYaml } from '../../src/content/fast-yaml.js';
import { event, loadYaml, run } from './helpers.js';

const good = `title: Whoami
id: 7d0e3c1a-5b1f-4a57-9b7e-2f6c1d0a9e01
logsource:
    product: testproduct
detection:
    sel:
        Image|endswith: '\\whoami.exe'
    condition: sel
`;

/** A billion-laughs document: nine levels of nine aliases each. */
function aliasBomb(): string {
  let lines = `    l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let n = 1; n <= 9; n++) lines += `    l${n}: &l${n} [${Array(9).fill(`*l${n - 1}`).join(', ')}]\n`;
  return `title: Bomb\nid: bomb-1\nlogsource:\n    product: testproduct\ndetection:\n${lines}    condition: l9\n`;
}

const deepBlock = `title: Deep\nid: deep-1\n${Array.from({ length: 6000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`;

test('an alias bomb makes its document unsupported with the file named; other rules still run', async () => {
  const set = await loadYaml({ 'a-good.yml': good, 'bomb.yml': aliasBomb(), 'unresolved.yml': good.replace("'\\whoami.exe'", '*nowhere') });
  assert.equal(set.compiled, 1);
  assert.equal(set.total, 3);
  const bomb = set.unsupported.find((u) => u.path.endsWith('bomb.yml'));
  assert.ok(bomb, JSON.stringify(set.unsupported));
  assert.match(bomb.reason, /^YAML: Excessive alias count/);
  const unresolved = set.unsupported.find((u) => u.path.endsWith('unresolved.yml'));
  assert.match(unresolved?.reason ?? '', /^YAML: Unresolved alias/);
  const out = run(set, [event({ Image: 'C:\\Windows\\System32\\whoami.exe' })]);
  assert.equal(out.length, 1);
});

test('nesting deeper than any rule needs is unsupported on both YAML paths, never a stack overflow', async () => {
  assert.equal(parseSigmaYaml(deepBlock), null, 'the fast reader hands deep nesting to the full parser');
  const flowDeep = `title: Deep flow\nid: deep-2\ndetection: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
  const set = await loadYaml({ 'a-good.yml': good, 'deep.yml': deepBlock, 'flow.yml': flowDeep });
  assert.equal(set.compiled, 1);
  assert.deepEqual(set.unsupported.map((u) => u.path.replace(/.*\//, '')).sort(), ['deep.yml', 'flow.yml']);
  for (const u of set.unsupported) assert.match(u.reason, /^YAML( line \d+)?: /);
});

test('ordinary nesting (a few levels) stays on the fast reader', () => {
  const nested = `a:\n${Array.from({ length: 20 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`;
  const value = parseSigmaYaml(nested);
  assert.ok(value, 'read by the fast reader');
  let node = (value[0] as Record<string, unknown>).a as Record<string, unknown>;
  for (let i = 0; i < 19; i++) node = node[`k${i}`] as Record<string, unknown>;
  assert.equal(node.k19, 1);
});
