/**
 * Detection: which log sources needed to see the GALLIUM chain the given data holds (--data).
 * Presence only: a source is "present" when at least one event of it was read.
 */
import type { Check } from './context.js';
import { STEPS, type GalliumStep } from '../gallium-steps.js';
import type { LogSourceId } from '../inputs/log-data.js';
import type { Level } from '../../findings/finding.js';

export interface RequiredSource {
  id: LogSourceId;
  name: string;
  step: GalliumStep;
  fix: string;
}

export const REQUIRED_SOURCES: RequiredSource[] = [
  { id: 'sysmon-1', name: 'Sysmon process creation (event 1)', step: STEPS.detectProcess, fix: 'Deploy Sysmon with a configuration that logs process creation with command lines and hashes on web and application servers, and forward Microsoft-Windows-Sysmon/Operational.' },
  { id: 'security-4688-cmdline', name: 'Security 4688 with command lines', step: STEPS.detectProcess, fix: 'Enable "Audit Process Creation" and the policy "Include command line in process creation events" (ProcessCreationIncludeCmdLine_Enabled=1); forward the Security log.' },
  { id: 'sysmon-10', name: 'Sysmon process access (event 10)', step: STEPS.detectLsass, fix: 'Add a Sysmon ProcessAccess rule for TargetImage lsass.exe (GrantedAccess with read rights) and forward it.' },
  { id: 'powershell-4104', name: 'PowerShell script block logging (4104)', step: STEPS.detectPowerShell, fix: 'Enable "Turn on PowerShell Script Block Logging" by GPO and forward Microsoft-Windows-PowerShell/Operational.' },
  { id: 'iis-w3c', name: 'IIS W3C access logs', step: STEPS.detectWebLogs, fix: 'Keep IIS W3C logging on for every site with cs-method, cs-uri-stem, cs-uri-query, c-ip, cs(User-Agent), sc-status and collect the logs centrally.' },
  { id: 'dns', name: 'DNS query logs (Sysmon 22, DNS server analytic/debug, Zeek dns)', step: STEPS.detectDns, fix: 'Log DNS queries: DNS server analytic logging or Zeek/sensor dns logs, or Sysmon event 22 on servers.' },
];

export const logSources: Check = {
  id: 'detection-log-source-missing',
  defence: 'detection',
  summary: 'Log sources needed to see the chain that are absent from --data: process creation (high when neither Sysmon 1 nor 4688 has command lines), Sysmon 10, PowerShell 4104, IIS W3C, DNS (medium)',
  run({ presence, collector }) {
    if (presence === null) {
      collector.notes.push('detection: not assessed (give log data with --data PATH)');
      return;
    }
    const has = (id: LogSourceId): boolean => (presence.seen.get(id)?.count ?? 0) > 0;
    const anyProcess = has('sysmon-1') || has('security-4688-cmdline');
    for (const s of REQUIRED_SOURCES) {
      collector.examined('detection', s.id);
      const seen = presence.seen.get(s.id);
      if (seen && seen.count > 0) continue;
      let level: Level = 'medium';
      if (s.id === 'sysmon-1' || s.id === 'security-4688-cmdline') level = anyProcess ? 'low' : 'high';
      collector.gap({
        check: this.id, title: `No ${s.name} in the data`, level, defence: 'detection',
        attack: s.step.attack, galliumStep: s.step.step, fix: s.fix,
        host: '', source: { path: presence.roots.join(', '), record: 0, format: 'log-data' }, affected: s.name, subject: s.id,
        evidence: `${presence.files} file(s), ${presence.events} event(s) read; none from ${s.name}`,
        matched: { source: s.id },
        details: { present: [...presence.seen.entries()].filter(([, v]) => v.count > 0).map(([k, v]) => ({ source: k, events: v.count, hosts: [...v.hosts], example: `${v.path}:${v.line}` })) },
      });
    }
  },
};

export const security4688NoCmdline: Check = {
  id: 'detection-4688-without-command-line',
  defence: 'detection',
  summary: 'Security 4688 events without command lines (command-line auditing off; medium)',
  run({ presence, collector }) {
    const s = presence?.security4688NoCmdline;
    if (!presence || !s) return;
    collector.gap({
      check: this.id, title: 'Process creation audited without command lines', level: 'medium', defence: 'detection',
      attack: STEPS.detectProcess.attack, galliumStep: STEPS.detectProcess.step,
      fix: 'Enable the policy "Include command line in process creation events" (Administrative Templates → System → Audit Process Creation).',
      host: [...s.hosts][0] ?? '', source: { path: s.path, record: s.line, format: 'events' }, affected: `Security 4688 on ${[...s.hosts].join(', ') || 'unknown hosts'}`,
      subject: 'security-4688-cmdline',
      evidence: `${s.count} Security 4688 event(s) with an empty CommandLine`,
      matched: { EventID: 4688, CommandLine: '' },
    });
  },
};

/** Steps at the heart of the chain: blind spots there are high. */
const CORE_STEPS = new Set(['T1190', 'T1505.003', 'T1003.001', 'T1059.003', 'T1078']);

export const techniqueNotVisible: Check = {
  id: 'detection-technique-not-visible',
  defence: 'detection',
  summary: 'GALLIUM techniques whose Sigma rules read no event present in --data (from cellwatch coverage; high for T1190, T1505.003, T1003.001, T1059.003, T1078, else medium)',
  run({ coverage, collector, presence }) {
    if (!coverage || !presence) return;
    if ('error' in coverage) {
      collector.notes.push(`detection: ${coverage.error}; log-source presence checks only`);
      return;
    }
    const noRule: string[] = [];
    for (const row of coverage.rows) {
      if (row.rules.length === 0) {
        noRule.push(row.technique);
        continue;
      }
      const subject = `technique|${row.technique}`;
      collector.examined('detection', subject);
      if (row.logsources_present !== false) continue;
      collector.gap({
        check: this.id, title: `${row.technique} ${row.name}: rules exist, the data they read does not`,
        level: CORE_STEPS.has(row.technique) ? 'high' : 'medium', defence: 'detection',
        attack: [row.technique], galliumStep: `${row.technique} ${row.name} (${row.tactics.join(', ')})`,
        fix: 'Collect the log sources these rules read (see evidence) from the servers GALLIUM targets, then re-run with --data.',
        host: '', source: { path: presence.roots.join(', '), record: 0, format: 'log-data' }, affected: `${row.technique} ${row.name}`, subject,
        evidence: `${row.rules.length} rule(s) (${row.rules.slice(0, 3).join(', ')}${row.rules.length > 3 ? ', …' : ''}); ${row.reason}`,
        matched: { technique: row.technique, rules: row.rules },
      });
    }
    if (noRule.length > 0) collector.notes.push(`detection: ${noRule.length} GALLIUM technique(s) have no rule and are not scored (mostly not visible in host logs): ${noRule.join(', ')}`);
  },
};
