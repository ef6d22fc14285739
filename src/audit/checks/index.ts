/** Every audit check, in report order. */
import type { Check } from './context.js';
import { mfaPrivilegedNotRegistered, mfaUserNotRegistered, mfaPrivilegedWeakMethod } from './mfa-registration.js';
import { legacyAuthSignIn, singleFactorSignIn } from './signins.js';
import { adPrivilegedNoMfaRecord, adPrivilegedPasswordNeverExpires, adStalePrivileged, adPrivilegedServiceAccount } from './ad-accounts.js';
import { knownExploitedVersion, endOfSupport, kevProductUnverified } from './versions.js';
import { iisPoolIdentity, iisAnonymousIdentity, systemdWebRoot, webProcessAsSystem } from './web-identity.js';
import { logSources, security4688NoCmdline, techniqueNotVisible } from './log-sources.js';

export const CHECKS: readonly Check[] = [
  mfaPrivilegedNotRegistered, mfaUserNotRegistered, mfaPrivilegedWeakMethod, legacyAuthSignIn, singleFactorSignIn,
  adPrivilegedNoMfaRecord, adPrivilegedPasswordNeverExpires,
  knownExploitedVersion, endOfSupport, kevProductUnverified,
  logSources, security4688NoCmdline, techniqueNotVisible,
  iisPoolIdentity, iisAnonymousIdentity, systemdWebRoot, webProcessAsSystem, adStalePrivileged, adPrivilegedServiceAccount,
];
export type { Check, CheckContext } from './context.js';
