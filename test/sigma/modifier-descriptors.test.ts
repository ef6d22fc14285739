/**
 * One descriptor per modifier: where it is allowed (the item builder refuses it elsewhere) and what
 * the compiler's text fast path and the literal prefilter may assume. The prefilter's necessity must
 * agree with the descriptors: an item whose modifiers give no literal never yields one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowsTextFastPath, givesPrefilterLiterals, KNOWN_MODIFIERS, MODIFIERS } from '../../src/sigma/modifier-descriptors.js';
import { buildItem } from '../../src/sigma/modifiers.js';
import { necessity } from '../../src/sigma/prefilter.js';
import { parseDetection } from '../../src/sigma/rule.js';
import { VALUE_TRANSFORMS } from '../../src/sigma/value-transforms.js';
import { matches, reason } from './helpers.js';

const ctx = { placeholders: {} };

test('every value transform has a descriptor, every descriptor of a value kind a transform', () => {
  assert.deepEqual(Object.keys(VALUE_TRANSFORMS).filter((m) => !KNOWN_MODIFIERS.has(m)), []);
  for (const d of MODIFIERS.values()) assert.equal(d.transform !== null, d.kind !== 'item', d.name);
  for (const flag of ['i', 'ignorecase', 'm', 'multiline', 's', 'dotall']) {
    assert.equal(MODIFIERS.get(flag)?.kind, 'regex-flag', flag);
    assert.equal(MODIFIERS.get(flag)?.follows, 're', flag);
  }
});

test('a modifier used where its descriptor does not allow it makes the rule invalid', async () => {
  assert.match((await reason(`    sel:\n        CommandLine|ignorecase: 'x'\n    condition: sel`))!, /modifier 'ignorecase' must follow 're'/);
  assert.match((await reason(`    sel:\n        CommandLine|i|re: 'x'\n    condition: sel`))!, /modifier 'i' must follow 're'/);
  assert.match((await reason(`    sel:\n        '|neq': 'x'\n    condition: sel`))!, /modifier 'neq' needs a field/);
  assert.match((await reason(`    sel:\n        '|exists': true\n    condition: sel`))!, /modifier 'exists' needs a field/);
  assert.match((await reason(`    sel:\n        '|hour': 3\n    condition: sel`))!, /modifier 'hour' needs a field/);
  assert.equal(await reason(`    sel:\n        '|re': 'who.mi'\n    condition: sel`), null, 'a regex keyword search is allowed');
});

test('long re sub-modifier names behave as the short ones', async () => {
  const ev = [{ CommandLine: 'powershell -EncodedCommand AAAA' }, { CommandLine: 'line1\nEND' }];
  for (const [long, short, pattern] of [['ignorecase', 'i', '-enc\\w*'], ['multiline', 'm', '^END$'], ['dotall', 's', 'line1.END']] as const) {
    const rule = (mod: string): string => `    sel:\n        CommandLine|re|${mod}: '${pattern}'\n    condition: sel`;
    assert.deepEqual(await matches(rule(long), ev), await matches(rule(short), ev), long);
    assert.notDeepEqual(await matches(rule(long), ev), [false, false], `${long} changes the match`);
  }
});

test('fast path and prefilter answers per item', () => {
  const cases: Array<[string, unknown, boolean, boolean]> = [
    ['CommandLine|contains', ['whoami', 'mimikatz'], true, true],
    ['Image|endswith|cased', '\\psexec.exe', true, true],
    ['CommandLine|contains|all', ['net', 'user'], false, true],
    ['CommandLine|base64offset|contains', 'IEX', true, true],
    ['CommandLine|re|ignorecase', 'who.mi', false, true],
    ['CommandLine|re|neq', 'who.mi', false, false],
    ['User|neq', 'SYSTEM', false, false],
    ['EventTime|hour', 3, false, false],
    ['DestinationIp|cidr', '10.0.0.0/8', false, false],
    ['Count|gte', 5, false, false],
  ];
  for (const [key, value, fast, literals] of cases) {
    const item = buildItem(key, value, ctx);
    assert.equal(allowsTextFastPath(item), fast, `${key}: fast path`);
    assert.equal(givesPrefilterLiterals(item), literals, `${key}: prefilter`);
    const detection = parseDetection({ sel: { [key]: value }, condition: 'sel' }, ctx);
    const nec = necessity(detection, (f) => [f]);
    if (!literals) assert.equal(nec, null, `${key}: the prefilter takes no literal the descriptor rules out`);
  }
});
