/** An Entra export with a date no Date can hold: one problem naming file and record, audit goes on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAudit, formatProblem } from '../../src/audit/index.js';
import { AS_OF, tempFiles } from './helpers.js';

test('lastUpdatedDateTime 1e20 is reported for its record and the audit still finds the unregistered admin', async () => {
  const reg = '{"value":[{"userPrincipalName":"root.admin@corp.telco.example","isAdmin":true,"isMfaRegistered":false,"methodsRegistered":[],"lastUpdatedDateTime":1e20},'
    + '{"userPrincipalName":"ops@corp.telco.example","isAdmin":false,"isMfaRegistered":true,"methodsRegistered":["microsoftAuthenticatorPush"],"lastUpdatedDateTime":"2026-01-01T00:00:00Z"}]}';
  const signIns = '{"value":[{"createdDateTime":"100000000000000000000","userPrincipalName":"root.admin@corp.telco.example","clientAppUsed":"Browser","authenticationRequirement":"singleFactorAuthentication","conditionalAccessStatus":"notApplied","status":{"errorCode":0}}]}';
  const r = await runAudit({ paths: [tempFiles({ 'reg.json': reg, 'signins.json': signIns })], asOf: AS_OF });
  const lines = r.problems.map(formatProblem);
  assert.ok(lines.some((l) => /reg\.json:1: lastUpdatedDateTime: .*out of the date range/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /signins\.json:1: createdDateTime: "1\d*" is not a date/.test(l)), lines.join('\n'));
  assert.equal(r.findings.filter((f) => f.rule.id === 'audit:mfa-privileged-not-registered').length, 1);
  for (const f of r.findings) assert.doesNotThrow(() => JSON.stringify(f));
});
