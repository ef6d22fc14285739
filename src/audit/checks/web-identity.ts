/**
 * Web services on minimum permissions: IIS application pools and anonymous identities, systemd
 * units of web and Java application servers, and web server processes seen running as SYSTEM/root.
 */
import type { Check } from './context.js';
import { isoOrEmpty } from './context.js';
import { STEPS } from '../gallium-steps.js';
import type { Level } from '../../findings/finding.js';
import { isWebProcess } from '../inputs/process-events.js';

const IIS_FIX = 'Run each pool as ApplicationPoolIdentity (identityType="ApplicationPoolIdentity"), or as a dedicated low-rights account; grant that identity only the folders it needs.';

export const iisPoolIdentity: Check = {
  id: 'least-privilege-iis-pool-identity',
  defence: 'least-privilege',
  summary: 'IIS application pools running as LocalSystem or an admin account (high), NetworkService (low)',
  run({ inputs, collector, privileges }) {
    for (const cfg of inputs.iis) {
      for (const pool of cfg.pools) {
        const subj = `${cfg.host}|pool|${pool.name}`;
        collector.examined('least-privilege', subj);
        const type = pool.identityType.toLowerCase();
        let level: Level | null = null;
        let why = '';
        if (type === 'localsystem') {
          level = 'high';
          why = 'identityType=LocalSystem: the worker process and any web shell in it run as SYSTEM';
        } else if (type === 'specificuser') {
          const priv = pool.userName ? privileges.why(pool.userName) : null;
          if (priv) {
            level = 'high';
            why = `identityType=SpecificUser userName=${pool.userName} (${priv})`;
          }
        } else if (type === 'networkservice') {
          level = 'low';
          why = 'identityType=NetworkService: a shared identity that acts as the computer account on the network';
        }
        if (level === null) continue;
        collector.gap({
          check: this.id, title: `IIS application pool runs as ${type === 'localsystem' ? 'SYSTEM' : type === 'networkservice' ? 'NetworkService' : 'a privileged account'}`,
          level, defence: 'least-privilege',
          attack: STEPS.webShellAsSystem.attack, galliumStep: STEPS.webShellAsSystem.step,
          fix: IIS_FIX,
          host: cfg.host, source: pool.source, affected: `application pool ${pool.name}`, subject: subj,
          evidence: `${why}${pool.inherited ? ' (from applicationPoolDefaults)' : ''}; serves ${pool.applications.length > 0 ? pool.applications.join(', ') : 'no site in this file'}`,
          matched: { pool: pool.name, identityType: pool.identityType, userName: pool.userName, applications: pool.applications },
        });
      }
    }
  },
};

export const iisAnonymousIdentity: Check = {
  id: 'least-privilege-iis-anonymous-identity',
  defence: 'least-privilege',
  summary: 'IIS anonymous authentication mapped to a privileged account (high) or another named account (medium)',
  run({ inputs, collector, privileges }) {
    for (const cfg of inputs.iis) {
      for (const a of cfg.anonymous) {
        if (!a.enabled || a.userName === null || a.userName === '' || /^(iusr|nt authority\\iusr)$/i.test(a.userName)) continue;
        const subj = `${cfg.host}|anon|${a.location}`;
        collector.examined('least-privilege', subj);
        const priv = privileges.why(a.userName);
        collector.gap({
          check: this.id, title: 'Anonymous web requests run as a named account', level: priv ? 'high' : 'medium', defence: 'least-privilege',
          attack: STEPS.webShellAsSystem.attack, galliumStep: STEPS.webShellAsSystem.step,
          fix: 'Set anonymousAuthentication userName="" (use the pool identity) or IUSR; never a domain or admin account.',
          host: cfg.host, source: a.source, affected: `anonymous identity of ${a.location || 'the whole server'}`, subject: subj,
          evidence: `anonymousAuthentication enabled with userName=${a.userName}${priv ? ` (${priv})` : ''}`,
          matched: { location: a.location, userName: a.userName },
        });
      }
    }
  },
};

const JAVA_SERVER = /tomcat|wildfly|jboss|catalina|standalone\.sh|domain\.sh|\bjava\b/i;
const FRONT_SERVER = /nginx|httpd|apache2|lighttpd|caddy/i;

export const systemdWebRoot: Check = {
  id: 'least-privilege-systemd-web-root',
  defence: 'least-privilege',
  summary: 'systemd units of Java application servers with no User= or User=root (high); nginx/httpd masters (low, they drop to a worker user)',
  run({ inputs, collector }) {
    for (const u of inputs.units) {
      const what = `${u.name} ${u.execStart ?? ''}`;
      const java = JAVA_SERVER.test(what);
      const front = !java && FRONT_SERVER.test(what);
      if (!java && !front) continue;
      const subj = `${u.host}|unit|${u.name}`;
      collector.examined('least-privilege', subj);
      const root = !u.dynamicUser && (u.user === null || u.user === 'root' || u.user === '0');
      if (!root) continue;
      collector.gap({
        check: this.id,
        title: java ? 'Java application server runs as root' : 'Web server master runs as root',
        level: java ? 'high' : 'low', defence: 'least-privilege',
        attack: STEPS.webShellAsSystem.attack, galliumStep: STEPS.webShellAsSystem.step,
        fix: java
          ? 'Add User= and Group= with a dedicated account (e.g. User=wildfly) that owns only the deployment folders; add NoNewPrivileges=yes and ProtectSystem=strict.'
          : 'Keep the master as root only to bind ports 80/443; confirm the worker user (nginx.conf `user`, httpd.conf `User`) is unprivileged, or use AmbientCapabilities=CAP_NET_BIND_SERVICE with User=.',
        host: u.host, source: { ...u.source, record: u.userLine ?? u.source.record }, affected: `service ${u.name}`, subject: subj,
        evidence: `${u.user === null ? 'no User= line (runs as root)' : `User=${u.user}`}; ExecStart=${u.execStart ?? '(none)'}`,
        matched: { unit: u.name, User: u.user, ExecStart: u.execStart },
      });
    }
  },
};

const SYSTEM_USER = /^(nt authority\\system|system|nt authority\\système|autorite nt\\system|root)$/i;

export const webProcessAsSystem: Check = {
  id: 'least-privilege-web-process-as-system',
  defence: 'least-privilege',
  summary: 'Process-creation events of web server processes (w3wp, JBoss/WildFly/Tomcat java, httpd, nginx) running as SYSTEM or root (high)',
  run({ inputs, collector }) {
    const groups = new Map<string, typeof inputs.processes>();
    for (const p of inputs.processes) {
      if (!isWebProcess(p)) continue;
      const image = p.image.split(/[\\/]/).pop()!.toLowerCase();
      const subj = `${p.host}|process|${image}`;
      collector.examined('least-privilege', subj);
      if (!(SYSTEM_USER.test(p.user.trim()) || p.sid === 'S-1-5-18' || (p.kind === 'ecs' && p.sid === '0'))) continue;
      const key = `${subj}|${p.user.toLowerCase()}`;
      const list = groups.get(key);
      if (list) list.push(p);
      else groups.set(key, [p]);
    }
    for (const list of groups.values()) {
      const p = list[0]!;
      const image = p.image.split(/[\\/]/).pop()!;
      // An nginx/httpd master started by init is root by design; a worker (parent is the server) is not.
      const front = /^(nginx|httpd|apache2)/i.test(image);
      const worker = front && list.some((x) => x.parentImage.split(/[\\/]/).pop()?.toLowerCase() === image.toLowerCase());
      const level: Level = front && !worker ? 'low' : 'high';
      const times = list.map((x) => x.time).filter((t) => !Number.isNaN(t));
      collector.gap({
        check: this.id, title: `${image} runs as ${p.user || p.sid}`, level, defence: 'least-privilege',
        attack: STEPS.webShellAsSystem.attack, galliumStep: STEPS.webShellAsSystem.step,
        fix: image.toLowerCase() === 'w3wp.exe' ? IIS_FIX : 'Run the server under a dedicated unprivileged account (service account, systemd User=).',
        host: p.host, source: p.source, affected: `${image} on ${p.host || 'unknown host'}`, subject: `${p.host}|process|${image.toLowerCase()}`,
        evidence: `${list.length} process start(s) of ${p.image} as ${p.user || p.sid}${p.sid && p.user ? ` (${p.sid})` : ''}; command line: ${p.commandLine.slice(0, 160)}${front ? (worker ? ' (worker process)' : ' (master process, started by init)') : ''}`,
        matched: { Image: p.image, User: p.user, CommandLine: p.commandLine, count: list.length },
        ts: times.length > 0 ? isoOrEmpty(times.reduce((a, b) => Math.max(a, b))) : '',
        details: { kind: p.kind, records: list.slice(0, 50).map((x) => x.source.record) },
      });
    }
  },
};
