import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAttackCatalog, parseTechniqueList } from '../../src/report/attack-catalog.js';

test('technique lists in several shapes parse to names and tactics', () => {
  const rows = [{ attack_id: 'T1053.005', name: 'Scheduled Task', tactic: 'execution;persistence;privilege-escalation' }, { name: 'no id' }];
  assert.deepEqual([...parseTechniqueList(rows)], [['T1053.005', { name: 'Scheduled Task', tactics: ['execution', 'persistence', 'privilege-escalation'] }]]);
  assert.deepEqual(parseTechniqueList({ techniques: [{ id: 't1105', name: 'Ingress Tool Transfer', tactics: ['command-and-control'] }] }).get('T1105'),
    { name: 'Ingress Tool Transfer', tactics: ['command-and-control'] });
  assert.deepEqual(parseTechniqueList({ T1190: { name: 'Exploit Public-Facing Application', tactic: 'initial-access' } }).get('T1190'),
    { name: 'Exploit Public-Facing Application', tactics: ['initial-access'] });
});

test('the pack file overrides the built-in table; sub-techniques fall back on their parent', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-catalog-'));
  const file = path.join(dir, 'techniques.json');
  writeFileSync(file, JSON.stringify([{ attack_id: 'T1505.003', name: 'Web Shell', tactic: 'persistence' }, { attack_id: 'T1888', name: 'Made Up', tactic: 'impact' }]));
  const cat = createAttackCatalog(file);
  assert.deepEqual(cat.lookup('T1888'), { id: 'T1888', name: 'Made Up', tactics: ['impact'] });
  assert.equal(cat.lookup('t1505.003').name, 'Server Software Component: Web Shell');
  assert.deepEqual(cat.lookup('T1021.004').tactics, ['lateral-movement'], 'parent T1021 tactics');
  assert.deepEqual(cat.lookup('T9999').tactics, ['other']);
  assert.equal(cat.sources[0], 'techniques.json');
  const broken = path.join(dir, 'broken.json');
  writeFileSync(broken, '{ not json');
  const fallback = createAttackCatalog(broken);
  assert.equal(fallback.lookup('T1570').name, 'Lateral Tool Transfer');
  assert.match(fallback.sources.at(-1)!, /broken\.json: unreadable/);
});
