/**
 * One metadata parser for every kind of rule: the key order id → name → title, the same for
 * detection, filter and correlation rules, and never the file path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRuleMeta, ruleKey, ruleRefs } from '../../src/sigma/rule-metadata.js';
import { event, loadYaml, run } from './helpers.js';

const detection = (head: string): string =>
  `${head}\nlogsource: {product: testproduct}\ndetection:\n    sel: {CommandLine|contains: whoami}\n    condition: sel\n`;
const correlation = (head: string): string =>
  `${head}\ncorrelation: {type: event_count, rules: [base-rule], timespan: 1h, condition: {gte: 1}, generate: true}\n`;

test('rule key: id, else name, else title', () => {
  assert.equal(ruleKey(parseRuleMeta({ id: 'the-id', name: 'the-name', title: 'The title' }, 'a.yml')), 'the-id');
  assert.equal(ruleKey(parseRuleMeta({ name: 'the-name', title: 'The title' }, 'a.yml')), 'the-name');
  assert.equal(ruleKey(parseRuleMeta({ title: 'The title' }, 'a.yml')), 'The title');
  assert.equal(ruleKey(parseRuleMeta({ id: 42, title: 'Numeric id' }, 'a.yml')), '42', 'YAML numbers are read as text');
  assert.deepEqual(ruleRefs(parseRuleMeta({ id: 'i', name: 'n', title: 't' }, 'a.yml')), ['i', 'n']);
  assert.deepEqual(ruleRefs(parseRuleMeta({ title: 't' }, 'a.yml')), []);
});

test('metadata defaults and refusals are the same for every kind', () => {
  const m = parseRuleMeta({ title: '  Padded  ', tags: 'attack.t1003' }, 'a.yml');
  assert.equal(m.title, 'Padded');
  assert.equal(m.level, 'medium');
  assert.deepEqual(m.tags, ['attack.t1003']);
  assert.throws(() => parseRuleMeta({ title: ' ' }, 'a.yml'), /^Error: missing 'title'$/);
  assert.throws(() => parseRuleMeta({ title: 'x', level: 'severe' }, 'a.yml'), /unknown level 'severe'/);
});

test('detection, filter and correlation rules without an id get the same kind of key', async () => {
  const set = await loadYaml({
    'named.yml': detection('title: Whoami by name\nname: base-rule'),
    'titled.yml': detection('title: Whoami by title only'),
    'correlation.yml': correlation('title: Whoami seen'),
    'filter.yml': 'title: Keep admins out\nlogsource: {product: testproduct}\nfilter:\n    rules: [base-rule]\n    sel: {User: admin}\n    condition: not sel\n',
  });
  assert.deepEqual(set.unsupported, []);
  const byKind = Object.fromEntries(set.rules.map((r) => [`${r.kind}:${r.title}`, r.id]));
  assert.deepEqual(byKind, {
    'detection:Whoami by name': 'base-rule',
    'detection:Whoami by title only': 'Whoami by title only',
    'filter:Keep admins out': 'Keep admins out',
    'correlation:Whoami seen': 'Whoami seen',
  });
  const findings = run(set, [event({ CommandLine: 'cmd /c whoami', User: 'bob' })]);
  assert.deepEqual(findings.map((f) => f.rule.id).sort(), ['Whoami by title only', 'Whoami seen', 'base-rule']);
  for (const r of set.rules) assert.ok(!r.id.includes('/'), `${r.id}: a key is never a path`);
});

test('ids and names are trimmed the same way for keys, references and selection', async () => {
  const base = detection("title: Padded\nid: ' padded-id '");
  const corr = "title: Padded burst\nid: burst\ncorrelation: {type: event_count, rules: [padded-id], timespan: 1h, condition: {gte: 1}}\n";
  const set = await loadYaml({ 'base.yml': base, 'corr.yml': corr }, { selection: { onlyIds: ['burst'] } });
  assert.deepEqual(set.unsupported, []);
  assert.deepEqual(set.rules.map((r) => r.id).sort(), ['burst', 'padded-id']);
  const findings = run(set, [event({ CommandLine: 'whoami' })]);
  assert.deepEqual(findings.map((f) => f.rule.id), ['burst'], 'the base rule only feeds the selected correlation');
});
