/**
 * Entra user registration details: accounts with no MFA method registered (admins high, members
 * medium, guests low), and admins whose only methods are phone or e-mail codes (SIM swap: a
 * telecom's own staff are a target).
 */
import type { Check } from './context.js';
import { isoOrEmpty } from './context.js';
import { STEPS } from '../gallium-steps.js';
import type { AuditInputs } from '../load-inputs.js';

/** UPNs the AD export shows as disabled: their missing MFA is not a gap (they cannot sign in). */
export function disabledInAd(inputs: AuditInputs): Set<string> {
  const out = new Set<string>();
  for (const u of inputs.adUsers) if (u.enabled === false && u.upn) out.add(u.upn.toLowerCase());
  return out;
}

const PHONE_OR_EMAIL = new Set(['mobilephone', 'alternatemobilephone', 'officephone', 'email', 'sms', 'voice', 'securityquestion']);

export const mfaPrivilegedNotRegistered: Check = {
  id: 'mfa-privileged-not-registered',
  defence: 'mfa',
  summary: 'Entra admin accounts with no MFA method registered (high)',
  run({ inputs, collector }) {
    const disabled = disabledInAd(inputs);
    let skipped = 0;
    for (const r of inputs.registrations) {
      if (disabled.has(r.upn.toLowerCase())) {
        skipped++;
        continue;
      }
      collector.examined('mfa', r.upn);
      if (r.isAdmin !== true || r.isMfaRegistered !== false) continue;
      collector.gap({
        check: this.id, title: 'Privileged account without MFA', level: 'high', defence: 'mfa',
        attack: STEPS.validAccounts.attack, galliumStep: STEPS.validAccounts.step,
        fix: 'Require MFA for every admin role (Conditional Access "Require multifactor authentication for admins") and have the account register a phishing-resistant method (FIDO2, Windows Hello, Authenticator passwordless).',
        host: '', source: r.source, affected: r.upn, subject: r.upn,
        evidence: `isAdmin=true, isMfaRegistered=false, methodsRegistered=[${r.methods.join(', ')}]`,
        matched: { isAdmin: true, isMfaRegistered: false, methodsRegistered: r.methods },
        ts: isoOrEmpty(r.lastUpdated),
        details: { userType: r.userType, displayName: r.displayName },
      });
    }
    if (skipped > 0) collector.notes.push(`mfa: ${skipped} account(s) in the registration details are disabled in AD and were not assessed`);
  },
};

export const mfaUserNotRegistered: Check = {
  id: 'mfa-user-not-registered',
  defence: 'mfa',
  summary: 'Entra non-admin accounts with no MFA method registered (medium; guests low)',
  run({ inputs, collector }) {
    const disabled = disabledInAd(inputs);
    for (const r of inputs.registrations) {
      if (r.isAdmin === true || r.isMfaRegistered !== false || disabled.has(r.upn.toLowerCase())) continue;
      const guest = (r.userType ?? '').toLowerCase() === 'guest';
      collector.gap({
        check: this.id, title: 'Account without MFA', level: guest ? 'low' : 'medium', defence: 'mfa',
        attack: STEPS.validAccounts.attack, galliumStep: STEPS.validAccounts.step,
        fix: 'Enforce MFA registration (Entra registration campaign / Conditional Access) and block sign-in until a method is registered.',
        host: '', source: r.source, affected: r.upn, subject: r.upn,
        evidence: `isMfaRegistered=false${r.userType ? `, userType=${r.userType}` : ''}`,
        matched: { isMfaRegistered: false, userType: r.userType },
        ts: isoOrEmpty(r.lastUpdated),
      });
    }
  },
};

export const mfaPrivilegedWeakMethod: Check = {
  id: 'mfa-privileged-phone-only',
  defence: 'mfa',
  summary: 'Entra admins whose only MFA methods are SMS/voice/e-mail (medium)',
  run({ inputs, collector }) {
    for (const r of inputs.registrations) {
      if (r.isAdmin !== true || r.isMfaRegistered !== true || r.methods.length === 0) continue;
      if (!r.methods.every((m) => PHONE_OR_EMAIL.has(m.toLowerCase()))) continue;
      collector.gap({
        check: this.id, title: 'Privileged account with phone or e-mail MFA only', level: 'medium', defence: 'mfa',
        attack: STEPS.validAccounts.attack, galliumStep: STEPS.validAccounts.step,
        fix: 'Give admins a phishing-resistant method (FIDO2 key, Windows Hello for Business, Authenticator passwordless) and require it with an authentication strength policy; SMS and voice codes fall to SIM swap and call forwarding.',
        host: '', source: r.source, affected: r.upn, subject: r.upn,
        evidence: `methodsRegistered=[${r.methods.join(', ')}]`,
        matched: { methodsRegistered: r.methods, defaultMfaMethod: r.defaultMfaMethod },
        ts: isoOrEmpty(r.lastUpdated),
      });
    }
  },
};
