import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTACK_TECHNIQUES_PATH, GALLIUM_TECHNIQUES_PATH, loadTechniqueList, parseTechniqueList } from '../../src/intel/technique-list.js';

test('technique lists in several shapes parse to ids, names, tactics and evidence', () => {
  const rows = [{ attack_id: 't1053.005', name: 'Scheduled Task', tactic: 'execution;persistence;attack.privilege_escalation' }];
  assert.deepEqual(parseTechniqueList(rows, 'a.json'), [{ id: 'T1053.005', name: 'Scheduled Task', tactics: ['execution', 'persistence', 'privilege-escalation'], evidence: '' }]);
  assert.deepEqual(parseTechniqueList({ techniques: [{ id: 'T1105', name: 'Ingress Tool Transfer', tactics: ['command-and-control'], evidence: 'Sysmon 11' }] }, 'b.json')[0],
    { id: 'T1105', name: 'Ingress Tool Transfer', tactics: ['command-and-control'], evidence: 'Sysmon 11' });
  assert.deepEqual(parseTechniqueList({ T1190: { name: 'Exploit Public-Facing Application', tactic: 'initial-access' } }, 'c.json')[0]!.tactics, ['initial-access']);
  assert.equal(parseTechniqueList([{ id: 'T1003', name: 'first' }, { id: 't1003', name: 'second' }], 'd.json')[0]!.name, 'first', 'a repeated id keeps its first entry');
});

test('a malformed list is an error naming the file and the entry', () => {
  assert.throws(() => parseTechniqueList([{ id: 'T1003' }, { name: 'no id' }], 'x.json'), { message: "x.json: techniques[1]: '' is not an ATT&CK technique id" });
  assert.throws(() => parseTechniqueList({ techniques: ['T1003'] }, 'x.json'), { message: 'x.json: techniques[0]: not an object' });
  assert.throws(() => parseTechniqueList({ nope: 1 }, 'y.json'), /^DataFileError: y\.json: expected an array/);
  assert.throws(() => loadTechniqueList('/nonexistent/techniques.json'), { message: '/nonexistent/techniques.json: cannot read (ENOENT)' });
});

test('the shipped lists parse, and every technique of the actor has a tactic', () => {
  const names = loadTechniqueList(ATTACK_TECHNIQUES_PATH);
  assert.ok(names.length >= 100, `${names.length} ATT&CK names`);
  const actor = loadTechniqueList(GALLIUM_TECHNIQUES_PATH);
  assert.equal(actor.length, 47);
  assert.deepEqual(actor.filter((t) => t.tactics.length === 0).map((t) => t.id), []);
});
