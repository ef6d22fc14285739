/**
 * Active Directory users exported with
 * `Get-ADUser -Filter * -Properties … | Export-Csv` (first line may be `#TYPE …ADUser`), or the same
 * objects through ConvertTo-Json. MemberOf must be joined (`@{n='MemberOf';e={$_.MemberOf -join ';'}}`):
 * a plain Export-Csv writes the collection's type name instead, which is reported.
 */
import type { SourceRef } from '../../events/event.js';
import type { AuditCollector } from '../model.js';
import { parseBool, parseDate, parseInteger, parseList, parseText } from '../cell-values.js';
import { RecordReader, type RawRecord } from './fields.js';

export interface AdUserRecord {
  source: SourceRef;
  sam: string;
  upn: string | null;
  enabled: boolean | null;
  adminCount: number | null;
  passwordNeverExpires: boolean | null;
  passwordLastSet: number | null;
  lastLogon: number | null;
  /** Group DNs (or names). */
  memberOf: string[];
  spns: string[];
  description: string | null;
}

export const AD_COLUMNS = {
  SamAccountName: ['SamAccountName', 'sAMAccountName'],
  Enabled: ['Enabled'],
} as const;
const OPTIONAL = {
  upn: ['UserPrincipalName'],
  adminCount: ['AdminCount', 'adminCount'],
  pne: ['PasswordNeverExpires'],
  pls: ['PasswordLastSet', 'pwdLastSet'],
  lastLogon: ['LastLogonDate', 'lastLogonTimestamp'],
  memberOf: ['MemberOf'],
  spn: ['ServicePrincipalName', 'ServicePrincipalNames', 'servicePrincipalName'],
  description: ['Description'],
} as const;

export const AD_SIGNATURE = ['SamAccountName', 'DistinguishedName', 'ObjectGUID'];

const COLLECTION_TYPE = /^Microsoft\.ActiveDirectory\.Management\.AD\w*Collection$/i;

/** `CN=Domain Admins,CN=Users,DC=corp,…` → `Domain Admins`; names stay as they are. */
export function groupName(dnOrName: string): string {
  const m = /^CN=((?:\\,|[^,])+)/i.exec(dnOrName.trim());
  return (m ? m[1]!.replace(/\\,/g, ',') : dnOrName).trim();
}

export function readAdUsers(path: string, format: string, names: string[], records: RawRecord[], collector: AuditCollector): AdUserRecord[] | null {
  const r = new RecordReader(collector, path, names);
  const missing = r.missing(AD_COLUMNS);
  if (missing.length > 0) {
    collector.problem(path, `AD user export without required column(s): ${missing.join(', ')}`, undefined, true);
    return null;
  }
  if (!r.lookup.has(OPTIONAL.adminCount) && !r.lookup.has(OPTIONAL.memberOf)) {
    collector.problem(path, 'AD user export has neither AdminCount nor MemberOf: privileged accounts cannot be identified (add -Properties AdminCount,MemberOf)');
  }
  let collectionWarned = false;
  const out: AdUserRecord[] = [];
  for (const rec of records) {
    const sam = r.get(rec, AD_COLUMNS.SamAccountName, parseText);
    if (sam === null) {
      collector.problem(path, 'record without SamAccountName (skipped)', rec.line);
      continue;
    }
    const listOf = (aliases: readonly string[]): string[] => {
      const raw = r.raw(rec, aliases);
      if (typeof raw === 'string' && COLLECTION_TYPE.test(raw.trim())) {
        if (!collectionWarned) {
          collector.problem(path, `${aliases[0]} holds the collection type name, not the values: export it with @{n='${aliases[0]}';e={$_.${aliases[0]} -join ';'}}`, rec.line);
          collectionWarned = true;
        }
        return [];
      }
      // DNs contain commas, so lists split on ';' and newlines only.
      return r.get(rec, aliases, (v) => parseList(v, /[;\r\n]+/)) ?? [];
    };
    out.push({
      source: { path, record: rec.line, format },
      sam,
      upn: r.get(rec, OPTIONAL.upn, parseText),
      enabled: r.get(rec, AD_COLUMNS.Enabled, parseBool),
      adminCount: r.get(rec, OPTIONAL.adminCount, parseInteger),
      passwordNeverExpires: r.get(rec, OPTIONAL.pne, parseBool),
      passwordLastSet: r.get(rec, OPTIONAL.pls, parseDate),
      lastLogon: r.get(rec, OPTIONAL.lastLogon, parseDate),
      memberOf: listOf(OPTIONAL.memberOf),
      spns: listOf(OPTIONAL.spn),
      description: r.get(rec, OPTIONAL.description, parseText),
    });
  }
  return out;
}
