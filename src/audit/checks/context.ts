/**
 * What every check receives: the parsed inputs, the collector for findings, the audit date, the
 * catalogue and the privilege index.
 */
import type { AuditInputs } from '../load-inputs.js';
import type { AuditCollector } from '../model.js';
import type { Catalogue } from '../catalogue.js';
import type { PrivilegeIndex } from '../privileged.js';
import type { DataPresence } from '../inputs/log-data.js';
import type { TechniqueCoverage } from '../inputs/technique-coverage.js';
import { toIso } from '../../events/timestamp.js';

export interface CheckContext {
  inputs: AuditInputs;
  collector: AuditCollector;
  /** The audit's "now" (epoch ms): support dates and account staleness are judged against it. */
  asOf: number;
  catalogue: Catalogue;
  privileges: PrivilegeIndex;
  /** Log data given with --data; null when none was given. */
  presence: DataPresence | null;
  /** Technique coverage (cellwatch coverage) over --data, or why it is unavailable; null without --data. */
  coverage: TechniqueCoverage | { error: string } | null;
}

export interface Check {
  /** Rule id suffix: `audit:<id>`. */
  id: string;
  defence: 'mfa' | 'patching' | 'detection' | 'least-privilege';
  /** One line: what the check looks for. */
  summary: string;
  run(ctx: CheckContext): void;
}

export function isoOrEmpty(ms: number | null): string {
  return ms === null ? '' : toIso(ms);
}

export const DAY = 86_400_000;
