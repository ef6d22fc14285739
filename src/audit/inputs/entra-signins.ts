/**
 * Microsoft Entra sign-in logs: Graph `GET /auditLogs/signIns` (signIn resources, optionally the
 * `{"value":[…]}` page) or the portal's "Download → JSON". Nested fields (`status.errorCode`) are
 * read by dotted name.
 */
import type { SourceRef } from '../../events/event.js';
import type { AuditCollector } from '../model.js';
import { parseBool, parseDate, parseInteger, parseText } from '../cell-values.js';
import { RecordReader, type RawRecord } from './fields.js';

export interface SignInRecord {
  source: SourceRef;
  time: number | null;
  upn: string;
  app: string | null;
  clientAppUsed: string;
  /** singleFactorAuthentication | multiFactorAuthentication | null when absent. */
  authenticationRequirement: string | null;
  conditionalAccessStatus: string | null;
  /** 0 = success. */
  errorCode: number | null;
  ipAddress: string | null;
  isInteractive: boolean | null;
}

export const SIGNIN_COLUMNS = {
  createdDateTime: ['createdDateTime', 'Date (UTC)', 'Date'],
  userPrincipalName: ['userPrincipalName', 'Username', 'User principal name'],
  clientAppUsed: ['clientAppUsed', 'Client app'],
  errorCode: ['status.errorCode', 'errorCode', 'Sign-in error code'],
} as const;
const OPTIONAL = {
  app: ['appDisplayName', 'Application'],
  requirement: ['authenticationRequirement', 'Authentication requirement'],
  ca: ['conditionalAccessStatus', 'Conditional Access'],
  ip: ['ipAddress', 'IP address'],
  interactive: ['isInteractive', 'Is Interactive'],
} as const;

export const SIGNIN_SIGNATURE = ['clientAppUsed', 'authenticationRequirement', 'conditionalAccessStatus', 'Client app'];

export function readSignIns(path: string, format: string, names: string[], records: RawRecord[], collector: AuditCollector): SignInRecord[] | null {
  const r = new RecordReader(collector, path, names);
  const missing = r.missing(SIGNIN_COLUMNS);
  if (missing.length > 0) {
    collector.problem(path, `sign-in log without required field(s): ${missing.join(', ')}`, undefined, true);
    return null;
  }
  if (!r.lookup.has(OPTIONAL.requirement)) {
    collector.notes.push(`${path}: no authenticationRequirement field; single-factor sign-ins cannot be told apart`);
  }
  const out: SignInRecord[] = [];
  for (const rec of records) {
    const upn = r.get(rec, SIGNIN_COLUMNS.userPrincipalName, parseText);
    const client = r.get(rec, SIGNIN_COLUMNS.clientAppUsed, parseText);
    if (upn === null || client === null) {
      collector.problem(path, `sign-in without ${upn === null ? 'userPrincipalName' : 'clientAppUsed'} (skipped)`, rec.line);
      continue;
    }
    out.push({
      source: { path, record: rec.line, format },
      time: r.get(rec, SIGNIN_COLUMNS.createdDateTime, parseDate),
      upn,
      app: r.get(rec, OPTIONAL.app, parseText),
      clientAppUsed: client,
      authenticationRequirement: r.get(rec, OPTIONAL.requirement, parseText),
      conditionalAccessStatus: r.get(rec, OPTIONAL.ca, parseText),
      errorCode: r.get(rec, SIGNIN_COLUMNS.errorCode, parseInteger),
      ipAddress: r.get(rec, OPTIONAL.ip, parseText),
      isInteractive: r.get(rec, OPTIONAL.interactive, parseBool),
    });
  }
  return out;
}
