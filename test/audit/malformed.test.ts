/**
 * Malformed exports: a clear one-line problem naming the file (and line), and the rest of the
 * audit goes on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runAudit, formatProblem } from '../../src/audit/index.js';
import { AS_OF, tempFiles } from './helpers.js';

const GOOD_REG = '{"value":[{"userPrincipalName":"root.admin@corp.telco.example","isAdmin":true,"isMfaRegistered":false,"methodsRegistered":[]}]}';

async function audit(files: Record<string, string>, extra: { kev?: string[]; data?: string[] } = {}) {
  const dir = tempFiles(files);
  const r = await runAudit({ paths: [dir], asOf: AS_OF, kevFiles: extra.kev?.map((k) => path.join(dir, k)), dataPaths: extra.data?.map((d) => path.join(dir, d)) });
  return { r, dir, lines: r.problems.map(formatProblem) };
}

test('an empty file is named, and the other files are still audited', async () => {
  const { r, lines } = await audit({ 'empty.csv': '', 'reg.json': GOOD_REG });
  assert.ok(lines.some((l) => /empty\.csv: empty file$/.test(l)), lines.join('\n'));
  assert.ok(r.problems.find((p) => p.path.endsWith('empty.csv'))!.fatal);
  assert.equal(r.findings.filter((f) => f.rule.id === 'audit:mfa-privileged-not-registered').length, 1);
});

test('missing required columns name the export kind and the columns', async () => {
  const { lines } = await audit({
    'reg.csv': 'userPrincipalName,isMfaRegistered\nx@corp.telco.example,False\n',
    'ad.csv': '#TYPE Microsoft.ActiveDirectory.Management.ADUser\n"Name","LastLogonDate"\n"A","1/1/2026 1:00:00 AM"\n',
    'inv.csv': 'host,product\nWEB01,IIS\n',
    'signins.json': '[{"createdDateTime":"2026-11-01T00:00:00Z","clientAppUsed":"IMAP4","status":{"errorCode":0}}]',
  });
  assert.ok(lines.some((l) => /reg\.csv: user registration details without required column\(s\): isAdmin$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /ad\.csv: AD user export without required column\(s\): SamAccountName, Enabled$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /inv\.csv: software inventory without required column\(s\): version$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /signins\.json: sign-in log without required field\(s\): userPrincipalName$/.test(l)), lines.join('\n'));
});

test('booleans spelled yes/TRUE/1 are read; garbage values are reported with file, line and column and read as unknown', async () => {
  const { r, lines } = await audit({
    'reg.csv': 'userPrincipalName,isAdmin,isMfaRegistered,methodsRegistered\n' +
      'a@corp.telco.example,yes,no,\n' +
      'b@corp.telco.example,TRUE,0,\n' +
      'c@corp.telco.example,1,maybe,\n' +
      'd@corp.telco.example,perhaps,False,\n',
  });
  const priv = r.findings.filter((f) => f.rule.id === 'audit:mfa-privileged-not-registered').map((f) => f.matched.affected).sort();
  assert.deepEqual(priv, ['a@corp.telco.example', 'b@corp.telco.example']);
  assert.ok(lines.some((l) => /reg\.csv:4: isMfaRegistered: "maybe" is not a boolean$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /reg\.csv:5: isAdmin: "perhaps" is not a boolean$/.test(l)), lines.join('\n'));
  // d: admin unknown, MFA not registered: reported as an account without MFA, not as an admin.
  assert.ok(r.findings.some((f) => f.rule.id === 'audit:mfa-user-not-registered' && f.matched.affected === 'd@corp.telco.example'));
});

test('wrong types in JSON and bad dates in AD exports are reported, records kept', async () => {
  const { r, lines } = await audit({
    'reg.json': '{"value":[\n{"userPrincipalName":"x@corp.telco.example","isAdmin":"sometimes","isMfaRegistered":false,"methodsRegistered":{"a":1}}\n]}',
    'ad.csv': '"SamAccountName","Enabled","AdminCount","LastLogonDate","PasswordNeverExpires","MemberOf"\n"adm.x","True","one","not a date","True","CN=Domain Admins,CN=Users,DC=corp"\n',
  });
  assert.ok(lines.some((l) => /reg\.json:2: isAdmin: "sometimes" is not a boolean/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /reg\.json:2: methodsRegistered: .* is not a list/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /ad\.csv:2: AdminCount: "one" is not a whole number/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /ad\.csv:2: LastLogonDate: "not a date" is not a date/.test(l)), lines.join('\n'));
  // Still privileged through MemberOf, and "never logged on" because the date is unknown.
  assert.ok(r.findings.some((f) => f.rule.id === 'audit:least-privilege-ad-stale-admin' && f.matched.affected === 'adm.x'));
});

test('MemberOf exported without -join is detected (the collection type name instead of groups)', async () => {
  const { lines } = await audit({
    'ad.csv': '#TYPE Microsoft.ActiveDirectory.Management.ADUser\n"SamAccountName","Enabled","MemberOf"\n"a","True","Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"\n',
  });
  assert.ok(lines.some((l) => /ad\.csv:3: MemberOf holds the collection type name/.test(l)), lines.join('\n'));
});

test('truncated JSON, broken XML, unknown CSV, bad KEV entries, unplaceable versions', async () => {
  const { r, lines } = await audit({
    'signins.json': '{"value":[{"createdDateTime":"2026-11-01T00:00:00Z",',
    'WEB01.applicationHost.config': '<?xml version="1.0"?>\n<configuration>\n<system.applicationHost>\n<applicationPools>\n<add name="A">\n</applicationPools>\n</configuration>\n',
    'random.csv': 'a,b,c\n1,2,3\n',
    'inv.csv': 'host,product,version,internet_facing\nWEB01,Apache Tomcat,unknown,yes\nWEB02,Apache Tomcat,9.0.30,yes\nWEB03,Exchange Server,CU12,no\n',
    'kev.json': '{"catalogVersion":"x","vulnerabilities":[\n{"cveID":"CVE-2020-1938","vendorProject":"Apache","product":"Tomcat"},\n{"cveID":"not-a-cve","vendorProject":"Apache","product":"Tomcat"}\n]}',
  });
  assert.ok(lines.some((l) => /signins\.json: not JSON/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /WEB01\.applicationHost\.config:\d+: not well-formed XML/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /random\.csv: not a recognised export \(columns: a, b, c\)/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /inv\.csv:2: version: "unknown" is not a version/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /inv\.csv:4: WEB03 Exchange Server: version "CU12" cannot be placed/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /kev\.json:3: cveID: "not-a-cve" is not a CVE id/.test(l)), lines.join('\n'));
  // The good rows still count: Tomcat 9.0.30 is Ghostcat-affected and in the (auto-detected) KEV file.
  assert.ok(r.findings.some((f) => f.host === 'WEB02' && f.rule.id === 'audit:patching-known-exploited-version' && f.rule.level === 'high'));
  for (const l of lines) assert.ok(!l.includes('\n'), 'one line per problem');
});

test('--data: unrecognised and empty log files are named; the recognised ones are counted', async () => {
  const { r, lines } = await audit({
    'exports/reg.json': GOOD_REG,
    'logs/empty.log': '',
    'logs/notes.txt': 'hello world\n',
    'logs/dns.log': '#separator \\x09\n#path\tdns\n#fields\tts\tquery\n1700000000\texample.org\n',
  }, { data: ['logs'] });
  assert.ok(lines.some((l) => /empty\.log: empty file/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /notes\.txt: not recognised as log data/.test(l)), lines.join('\n'));
  assert.ok(!r.findings.some((f) => f.matched.source === 'dns'), 'Zeek dns log counts as DNS');
  assert.ok(r.findings.some((f) => f.matched.source === 'sysmon-1' && f.rule.level === 'high'), 'no process creation at all is high');
});

test('scores: exact value on a small input', async () => {
  // Four accounts examined for MFA: one admin without MFA (1), one member without MFA (0.5), two fine.
  const { r } = await audit({
    'reg.csv': 'userPrincipalName,isAdmin,isMfaRegistered\na@x.example,True,False\nb@x.example,False,False\nc@x.example,False,True\nd@x.example,True,True\n',
  });
  const mfa = r.scores.find((s) => s.defence === 'mfa')!;
  assert.equal(mfa.subjects, 4);
  assert.equal(mfa.score, Math.round(100 * (1 - 1.5 / 4)));
  assert.equal(r.scores.find((s) => s.defence === 'patching')!.score, null);
  assert.equal(r.overall, mfa.score);
});
