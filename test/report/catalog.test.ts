import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAttackCatalog } from '../../src/report/attack-catalog.js';

test('the actor list overrides the shipped ATT&CK names; sub-techniques fall back on their parent', () => {
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
