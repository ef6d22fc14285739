/**
 * Active Directory users (Get-ADUser export): privileged accounts that cannot be MFA-protected or
 * that widen the actor's reach once a password is stolen.
 */
import type { Check } from './context.js';
import { DAY, isoOrEmpty } from './context.js';
import { STEPS } from '../gallium-steps.js';
import { isPrivilegedAd, privilegeReason } from '../privileged.js';

export const STALE_DAYS = 90;

export const adPrivilegedNoMfaRecord: Check = {
  id: 'mfa-ad-privileged-not-covered',
  defence: 'mfa',
  summary: 'Enabled privileged AD accounts absent from the Entra registration details (no MFA on record; medium)',
  run({ inputs, collector }) {
    if (inputs.registrations.length === 0) return;
    const known = new Map(inputs.registrations.map((r) => [r.upn.toLowerCase(), r]));
    for (const u of inputs.adUsers) {
      if (u.enabled !== true || !isPrivilegedAd(u)) continue;
      const id = u.upn ?? u.sam;
      collector.examined('mfa', id);
      if (u.upn && known.has(u.upn.toLowerCase())) continue;
      collector.gap({
        check: this.id, title: 'Privileged AD account with no MFA on record', level: 'medium', defence: 'mfa',
        attack: STEPS.privilegedDomainAccount.attack, galliumStep: STEPS.privilegedDomainAccount.step,
        fix: 'Give on-premises admin accounts MFA too (smart cards / Windows Hello for Business, or an MFA provider for RDP and admin tools), or sync them and require Entra MFA.',
        host: '', source: u.source, affected: id, subject: id,
        evidence: `${privilegeReason(u)}; ${u.upn ? `UPN ${u.upn} not in the registration details` : 'no UserPrincipalName'}`,
        matched: { SamAccountName: u.sam, UserPrincipalName: u.upn },
      });
    }
  },
};

export const adPrivilegedPasswordNeverExpires: Check = {
  id: 'mfa-ad-privileged-password-never-expires',
  defence: 'mfa',
  summary: 'Enabled privileged AD accounts whose password never expires (medium)',
  run({ inputs, collector, asOf }) {
    for (const u of inputs.adUsers) {
      if (u.enabled !== true || !isPrivilegedAd(u) || u.passwordNeverExpires !== true) continue;
      const id = u.upn ?? u.sam;
      collector.examined('mfa', id);
      const age = u.passwordLastSet !== null ? Math.floor((asOf - u.passwordLastSet) / DAY) : null;
      collector.gap({
        check: this.id, title: 'Privileged account password never expires', level: 'medium', defence: 'mfa',
        attack: STEPS.privilegedDomainAccount.attack, galliumStep: STEPS.privilegedDomainAccount.step,
        fix: 'Clear PasswordNeverExpires on admin accounts (Set-ADUser -PasswordNeverExpires $false), rotate the password, and move services to group managed service accounts.',
        host: '', source: u.source, affected: id, subject: id,
        evidence: `${privilegeReason(u)}; PasswordNeverExpires=True${age !== null ? `, password last set ${age} days ago (${isoOrEmpty(u.passwordLastSet).slice(0, 10)})` : ''}`,
        matched: { SamAccountName: u.sam, PasswordNeverExpires: true, PasswordLastSet: isoOrEmpty(u.passwordLastSet) },
      });
    }
  },
};

export const adStalePrivileged: Check = {
  id: 'least-privilege-ad-stale-admin',
  defence: 'least-privilege',
  summary: `Enabled privileged AD accounts unused for over ${STALE_DAYS} days (medium)`,
  run({ inputs, collector, asOf }) {
    for (const u of inputs.adUsers) {
      if (u.enabled !== true || !isPrivilegedAd(u)) continue;
      const id = u.upn ?? u.sam;
      collector.examined('least-privilege', `account|${id}`);
      const days = u.lastLogon === null ? null : Math.floor((asOf - u.lastLogon) / DAY);
      if (days !== null && days <= STALE_DAYS) continue;
      collector.gap({
        check: this.id, title: 'Unused privileged account still enabled', level: 'medium', defence: 'least-privilege',
        attack: STEPS.privilegedDomainAccount.attack, galliumStep: STEPS.privilegedDomainAccount.step,
        fix: 'Disable or remove the account, or take it out of the privileged groups; review privileged group membership every quarter.',
        host: '', source: u.source, affected: id, subject: `account|${id}`,
        evidence: `${privilegeReason(u)}; ${days === null ? 'never logged on (LastLogonDate empty)' : `last logon ${days} days ago (${isoOrEmpty(u.lastLogon).slice(0, 10)})`}`,
        matched: { SamAccountName: u.sam, LastLogonDate: isoOrEmpty(u.lastLogon), Enabled: true },
      });
    }
  },
};

export const adPrivilegedServiceAccount: Check = {
  id: 'least-privilege-ad-privileged-spn',
  defence: 'least-privilege',
  summary: 'Privileged AD accounts with a servicePrincipalName: service accounts with admin rights, Kerberoastable (medium)',
  run({ inputs, collector }) {
    for (const u of inputs.adUsers) {
      if (u.enabled !== true || !isPrivilegedAd(u) || u.spns.length === 0) continue;
      const id = u.upn ?? u.sam;
      collector.examined('least-privilege', `account|${id}`);
      collector.gap({
        check: this.id, title: 'Service account with administrative rights', level: 'medium', defence: 'least-privilege',
        attack: STEPS.privilegedDomainAccount.attack, galliumStep: STEPS.privilegedDomainAccount.step,
        fix: 'Run the service under a group managed service account with only the rights it needs; remove it from admin groups; a service password can be cracked offline from any domain user (Kerberoasting).',
        host: '', source: u.source, affected: id, subject: `account|${id}`,
        evidence: `${privilegeReason(u)}; servicePrincipalName=${u.spns.join(', ')}`,
        matched: { SamAccountName: u.sam, ServicePrincipalName: u.spns },
      });
    }
  },
};
