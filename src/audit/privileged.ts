/**
 * Who is privileged: AD accounts with AdminCount=1 or membership of the built-in privileged groups,
 * Entra users with isAdmin. Used to rate IIS and service identities and to cross-check MFA.
 */
import type { AdUserRecord } from './inputs/ad-users.js';
import { groupName } from './inputs/ad-users.js';
import type { RegistrationRecord } from './inputs/entra-registration.js';

export const PRIVILEGED_GROUPS = [
  'Domain Admins', 'Enterprise Admins', 'Schema Admins', 'Administrators', 'Account Operators',
  'Backup Operators', 'Server Operators', 'Print Operators', 'DnsAdmins', 'Group Policy Creator Owners',
  'Enterprise Key Admins', 'Key Admins', 'Organization Management',
];
const PRIV = new Set(PRIVILEGED_GROUPS.map((g) => g.toLowerCase()));

/** Privileged groups the account is in (by group name of each MemberOf DN). */
export function privilegedGroups(u: AdUserRecord): string[] {
  return u.memberOf.map(groupName).filter((g) => PRIV.has(g.toLowerCase()));
}

export function isPrivilegedAd(u: AdUserRecord): boolean {
  return u.adminCount === 1 || privilegedGroups(u).length > 0;
}

/** Why an AD account counts as privileged, for evidence text. */
export function privilegeReason(u: AdUserRecord): string {
  const groups = privilegedGroups(u);
  if (groups.length > 0) return `member of ${groups.join(', ')}`;
  return 'AdminCount=1 (protected by AdminSDHolder)';
}

/** Account names that look administrative when no identity export says otherwise. */
const ADMIN_NAME = /(^|[\\_.-])(adm|admin|administrator|da|domainadmin)([_.\d-]|$)|admin$|^administrator$/i;

export class PrivilegeIndex {
  private readonly names = new Map<string, string>();
  constructor(ad: AdUserRecord[], entra: RegistrationRecord[]) {
    for (const u of ad) {
      if (!isPrivilegedAd(u)) continue;
      const why = `AD: ${privilegeReason(u)}`;
      this.names.set(u.sam.toLowerCase(), why);
      if (u.upn) this.names.set(u.upn.toLowerCase(), why);
    }
    for (const r of entra) if (r.isAdmin) this.names.set(r.upn.toLowerCase(), 'Entra ID: admin role');
  }
  get hasData(): boolean {
    return this.names.size > 0;
  }
  /**
   * Why `account` (`CORP\svc`, `svc@corp…`, `svc`) is privileged, or null. Without identity data,
   * administrative-looking names count (and say so).
   */
  why(account: string): string | null {
    const a = account.trim().toLowerCase();
    if (a === '') return null;
    const bare = a.includes('\\') ? a.slice(a.lastIndexOf('\\') + 1) : a;
    const sam = bare.includes('@') ? bare.slice(0, bare.indexOf('@')) : bare;
    const known = this.names.get(a) ?? this.names.get(bare) ?? this.names.get(sam);
    if (known) return known;
    if (ADMIN_NAME.test(sam)) return 'name looks administrative';
    return null;
  }
}
