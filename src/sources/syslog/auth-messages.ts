/**
 * Fields from Linux authentication messages (OpenSSH sshd, PAM pam_unix, sudo), so rules and
 * analysts can ask for `user`, `src_ip`, `src_port`, `auth_method`, `outcome` (success | failure),
 * `action` and, for sudo, `command`, `target_user`, `tty`, `pwd`:
 *
 *   sshd: Accepted password for alice from 203.0.113.7 port 50522 ssh2
 *   sshd: Failed password for invalid user admin from 198.51.100.4 port 40022 ssh2
 *   sshd: Invalid user oracle from 198.51.100.4 port 40022
 *   sshd: Disconnected from authenticating user root 198.51.100.4 port 40022 [preauth]
 *   any:  pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)
 *   any:  pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.4  user=root
 *   sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow
 *
 * `action` is one of login, invalid_user, disconnect, connection_closed, session_opened,
 * session_closed, auth_failure, sudo.
 */
import type { EventFields } from '../../events/event.js';
import { applyPatterns, type MessagePattern } from './message-patterns.js';

const OUTCOME: Record<string, string> = { accepted: 'success', failed: 'failure', permitted: 'success', denied: 'failure' };

function outcomeFromVerb(fields: EventFields): void {
  const verb = String(fields.outcome ?? '').toLowerCase();
  fields.outcome = OUTCOME[verb] ?? verb;
}

const USER_PREFIX = '(?:(?:invalid |authenticating )?user (?<user>\\S+) )?';

const SSHD: MessagePattern[] = [
  {
    pattern: /^(?<outcome>Accepted|Failed) (?<auth_method>\S+) for (?<invalid>invalid user )?(?<user>.*?) from (?<src_ip>\S+) port (?<src_port>\d+)(?: ssh2(?:: (?<key_type>\S+) (?<key_fingerprint>\S+))?)?/,
    set: { action: 'login' },
    adjust(f) {
      outcomeFromVerb(f);
      if (f.invalid !== undefined) {
        f.invalid_user = true;
        delete f.invalid;
      }
    },
  },
  {
    pattern: /^Invalid user (?<user>.*?) from (?<src_ip>\S+?)(?: port (?<src_port>\d+))?$/,
    set: { action: 'invalid_user', outcome: 'failure', invalid_user: true },
  },
  {
    pattern: new RegExp(`^Disconnected from ${USER_PREFIX}(?<src_ip>\\S+) port (?<src_port>\\d+)`),
    set: { action: 'disconnect' },
  },
  {
    pattern: /^Received disconnect from (?<src_ip>\S+) port (?<src_port>\d+):(?<reason_code>\d+): (?<reason>.*?)(?: \[preauth\])?$/,
    set: { action: 'disconnect' },
  },
  {
    pattern: new RegExp(`^Connection closed by ${USER_PREFIX}(?<src_ip>\\S+) port (?<src_port>\\d+)`),
    set: { action: 'connection_closed' },
  },
];

const PAM: MessagePattern[] = [
  {
    pattern: /^pam_unix\((?<pam_service>[^:)]+):session\): session (?<action>opened|closed) for user (?<user>[^\s(]+)(?:\(uid=(?<uid>\d+)\))?(?: by (?<by_user>[^\s(]*)(?:\(uid=(?<by_uid>\d+)\))?)?/,
    adjust(f) {
      f.action = `session_${String(f.action)}`;
    },
  },
  {
    pattern: /^pam_unix\((?<pam_service>[^:)]+):auth\): authentication failure;(?:.*?\brhost=(?<src_ip>\S+))?(?:.*?\buser=(?<user>\S+))?/,
    set: { action: 'auth_failure', outcome: 'failure' },
  },
];

/** sudo's keyed parts and the fields they become. */
const SUDO_KEYS: Record<string, string> = { TTY: 'tty', PWD: 'pwd', USER: 'target_user', GROUP: 'target_group' };

/** sudo's `USER : [problem ; ]TTY=… ; PWD=… ; USER=… ; COMMAND=…` (COMMAND is last and may hold ` ; `). */
function sudoFields(message: string, fields: EventFields): boolean {
  const m = /^\s*(\S+) : (.*)$/.exec(message);
  if (!m) return false;
  const rest = m[2]!;
  const commandAt = rest.indexOf('COMMAND=');
  const head = commandAt >= 0 ? rest.slice(0, commandAt) : rest;
  const parts = head.split(' ; ').map((p) => p.trim()).filter((p) => p.length > 0);
  let problem = '';
  let keyed = 0;
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq) : '';
    if (key && /^[A-Z]+$/.test(key)) {
      keyed++;
      const name = SUDO_KEYS[key];
      if (name) fields[name] = part.slice(eq + 1);
    } else if (!problem) problem = part;
  }
  if (keyed === 0 && commandAt < 0) return false;
  fields.user = m[1]!;
  if (commandAt >= 0) fields.command = rest.slice(commandAt + 8);
  fields.action = 'sudo';
  fields.outcome = problem ? 'failure' : 'success';
  if (problem) fields.reason = problem;
  return true;
}

/** Add the fields an authentication message carries; true when one was recognised. */
export function addAuthFields(program: string, message: string, fields: EventFields): boolean {
  if (message.startsWith('pam_unix(')) return applyPatterns(PAM, message, fields);
  if (program === 'sshd' || program.startsWith('sshd-')) return applyPatterns(SSHD, message, fields);
  if (program === 'sudo') return sudoFields(message, fields);
  return false;
}
