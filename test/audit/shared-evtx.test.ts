/**
 * --data with real EVTX files from the shared attack-sample corpus (read through src/sources).
 * Skips when ../shared is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readLogData } from '../../src/audit/inputs/log-data.js';
import { AuditCollector } from '../../src/audit/model.js';
import { repoRoot } from './helpers.js';

const sample = path.resolve(repoRoot, '..', 'shared', 'corpus', 'evtx-attack-samples', 'Defense Evasion', 'DE_ProcessHerpaderping_Sysmon_11_10_1_7.evtx');

test('EVTX with Sysmon 1 and 10 counts as process creation and process access', { skip: existsSync(sample) ? false : `shared corpus absent: ${sample}` }, async () => {
  const c = new AuditCollector();
  const p = await readLogData([sample], c);
  assert.deepEqual(c.problems.filter((x) => x.fatal), []);
  assert.ok((p.seen.get('sysmon-1')?.count ?? 0) > 0);
  assert.ok((p.seen.get('sysmon-10')?.count ?? 0) > 0);
  assert.equal(p.seen.get('powershell-4104'), undefined);
});
