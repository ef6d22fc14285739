/**
 * Identity cross-checks between the Entra and AD exports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAudit } from '../../src/audit/index.js';
import { AS_OF, tempFiles } from './helpers.js';

test('accounts disabled in AD are not reported for missing MFA; admins named only in AD count as privileged for IIS', async () => {
  const dir = tempFiles({
    'reg.csv': 'userPrincipalName,isAdmin,isMfaRegistered\ngone@corp.telco.example,True,False\nhere@corp.telco.example,False,False\n',
    'ad.csv': '"SamAccountName","UserPrincipalName","Enabled","MemberOf"\n"gone","gone@corp.telco.example","False",""\n"here","here@corp.telco.example","True",""\n"ops.svc","","True","CN=Server Operators,CN=Builtin,DC=corp"\n',
    'WEB-IIS05/applicationHost.config': '<configuration><system.applicationHost><applicationPools>\n<add name="Ops"><processModel identityType="SpecificUser" userName="CORP\\ops.svc" /></add>\n<add name="Web"><processModel identityType="SpecificUser" userName="CORP\\web.pool" /></add>\n</applicationPools></system.applicationHost></configuration>',
  });
  const r = await runAudit({ paths: [dir], asOf: AS_OF });
  const mfa = r.findings.filter((f) => f.defence === 'mfa').map((f) => `${f.rule.id}:${String(f.matched.affected)}`).sort();
  // 'gone' is disabled: no finding; ops.svc is a privileged AD account with no MFA on record.
  assert.deepEqual(mfa, ['audit:mfa-ad-privileged-not-covered:ops.svc', 'audit:mfa-user-not-registered:here@corp.telco.example']);
  assert.ok(r.notes.some((n) => /1 account\(s\) in the registration details are disabled in AD/.test(n)));
  const pools = r.findings.filter((f) => f.rule.id === 'audit:least-privilege-iis-pool-identity');
  assert.deepEqual(pools.map((f) => f.matched.pool), ['Ops']);
  assert.match(String((pools[0]!.event as { evidence: string }).evidence), /Server Operators/);
  assert.equal(pools[0]!.host, 'WEB-IIS05');
});
