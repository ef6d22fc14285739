/**
 * Entra sign-in logs: successful sign-ins over legacy protocols (which cannot do MFA, so a password
 * alone gets in) and successful interactive single-factor sign-ins. One finding per account and
 * protocol, with the count, first and last time and the first record as evidence.
 */
import type { Check, CheckContext } from './context.js';
import { isoOrEmpty } from './context.js';
import { STEPS } from '../gallium-steps.js';
import type { SignInRecord } from '../inputs/entra-signins.js';

/** clientAppUsed values of legacy authentication (Entra sign-in log "Client app"). */
export const LEGACY_CLIENT_APPS = [
  'Exchange ActiveSync', 'IMAP4', 'POP3', 'Authenticated SMTP', 'Other clients', 'AutoDiscover',
  'Exchange Online PowerShell', 'Exchange Web Services', 'MAPI Over HTTP', 'Offline Address Book',
  'Outlook Anywhere (RPC over HTTP)', 'Reporting Web Services', 'Universal Offline Address Book', 'IMAP', 'POP', 'SMTP',
];
const LEGACY = new Set(LEGACY_CLIENT_APPS.map((a) => a.toLowerCase()));
export function isLegacyClient(app: string): boolean {
  return LEGACY.has(app.toLowerCase());
}

function groupBy(records: SignInRecord[], key: (r: SignInRecord) => string): Map<string, SignInRecord[]> {
  const m = new Map<string, SignInRecord[]>();
  for (const r of records) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function span(list: SignInRecord[]): { first: number | null; last: number | null } {
  const times = list.map((r) => r.time).filter((t): t is number => t !== null);
  return times.length === 0 ? { first: null, last: null } : { first: times.reduce((a, b) => Math.min(a, b)), last: times.reduce((a, b) => Math.max(a, b)) };
}

function adminWhy(ctx: CheckContext, upn: string): string | null {
  const why = ctx.privileges.why(upn);
  return why === 'name looks administrative' && ctx.privileges.hasData ? null : why;
}

export const legacyAuthSignIn: Check = {
  id: 'mfa-legacy-auth-signin',
  defence: 'mfa',
  summary: 'Successful sign-ins over legacy protocols (IMAP, POP, SMTP AUTH, ActiveSync, other clients) that bypass MFA (high)',
  run(ctx) {
    const { inputs, collector } = ctx;
    for (const r of inputs.signIns) collector.examined('mfa', r.upn);
    const ok = inputs.signIns.filter((r) => r.errorCode === 0 && isLegacyClient(r.clientAppUsed));
    for (const [, list] of groupBy(ok, (r) => `${r.upn.toLowerCase()}|${r.clientAppUsed.toLowerCase()}`)) {
      const r = list[0]!;
      const { first, last } = span(list);
      const admin = adminWhy(ctx, r.upn);
      collector.gap({
        check: this.id, title: 'Legacy-protocol sign-in bypasses MFA', level: 'high', defence: 'mfa',
        attack: STEPS.validAccounts.attack, galliumStep: STEPS.validAccounts.step,
        fix: 'Block legacy authentication with Conditional Access (client apps: Exchange ActiveSync clients, Other clients), disable the protocol per mailbox (Set-CASMailbox -ImapEnabled/-PopEnabled $false) and turn off SMTP AUTH where not needed.',
        host: '', source: r.source, affected: r.upn, subject: r.upn,
        evidence: `${list.length} successful ${r.clientAppUsed} sign-in(s)${first !== null ? ` from ${isoOrEmpty(first)} to ${isoOrEmpty(last)}` : ''}${r.ipAddress ? `, first from ${r.ipAddress}` : ''}${admin ? ` (privileged: ${admin})` : ''}`,
        matched: { clientAppUsed: r.clientAppUsed, count: list.length, ipAddresses: [...new Set(list.map((x) => x.ipAddress).filter(Boolean))] },
        ts: isoOrEmpty(last),
        details: { count: list.length, first: isoOrEmpty(first), last: isoOrEmpty(last), app: r.app, records: list.slice(0, 50).map((x) => x.source.record) },
      });
    }
  },
};

export const singleFactorSignIn: Check = {
  id: 'mfa-single-factor-signin',
  defence: 'mfa',
  summary: 'Successful interactive sign-ins that needed only a password (medium; high for admins)',
  run(ctx) {
    const { inputs, collector } = ctx;
    const sf = inputs.signIns.filter((r) =>
      r.errorCode === 0 && r.isInteractive !== false && !isLegacyClient(r.clientAppUsed) &&
      (r.authenticationRequirement ?? '').toLowerCase() === 'singlefactorauthentication');
    for (const [, list] of groupBy(sf, (r) => r.upn.toLowerCase())) {
      const r = list[0]!;
      const { first, last } = span(list);
      const admin = adminWhy(ctx, r.upn);
      const apps = [...new Set(list.map((x) => x.app ?? x.clientAppUsed))];
      collector.gap({
        check: this.id, title: admin ? 'Privileged account signs in with a password only' : 'Sign-in with a password only',
        level: admin ? 'high' : 'medium', defence: 'mfa',
        attack: STEPS.validAccounts.attack, galliumStep: STEPS.validAccounts.step,
        fix: 'Add a Conditional Access policy requiring MFA for all users and all cloud apps (exclude only break-glass accounts) and review the policies that let these sign-ins through.',
        host: '', source: r.source, affected: r.upn, subject: r.upn,
        evidence: `${list.length} successful single-factor sign-in(s) to ${apps.join(', ')}${first !== null ? ` from ${isoOrEmpty(first)} to ${isoOrEmpty(last)}` : ''}, conditionalAccessStatus=${r.conditionalAccessStatus ?? 'n/a'}${admin ? ` (privileged: ${admin})` : ''}`,
        matched: { authenticationRequirement: 'singleFactorAuthentication', count: list.length, apps },
        ts: isoOrEmpty(last),
        details: { count: list.length, first: isoOrEmpty(first), last: isoOrEmpty(last), records: list.slice(0, 50).map((x) => x.source.record) },
      });
    }
  },
};
