/**
 * A sign-in export with 150 000 records is audited (regression: spreading the records into
 * push() overflowed the call stack). Not a timing test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runAudit } from '../../src/audit/index.js';
import { AS_OF, tempFiles } from './helpers.js';

test('150 000 sign-ins in JSON Lines are read and grouped per account', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 150_000; i++) {
    lines.push(JSON.stringify({
      createdDateTime: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
      userPrincipalName: `u${i % 1000}@corp.telco.example`,
      clientAppUsed: i % 1000 === 7 ? 'IMAP4' : 'Browser',
      authenticationRequirement: 'multiFactorAuthentication',
      status: { errorCode: 0 },
    }));
  }
  const dir = tempFiles({ 'signins.jsonl': `${lines.join('\n')}\n` });
  const r = await runAudit({ paths: [path.join(dir, 'signins.jsonl')], asOf: AS_OF });
  assert.deepEqual(r.problems, []);
  assert.equal(r.inputs[0]!.records, 150_000);
  const legacy = r.findings.filter((f) => f.rule.id === 'audit:mfa-legacy-auth-signin');
  assert.equal(legacy.length, 1);
  assert.equal(legacy[0]!.matched.count, 150);
  assert.equal(r.scores.find((s) => s.defence === 'mfa')!.subjects, 1000);
});
