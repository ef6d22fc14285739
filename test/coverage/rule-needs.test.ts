/**
 * Coverage reads what each rule needs from the loaded rules (no rule file is parsed again): a
 * correlation reads what its base rules read, through nested correlations, by id or by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ruleNeeds } from '../../src/coverage/logsources.js';
import { loadYaml } from '../sigma/helpers.js';

test('rule needs come from the loaded rule set, correlations through their bases', async () => {
  const set = await loadYaml({
    'base.yml': 'title: Whoami\nname: whoami_run\nlogsource: {product: windows, category: process_creation}\ndetection: {sel: {Image|endswith: whoami.exe}, condition: sel}\n',
    'burst.yml': 'title: Whoami burst\nid: burst\ncorrelation: {type: event_count, rules: [whoami_run], timespan: 1h, condition: {gte: 3}}\n',
    'outer.yml': 'title: Bursts twice\nid: outer\ncorrelation: {type: event_count, rules: [burst], timespan: 1d, condition: {gte: 2}}\n',
  });
  assert.deepEqual(set.unsupported, []);
  for (const r of set.rules) rmSync(path.dirname(r.path), { recursive: true, force: true });
  const needs = ruleNeeds(set.rules);
  const labels = (id: string): string[] => needs.get(id)?.labels ?? [];
  assert.ok(labels('whoami_run').some((l) => /sysmon\/operational EventID 1\b/i.test(l)), labels('whoami_run').join('; '));
  assert.deepEqual(labels('burst'), labels('whoami_run'));
  assert.deepEqual(labels('outer'), labels('whoami_run'));
});
