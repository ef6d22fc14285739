/**
 * Microsoft Entra ID user registration details: Graph
 * `GET /reports/authenticationMethods/userRegistrationDetails` (JSON, optionally the `{"value":[…]}`
 * page) or the CSV the Entra portal downloads (Authentication methods → User registration details).
 * Graph field names, and the portal's spelled-out headers, are matched case- and space-insensitively.
 */
import type { SourceRef } from '../../events/event.js';
import type { AuditCollector } from '../model.js';
import { parseBool, parseDate, parseList, parseText } from '../cell-values.js';
import { RecordReader, type RawRecord } from './fields.js';

export interface RegistrationRecord {
  source: SourceRef;
  id: string | null;
  upn: string;
  displayName: string | null;
  isAdmin: boolean | null;
  isMfaRegistered: boolean | null;
  isMfaCapable: boolean | null;
  isPasswordlessCapable: boolean | null;
  isSsprRegistered: boolean | null;
  methods: string[];
  defaultMfaMethod: string | null;
  userType: string | null;
  lastUpdated: number | null;
}

export const REGISTRATION_COLUMNS = {
  userPrincipalName: ['userPrincipalName', 'User principal name', 'UPN'],
  isAdmin: ['isAdmin', 'Admin', 'Is admin'],
  isMfaRegistered: ['isMfaRegistered', 'Multifactor authentication registered', 'MFA registered', 'Multi-factor authentication registered'],
} as const;
const OPTIONAL = {
  id: ['id', 'Object ID', 'User ID'],
  displayName: ['userDisplayName', 'User display name', 'Display name'],
  isMfaCapable: ['isMfaCapable', 'Multifactor authentication capable', 'MFA capable'],
  isPasswordlessCapable: ['isPasswordlessCapable', 'Passwordless capable'],
  isSsprRegistered: ['isSsprRegistered', 'SSPR registered', 'Self-service password reset registered'],
  methods: ['methodsRegistered', 'Methods registered'],
  defaultMfaMethod: ['defaultMfaMethod', 'Default MFA method', 'Default multifactor authentication method'],
  userType: ['userType', 'User type'],
  lastUpdated: ['lastUpdatedDateTime', 'Last updated time', 'Last updated'],
} as const;

/** Signature columns: any one marks an export as registration details. */
export const REGISTRATION_SIGNATURE = ['isMfaRegistered', 'isMfaCapable', 'methodsRegistered', 'defaultMfaMethod', 'Multifactor authentication registered', 'Methods registered'];

export function readRegistrations(path: string, format: string, names: string[], records: RawRecord[], collector: AuditCollector): RegistrationRecord[] | null {
  const r = new RecordReader(collector, path, names);
  const missing = r.missing(REGISTRATION_COLUMNS);
  if (missing.length > 0) {
    collector.problem(path, `user registration details without required column(s): ${missing.join(', ')}`, undefined, true);
    return null;
  }
  const out: RegistrationRecord[] = [];
  for (const rec of records) {
    const upn = r.get(rec, REGISTRATION_COLUMNS.userPrincipalName, parseText);
    if (upn === null) {
      collector.problem(path, 'record without userPrincipalName (skipped)', rec.line);
      continue;
    }
    out.push({
      source: { path, record: rec.line, format },
      id: r.get(rec, OPTIONAL.id, parseText),
      upn,
      displayName: r.get(rec, OPTIONAL.displayName, parseText),
      isAdmin: r.get(rec, REGISTRATION_COLUMNS.isAdmin, parseBool),
      isMfaRegistered: r.get(rec, REGISTRATION_COLUMNS.isMfaRegistered, parseBool),
      isMfaCapable: r.get(rec, OPTIONAL.isMfaCapable, parseBool),
      isPasswordlessCapable: r.get(rec, OPTIONAL.isPasswordlessCapable, parseBool),
      isSsprRegistered: r.get(rec, OPTIONAL.isSsprRegistered, parseBool),
      methods: r.get(rec, OPTIONAL.methods, (v) => parseList(v, /[;,|\r\n]+/)) ?? [],
      defaultMfaMethod: r.get(rec, OPTIONAL.defaultMfaMethod, parseText),
      userType: r.get(rec, OPTIONAL.userType, parseText),
      lastUpdated: r.get(rec, OPTIONAL.lastUpdated, parseDate),
    });
  }
  return out;
}
