import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runCli } from './run-cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-hunt-syslog-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const authLog = path.join(dir, 'auth.log');
writeFileSync(authLog, [
  'Mar  4 10:22:30 web01 sshd[2211]: Invalid user oracle from 198.51.100.4 port 40022',
  'Mar  4 10:22:31 web01 sshd[2211]: Failed password for invalid user oracle from 198.51.100.4 port 40022 ssh2',
  'Mar  4 10:22:35 web01 sshd[2213]: Accepted password for alice from 203.0.113.7 port 50522 ssh2',
  'Mar  4 10:22:36 web01 sshd[2214]: error: Corrupted MAC on input. [preauth]',
  'Mar  4 10:22:40 web01 myapp[99]: Failed password for alice (a look-alike in another program)',
  '<not syslog>',
  '',
].join('\n'));

const rules = path.join(dir, 'rules');
mkdirSync(rules);
writeFileSync(path.join(rules, 'sshd-failed.yml'), `title: SSH failed login keyword
id: 5b1d0c55-1f0a-4c1e-9a3b-0f3d6f5a7c11
status: test
logsource:
    product: linux
    service: sshd
detection:
    keywords:
        - 'Failed password'
        - 'Corrupted MAC on input'
    condition: keywords
level: medium
`);
writeFileSync(path.join(rules, 'sshd-invalid-user-field.yml'), `title: SSH login for an unknown account
id: 0d6c2f1e-2b7f-4a52-8f3e-6e7b4b0a9d21
status: test
logsource:
    product: linux
    service: auth
detection:
    selection:
        action: login
        outcome: failure
        invalid_user: 'true'
    condition: selection
level: high
`);

test('hunt auth.log: a keyword rule on sshd and a field rule on auth fire on the right lines', () => {
  const r = runCli(['hunt', authLog, '--no-builtin', '--rules', rules, '--format', 'jsonl', '--no-progress']);
  assert.equal(r.code, 0, r.stderr);
  const findings = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as {
    rule: { title: string }; host: string; ts: string; source: { record: number; format: string }; event: unknown;
  });
  const got = findings.map((f) => `${f.rule.title}@${f.source.record}`).sort();
  assert.deepEqual(got, [
    'SSH failed login keyword@2',
    'SSH failed login keyword@4',
    'SSH login for an unknown account@2',
  ]);
  for (const f of findings) {
    assert.equal(f.source.format, 'syslog');
    assert.equal(f.host, 'web01');
    assert.match(f.ts, /^\d{4}-03-04T10:22:3[16]\.000Z$/);
  }
  assert.match(r.stderr, /auth\.log:line 6: priority is not <0> to <191>/);
});

const sigmaLinux = path.resolve(repoRoot, '..', 'shared', 'corpus', 'sigma', 'rules', 'linux', 'builtin');
const sharedMissing = existsSync(sigmaLinux) ? false : `reference rules absent: ${sigmaLinux}`;

test('SigmaHQ linux builtin rules: the sshd rule fires on its line, no rule fires on plain logins', { skip: sharedMissing }, () => {
  const r = runCli(['hunt', authLog, '--no-builtin', '--rules', sigmaLinux, '--format', 'jsonl', '--no-progress', '-q']);
  assert.equal(r.code, 0, r.stderr);
  const findings = r.stdout.trimEnd().split('\n').filter((l) => l).map((l) => JSON.parse(l) as { rule: { id: string }; source: { record: number } });
  // "Suspicious OpenSSH Daemon Error" (keywords, product linux service sshd) on the Corrupted MAC line.
  assert.deepEqual(findings.filter((f) => f.rule.id === 'e76b413a-83d0-4b94-8e4c-85db4a5b8bdc').map((f) => f.source.record), [4]);
  assert.ok(!findings.some((f) => f.source.record === 3), 'the accepted login matched a rule');
});
