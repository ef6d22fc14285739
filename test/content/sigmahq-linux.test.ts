/**
 * SigmaHQ's own Linux and webserver rules, unchanged, on evidence read by the new readers: auditd
 * rules match per record type on raw audit records, linux process_creation rules on Sysmon for Linux
 * events in syslog, webserver rules on a combined access log. SigmaHQ's regression_data has no Linux
 * cases, so these are the conformance checks. Skipped when ../shared is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { auditExec, clfTime, combinedLine, sysmonProcess } from '../../scripts/linux-evidence-lines.js';
import { huntFiles, sharedRoot, type HuntTally } from './hunt-helper.js';

const rules = path.join(sharedRoot, 'corpus', 'sigma', 'rules');
const skip = existsSync(path.join(rules, 'linux')) ? false : `SigmaHQ rules not found beside the repository (${rules})`;
if (skip) console.log(`# skipped: ${skip}`);

describe('SigmaHQ Linux and webserver rules on the new readers', { skip }, () => {
  let dir: string;
  let tally: HuntTally;
  const fired = (file: string, record: number): string[] =>
    tally.findings.filter((f) => path.basename(f.source.path) === file && f.source.record === record).map((f) => f.rule.title).sort();

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sigmahq-linux-'));
    const t = Date.UTC(2019, 2, 6, 9, 0, 0);
    const audit = [
      ...auditExec('APP-WF03', t / 1000, 100, { exe: '/usr/bin/uname', args: ['uname', '-a'], ppid: 2290, pid: 2300, uid: 993, cwd: '/opt/wildfly/bin' }),
      ...auditExec('APP-WF03', t / 1000 + 1, 101, { exe: '/usr/bin/ls', args: ['ls', '-la', '/home'], ppid: 2290, pid: 2301, uid: 993, cwd: '/opt/wildfly/bin' }),
    ];
    writeFileSync(path.join(dir, 'audit.log'), audit.join('\n') + '\n');
    const java = { parentImage: '/usr/lib/jvm/jre/bin/java', parentCmd: 'java -Djboss.home.dir=/opt/wildfly org.jboss.as.standalone', user: 'wildfly' };
    writeFileSync(path.join(dir, 'syslog'), [
      sysmonProcess('APP-WF03', new Date(t).toISOString(), { image: '/usr/bin/bash', cmd: '/bin/bash -c whoami', ...java }),
      sysmonProcess('APP-WF03', new Date(t + 1000).toISOString(), { image: '/usr/bin/ls', cmd: 'ls /opt', parentImage: '/usr/bin/bash', parentCmd: '-bash', user: 'ops' }),
    ].join('\n') + '\n');
    writeFileSync(path.join(dir, 'access.log'), [
      combinedLine({ ip: '2.58.242.230', clf: clfTime(t, 60), method: 'GET', uri: '/portal/view?page=../../../etc/passwd', status: 404, bytes: 0, ua: 'Mozilla/5.0' }),
      combinedLine({ ip: '81.2.69.160', clf: clfTime(t + 1000, 60), method: 'GET', uri: '/portal/view?page=roaming', status: 200, bytes: 5000, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.121 Safari/537.36' }),
    ].join('\n') + '\n');
    tally = await huntFiles([dir], dir, [path.join(rules, 'linux'), path.join(rules, 'web')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('auditd rules match EXECVE records by their arguments; an ordinary command matches none', () => {
    assert.deepEqual(tally.problems, []);
    assert.ok(fired('audit.log', 2).includes('System Information Discovery - Auditd'), JSON.stringify(fired('audit.log', 2)));
    assert.deepEqual(fired('audit.log', 8), []);
  });

  it('linux process_creation rules match Sysmon for Linux events read from syslog', () => {
    assert.ok(fired('syslog', 1).includes('Suspicious Java Children Processes'), JSON.stringify(fired('syslog', 1)));
    assert.deepEqual(fired('syslog', 2), []);
  });

  it('webserver rules match access log lines', () => {
    assert.ok(fired('access.log', 1).includes('Path Traversal Exploitation Attempts'), JSON.stringify(fired('access.log', 1)));
    assert.deepEqual(fired('access.log', 2), []);
  });
});
