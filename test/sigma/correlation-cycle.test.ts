import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSigmaRules } from '../../src/sigma/index.js';

const corr = (name: string, other: string): string => `title: Correlation ${name}
id: ${name === 'a' ? '6f0c1b9e-1111-4c7a-9d2e-0a1b2c3d4e5f' : '6f0c1b9e-2222-4c7a-9d2e-0a1b2c3d4e5f'}
name: corr_${name}
correlation:
    type: event_count
    rules:
        - corr_${other}
    group-by:
        - Computer
    timespan: 1h
    condition:
        gte: 2
level: high
`;

test('correlations that refer to each other in a cycle are unsupported, not a crash', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-cycle-'));
  writeFileSync(path.join(dir, 'a.yml'), corr('a', 'b'));
  writeFileSync(path.join(dir, 'b.yml'), corr('b', 'a'));
  const set = await loadSigmaRules([dir]);
  assert.equal(set.total, 2);
  assert.equal(set.compiled, 0);
  assert.equal(set.unsupported.length, 2);
  assert.match(set.unsupported[0]!.reason, /cycle|itself|circular/i);
  assert.equal(set.rules.filter((r) => r.kind === 'correlation').length, 0);
});
