import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventFields } from '../../../src/events/event.js';
import { fieldsWithout } from './parse-helper.js';

/** The fields an auth.log line gets, without the header fields every line has. */
function enriched(line: string): EventFields {
  return fieldsWithout(line, ['timestamp', 'host', 'program', 'pid', 'message']);
}

test('sshd logins: accepted and failed, password and publickey, invalid users', () => {
  assert.deepEqual(enriched('Mar  4 10:22:35 web01 sshd[2213]: Accepted publickey for alice from 203.0.113.7 port 50522 ssh2: RSA SHA256:Zk3Q0yQ7xYcAbC'), {
    action: 'login', outcome: 'success', auth_method: 'publickey', user: 'alice', src_ip: '203.0.113.7', src_port: 50522,
    key_type: 'RSA', key_fingerprint: 'SHA256:Zk3Q0yQ7xYcAbC',
  });
  assert.deepEqual(enriched('Mar  4 10:22:31 web01 sshd[2211]: Failed password for invalid user admin from 198.51.100.4 port 40022 ssh2'), {
    action: 'login', outcome: 'failure', auth_method: 'password', user: 'admin', src_ip: '198.51.100.4', src_port: 40022, invalid_user: true,
  });
  assert.deepEqual(enriched('Mar  4 10:22:31 web01 sshd[2211]: Failed password for root from 2001:db8::7 port 40022 ssh2'), {
    action: 'login', outcome: 'failure', auth_method: 'password', user: 'root', src_ip: '2001:db8::7', src_port: 40022,
  });
  assert.deepEqual(enriched('Mar  4 10:22:30 web01 sshd[2211]: Invalid user oracle from 198.51.100.4 port 40022'), {
    action: 'invalid_user', outcome: 'failure', invalid_user: true, user: 'oracle', src_ip: '198.51.100.4', src_port: 40022,
  });
});

test('sshd disconnects and closed connections', () => {
  assert.deepEqual(enriched('Mar  4 10:22:32 web01 sshd[2211]: Disconnected from authenticating user root 198.51.100.4 port 40022 [preauth]'), {
    action: 'disconnect', user: 'root', src_ip: '198.51.100.4', src_port: 40022,
  });
  assert.deepEqual(enriched('Mar  4 10:22:32 web01 sshd[2211]: Received disconnect from 198.51.100.4 port 40022:11: Bye Bye [preauth]'), {
    action: 'disconnect', src_ip: '198.51.100.4', src_port: 40022, reason_code: '11', reason: 'Bye Bye',
  });
  assert.deepEqual(enriched('Mar  4 10:22:32 web01 sshd[2211]: Connection closed by invalid user test 198.51.100.4 port 40022 [preauth]'), {
    action: 'connection_closed', user: 'test', src_ip: '198.51.100.4', src_port: 40022,
  });
});

test('pam_unix sessions and authentication failures, for any service', () => {
  assert.deepEqual(enriched('Mar  4 10:22:35 web01 sshd[2213]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)'), {
    pam_service: 'sshd', action: 'session_opened', user: 'alice', uid: '1000', by_uid: '0',
  });
  assert.deepEqual(enriched('Mar  4 10:30:01 web01 su[3120]: pam_unix(su:session): session opened for user root by alice(uid=1000)'), {
    pam_service: 'su', action: 'session_opened', user: 'root', by_user: 'alice', by_uid: '1000',
  });
  assert.deepEqual(enriched('Mar  4 10:22:31 web01 sshd[2211]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.4  user=root'), {
    pam_service: 'sshd', action: 'auth_failure', outcome: 'failure', src_ip: '198.51.100.4', user: 'root',
  });
});

test('sudo commands, successful and refused; COMMAND keeps its own " ; "', () => {
  assert.deepEqual(enriched('Mar  4 10:40:00 web01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh -c id ; whoami'), {
    action: 'sudo', outcome: 'success', user: 'alice', tty: 'pts/0', pwd: '/home/alice', target_user: 'root', command: '/bin/sh -c id ; whoami',
  });
  assert.deepEqual(enriched('Mar  4 10:41:00 web01 sudo:      bob : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow'), {
    action: 'sudo', outcome: 'failure', reason: 'user NOT in sudoers', user: 'bob', tty: 'pts/1', pwd: '/home/bob', target_user: 'root', command: '/usr/bin/cat /etc/shadow',
  });
  // Other sudo messages are left as text.
  assert.deepEqual(enriched('Mar  4 10:41:00 web01 sudo: pam_unix(sudo:auth): conversation failed'), {});
});

test('messages of other programs are not enriched by look-alike text', () => {
  assert.deepEqual(enriched('Mar  4 10:22:31 web01 myapp[1]: Accepted password for alice from 203.0.113.7 port 50522 ssh2'), {});
});
