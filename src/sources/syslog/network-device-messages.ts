/**
 * Fields from Cisco IOS and Cisco ASA messages, which start their text with
 * `%FACILITY-SEVERITY-MNEMONIC:` (`%SEC_LOGIN-5-LOGIN_SUCCESS:`, `%ASA-6-302013:`). Every such
 * message gets `cisco_facility`, `cisco_severity` (0-7) and `cisco_mnemonic`; the messages in the
 * table below also get the fields of their text (`user`, `src_ip`, `dst_port`, `action`, ...),
 * named as the firewall and authentication fields of the other readers.
 *
 * The table is data: one entry per `FACILITY-MNEMONIC`, a pattern whose named groups are fields.
 */
import type { EventFields } from '../../events/event.js';
import { applyPatterns, moveField, type MessagePattern } from './message-patterns.js';

const MNEMONIC = /%([A-Z][A-Z0-9_]*)-([0-7])-([A-Z0-9_]+):\s?/;

/** ASA writes the initiator last for outbound connections: make src the initiator in both directions. */
function initiatorFirst(f: EventFields): void {
  if (f.direction !== 'outbound') return;
  for (const [a, b] of [['src_ip', 'dst_ip'], ['src_port', 'dst_port'], ['src_interface', 'dst_interface']] as const) {
    moveField(f, a, 'swap');
    moveField(f, b, a);
    moveField(f, 'swap', b);
  }
}

function outcome(f: EventFields): void {
  const r = String(f.outcome ?? '').toLowerCase();
  f.outcome = r === 'permitted' || r === 'successful' ? 'success' : 'failure';
}

const ENDPOINT = (side: 'src' | 'dst'): string => `(?<${side}_interface>[^:\\s]+):(?<${side}_ip>[^/\\s]+)(?:/(?<${side}_port>\\d+))?`;

const TABLE: Record<string, MessagePattern[]> = {
  'SEC_LOGIN-LOGIN_SUCCESS': [{
    pattern: /\[user: (?<user>[^\]]*)\] \[Source: (?<src_ip>[^\]]*)\] \[localport: (?<dst_port>\d+)\]/,
    set: { action: 'login', outcome: 'success' },
  }],
  'SEC_LOGIN-LOGIN_FAILED': [{
    pattern: /\[user: (?<user>[^\]]*)\] \[Source: (?<src_ip>[^\]]*)\] \[localport: (?<dst_port>\d+)\](?: \[Reason: (?<reason>[^\]]*)\])?/,
    set: { action: 'login', outcome: 'failure' },
  }],
  'SYS-CONFIG_I': [{
    pattern: /^Configured from (?<config_source>\S+) by (?:(?<user>\S+) on )?(?<line>[^\s(]+)(?: \((?<src_ip>[^)]+)\))?/,
    set: { action: 'config_change' },
  }],
  'PARSER-CFGLOG_LOGGEDCMD': [{
    pattern: /^User:(?<user>\S+)\s+logged command:(?<command>.*)$/,
    set: { action: 'config_command' },
  }],
  'ASA-302013': [{ pattern: builtPattern('TCP'), set: { action: 'built' }, adjust: initiatorFirst }],
  'ASA-302015': [{ pattern: builtPattern('UDP'), set: { action: 'built' }, adjust: initiatorFirst }],
  'ASA-106023': [{
    pattern: new RegExp(`^Deny (?<protocol>\\S+) src ${ENDPOINT('src')} dst ${ENDPOINT('dst')}.*?by access-group "(?<acl>[^"]*)"`),
    set: { action: 'deny' },
  }],
  'ASA-605004': [loginPattern()],
  'ASA-605005': [loginPattern()],
  'ASA-111008': [{
    pattern: /^User '(?<user>[^']*)' executed the '(?<command>[^']*)' command/,
    set: { action: 'config_command' },
  }],
  'ASA-111009': [{
    pattern: /^User '(?<user>[^']*)' executed cmd: (?<command>.*)$/,
    set: { action: 'command' },
  }],
  'ASA-111010': [{
    pattern: /^User '(?<user>[^']*)', running '(?<client>[^']*)' from IP (?<src_ip>[^\s,]+)\s*, executed '(?<command>[^']*)'/,
    set: { action: 'config_command' },
  }],
  'ASA-113004': [aaaPattern()],
  'ASA-113005': [aaaPattern()],
};

function builtPattern(protocol: string): RegExp {
  return new RegExp(`^Built (?<direction>inbound|outbound) (?<protocol>${protocol}) connection (?<connection_id>\\d+) for ${ENDPOINT('src')} \\([^)]*\\)(?:\\([^)]*\\))? to ${ENDPOINT('dst')}`);
}

function loginPattern(): MessagePattern {
  return {
    pattern: /^Login (?<outcome>permitted|denied) from (?<src_ip>[^/\s]+)\/(?<src_port>\d+) to (?<dst_interface>[^:\s]+):(?<dst_ip>[^/\s]+)\/(?<service>\S+) for user "(?<user>[^"]*)"/,
    set: { action: 'login' },
    adjust: outcome,
  };
}

function aaaPattern(): MessagePattern {
  return {
    pattern: /^AAA user authentication (?<outcome>Successful|Rejected)(?: : reason = (?<reason>[^:]*?))? : server = (?<server>[^:\s]+)\s*: user = (?<user>[^:]*?)(?: : user IP = (?<src_ip>\S+))?\s*$/,
    set: { action: 'login' },
    adjust: outcome,
  };
}

/** Add Cisco fields when `message` carries a `%FAC-SEV-MNEMONIC:`; true when it does. */
export function addNetworkDeviceFields(message: string, fields: EventFields): boolean {
  const m = MNEMONIC.exec(message);
  if (!m) return false;
  const facility = m[1]!;
  const mnemonic = m[3]!;
  fields.cisco_facility = facility;
  fields.cisco_severity = Number(m[2]);
  fields.cisco_mnemonic = mnemonic;
  const table = TABLE[`${facility}-${mnemonic}`];
  if (table) applyPatterns(table, message.slice(m.index + m[0].length), fields);
  return true;
}
