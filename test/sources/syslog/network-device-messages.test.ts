import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventFields } from '../../../src/events/event.js';
import { fieldsWithout } from './parse-helper.js';

/** The fields a device message gets, without the header fields every message has. */
function enriched(line: string): EventFields {
  return fieldsWithout(line, ['facility', 'severity', 'timestamp', 'host', 'message']);
}

test('Cisco IOS login success and failure', () => {
  assert.deepEqual(enriched('<189>Mar  4 10:22:31 rtr01 1234: *Mar  4 10:22:31.120 UTC: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: admin] [Source: 10.1.1.5] [localport: 22] at 10:22:31 UTC Mon Mar 4 2019'), {
    cisco_facility: 'SEC_LOGIN', cisco_severity: 5, cisco_mnemonic: 'LOGIN_SUCCESS', action: 'login', outcome: 'success', user: 'admin', src_ip: '10.1.1.5', dst_port: 22,
  });
  assert.deepEqual(enriched('<188>Mar  4 10:22:29 rtr01 1233: %SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: cisco] [Source: 198.51.100.4] [localport: 22] [Reason: Login Authentication Failed] at 10:22:29 UTC Mon Mar 4 2019'), {
    cisco_facility: 'SEC_LOGIN', cisco_severity: 4, cisco_mnemonic: 'LOGIN_FAILED', action: 'login', outcome: 'failure', user: 'cisco', src_ip: '198.51.100.4', dst_port: 22, reason: 'Login Authentication Failed',
  });
});

test('Cisco IOS configuration changes and logged commands', () => {
  assert.deepEqual(enriched('<189>Mar  4 10:25:00 rtr01 1240: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.1.1.5)'), {
    cisco_facility: 'SYS', cisco_severity: 5, cisco_mnemonic: 'CONFIG_I', action: 'config_change', config_source: 'console', user: 'admin', line: 'vty0', src_ip: '10.1.1.5',
  });
  assert.deepEqual(enriched('<189>Mar  4 10:24:10 rtr01 1239: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:no logging host 10.9.9.9'), {
    cisco_facility: 'PARSER', cisco_severity: 5, cisco_mnemonic: 'CFGLOG_LOGGEDCMD', action: 'config_command', user: 'admin', command: 'no logging host 10.9.9.9',
  });
  // A mnemonic outside the table still gets its three fields.
  assert.deepEqual(enriched('<187>Mar  4 10:26:00 rtr01 1241: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down'), {
    cisco_facility: 'LINK', cisco_severity: 3, cisco_mnemonic: 'UPDOWN',
  });
});

test('ASA built connections: src is the initiator in both directions', () => {
  assert.deepEqual(enriched('<166>Mar 04 2019 10:22:31 fw01 : %ASA-6-302013: Built inbound TCP connection 8812 for outside:198.51.100.4/51234 (198.51.100.4/51234) to inside:10.1.2.3/443 (203.0.113.10/443)'), {
    cisco_facility: 'ASA', cisco_severity: 6, cisco_mnemonic: '302013', action: 'built', direction: 'inbound', protocol: 'TCP', connection_id: 8812,
    src_interface: 'outside', src_ip: '198.51.100.4', src_port: 51234, dst_interface: 'inside', dst_ip: '10.1.2.3', dst_port: 443,
  });
  const out = enriched('<166>Mar 04 2019 10:22:32 fw01 : %ASA-6-302015: Built outbound UDP connection 8813 for outside:8.8.8.8/53 (8.8.8.8/53) to inside:10.1.2.3/51000 (203.0.113.10/51000)');
  assert.equal(out.src_ip, '10.1.2.3');
  assert.equal(out.src_port, 51000);
  assert.equal(out.src_interface, 'inside');
  assert.equal(out.dst_ip, '8.8.8.8');
  assert.equal(out.dst_port, 53);
  assert.equal(out.protocol, 'UDP');
});

test('ASA denies, logins, AAA and command accounting', () => {
  assert.deepEqual(enriched('<164>Mar 04 2019 10:22:33 fw01 : %ASA-4-106023: Deny tcp src outside:198.51.100.4/4444 dst inside:10.1.2.3/445 by access-group "outside_in" [0x0, 0x0]'), {
    cisco_facility: 'ASA', cisco_severity: 4, cisco_mnemonic: '106023', action: 'deny', protocol: 'tcp', acl: 'outside_in',
    src_interface: 'outside', src_ip: '198.51.100.4', src_port: 4444, dst_interface: 'inside', dst_ip: '10.1.2.3', dst_port: 445,
  });
  const denied = enriched('<166>%ASA-6-605004: Login denied from 198.51.100.4/40001 to outside:203.0.113.1/ssh for user "admin"');
  assert.equal(denied.outcome, 'failure');
  assert.equal(denied.service, 'ssh');
  assert.equal(denied.src_port, 40001);
  const aaa = enriched('<165>%ASA-5-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.1.1.10 : user = admin : user IP = 198.51.100.4');
  assert.deepEqual([aaa.action, aaa.outcome, aaa.reason, aaa.server, aaa.user, aaa.src_ip], ['login', 'failure', 'AAA failure', '10.1.1.10', 'admin', '198.51.100.4']);
  const ok = enriched('<166>%ASA-6-113004: AAA user authentication Successful : server = 10.1.1.10 : user = admin');
  assert.equal(ok.outcome, 'success');
  assert.equal(ok.user, 'admin');
  const cmd = enriched("<165>%ASA-5-111008: User 'admin' executed the 'write memory' command.");
  assert.deepEqual([cmd.user, cmd.command], ['admin', 'write memory']);
  const cmd2 = enriched("<165>%ASA-5-111010: User 'admin', running 'CLI' from IP 10.1.1.5, executed 'clear logging buffer'");
  assert.deepEqual([cmd2.user, cmd2.src_ip, cmd2.command], ['admin', '10.1.1.5', 'clear logging buffer']);
});
