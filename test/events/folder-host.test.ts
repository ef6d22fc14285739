/**
 * Access logs do not name their server: their host is the nearest folder named like a host
 * (events/folder-host.ts), through eventHost, so hunt findings and stats carry it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { folderHost } from '../../src/events/folder-host.js';
import { eventHost } from '../../src/events/host.js';
import { repoRoot, runCli } from '../cli/run-cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'cw-folder-host-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the nearest folder written like a host name', () => {
  assert.equal(folderHost('examples/soft-cell/APP-WF03/wildfly/access_log.log'), 'APP-WF03');
  assert.equal(folderHost('/cases/IR-2019-04/WEB01/var/log/httpd/access_log'), 'WEB01');
  assert.equal(folderHost('C:\\triage\\WEB-IIS01\\C\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex190304.log'), 'WEB-IIS01');
  // No folder names a host: lower-case names, plain words, numbers, IIS site folders.
  assert.equal(folderHost('/var/log/nginx/access.log'), '');
  assert.equal(folderHost('/srv/LOGS/2019/access.log'), '');
  assert.equal(folderHost('W3SVC2/access.log'), '');
  assert.equal(folderHost('access.log'), '');
  // The file's own name is not a folder.
  assert.equal(folderHost('/tmp/WEB01'), '');
});

test('eventHost: access logs by their folder; other formats keep their own fields', () => {
  const fields = { 'c-ip': '198.51.100.7', 'cs-host': 'www.example.net' };
  assert.equal(eventHost(fields, { format: 'access', path: '/x/APP-WF03/wildfly/access_log.log' }), 'APP-WF03');
  assert.equal(eventHost(fields, { format: 'access', path: '/var/log/httpd/access_log' }), '');
  assert.equal(eventHost({ ...fields, host: 'web7' }, { format: 'syslog', path: '/x/APP-WF03/syslog' }), 'web7');
  assert.equal(eventHost(fields, { format: 'access' }), '');
});

test('hunt: access-log findings carry the host of the folder the log lies in', () => {
  const log = path.join(repoRoot, 'examples', 'soft-cell', 'APP-WF03', 'wildfly', 'access_log.log');
  mkdirSync(path.join(tmp, 'LNX-WEB07', 'nginx'), { recursive: true });
  mkdirSync(path.join(tmp, 'loose'));
  cpSync(log, path.join(tmp, 'LNX-WEB07', 'nginx', 'access.log'));
  cpSync(log, path.join(tmp, 'loose', 'access.log'));
  const r = runCli(['hunt', tmp, '-f', 'jsonl', '-q']);
  assert.equal(r.code, 0, r.stderr);
  const findings = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { host: string; source: { path: string; format: string } });
  const hosts = (dir: string): string[] => [...new Set(findings.filter((f) => f.source.path.includes(`/${dir}/`)).map((f) => f.host))];
  assert.ok(findings.length > 0 && findings.every((f) => f.source.format === 'access'));
  assert.deepEqual(hosts('LNX-WEB07'), ['LNX-WEB07']);
  assert.deepEqual(hosts('loose'), ['']);
});
