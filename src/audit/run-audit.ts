/**
 * The audit: read the exports, run every check, score the four defences.
 */
import { AuditCollector, sortAuditFindings, type AuditResult } from './model.js';
import { loadInputs } from './load-inputs.js';
import { loadCatalogue, type Catalogue } from './catalogue.js';
import { PrivilegeIndex } from './privileged.js';
import { readLogData } from './inputs/log-data.js';
import { CHECKS } from './checks/index.js';
import { techniqueCoverage } from './inputs/technique-coverage.js';

export interface AuditOptions {
  /** Export files or folders (content decides what each is). */
  paths: string[];
  /** CISA KEV catalog files. */
  kevFiles?: string[];
  /** Log data for the detection defence. */
  dataPaths?: string[];
  /** Extra Sigma rules for technique coverage (the built-in GALLIUM rules are always used). */
  rulePaths?: string[];
  /** Skip technique coverage (log-source presence checks only). */
  noCoverage?: boolean;
  /** Epoch ms the audit judges dates against (default: now). */
  asOf?: number;
  catalogue?: Catalogue;
  /** Follow symlinks that lead out of the given folders. */
  followSymlinks?: boolean;
}

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const collector = new AuditCollector();
  const inputs = await loadInputs(options.paths, collector, options.kevFiles ?? [], options.followSymlinks);
  const presence = options.dataPaths && options.dataPaths.length > 0 ? await readLogData(options.dataPaths, collector, options.followSymlinks) : null;
  // Web server process starts in the log data are evidence for least privilege too.
  if (presence) for (const p of presence.webProcesses) inputs.processes.push(p);
  const coverage = presence && !options.noCoverage ? await techniqueCoverage(options.dataPaths!, options.rulePaths ?? [], options.followSymlinks) : null;
  const ctx = {
    inputs, collector, presence, coverage,
    asOf: options.asOf ?? Date.now(),
    catalogue: options.catalogue ?? loadCatalogue(),
    privileges: new PrivilegeIndex(inputs.adUsers, inputs.registrations),
  };
  for (const check of CHECKS) check.run(ctx);
  const { scores, overall } = collector.scores();
  for (const s of scores) if (s.score === null && s.defence !== 'detection') collector.notes.push(`${s.defence}: not assessed (no export for it was given)`);
  return {
    findings: sortAuditFindings(collector.findings),
    problems: collector.problems,
    scores, overall,
    inputs: inputs.read,
    notes: collector.notes,
  };
}
