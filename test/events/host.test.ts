import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventHost, isInternalAddress, ownAddresses } from '../../src/events/host.js';

test('eventHost: Computer for Windows, s-computername for W3C, never the HTTP Host header', () => {
  assert.equal(eventHost({ Computer: 'DC01.corp', host: 'x' }, { format: 'evtx' }), 'DC01.corp');
  assert.equal(eventHost({ 's-computername': 'WEB-IIS01', 's-ip': '172.16.10.11', 'cs-host': 'portal.example' }, { format: 'w3c' }), 'WEB-IIS01');
  assert.equal(eventHost({ 's-ip': '172.16.10.11' }, { format: 'w3c' }), '172.16.10.11');
  assert.equal(eventHost({ host: '2.58.242.231' }, { format: 'zeek' }), '');
  assert.equal(eventHost({ 'host.name': 'cdr-db01' }, { format: 'jsonl' }), 'cdr-db01');
  assert.equal(eventHost({}, { format: 'csv' }), '');
});

test('eventHost for Zeek: the local side of the connection, never the external attacker', () => {
  // Outbound from inside (DNS/HTTP client): the originator.
  assert.equal(eventHost({ 'id.orig_h': '172.16.10.12', 'id.resp_h': '2.58.242.231', host: '2.58.242.231' }, { format: 'zeek' }), '172.16.10.12');
  // Inbound from the internet to an internal server: the responder.
  assert.equal(eventHost({ 'id.orig_h': '2.58.242.230', 'id.resp_h': '172.16.10.12', local_orig: 'T' }, { format: 'zeek' }), '172.16.10.12');
  // Inbound to one of our public addresses: the responder, not the attacker.
  assert.equal(eventHost({ 'id.orig_h': '2.58.242.230', 'id.resp_h': '203.0.113.10' }, { format: 'zeek' }), '203.0.113.10');
  // Both inside: the originator (the client whose activity it is).
  assert.equal(eventHost({ 'id.orig_h': '10.30.1.77', 'id.resp_h': '10.20.0.10' }, { format: 'zeek' }), '10.30.1.77');
});

test('isInternalAddress: RFC 1918, CGNAT, loopback and IPv6 ULA', () => {
  for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '127.0.0.1', 'fd00::1']) assert.ok(isInternalAddress(a), a);
  for (const a of ['172.32.0.1', '8.8.8.8', '203.0.113.10', '100.128.0.1', '2001:db8::1', 'web01']) assert.ok(!isInternalAddress(a), a);
});

test('ownAddresses: W3C s-ip, the local end of a Sysmon connection, ECS host.ip; never shared addresses or Zeek', () => {
  assert.deepEqual(ownAddresses({ 's-computername': 'WEB01', 's-ip': '10.1.1.5', 'c-ip': '198.51.100.9' }, { format: 'w3c' }), ['10.1.1.5']);
  const sysmon = { EventID: 3, Computer: 'WEB01.corp.example', SourceIp: '10.1.1.5', DestinationIp: '198.51.100.9' };
  assert.deepEqual(ownAddresses({ ...sysmon, Initiated: true }, { format: 'jsonl' }), ['10.1.1.5']);
  assert.deepEqual(ownAddresses({ ...sysmon, Initiated: 'false', SourceIp: '198.51.100.9', DestinationIp: '10.1.1.5' }, { format: 'evtx' }), ['10.1.1.5']);
  assert.deepEqual(ownAddresses({ EventID: 4624, Computer: 'DC01', IpAddress: '10.1.1.5' }, { format: 'jsonl' }), []);
  assert.deepEqual(ownAddresses({ 'host.name': 'ws1', 'host.ip': ['10.30.1.77', 'fe80::1', '127.0.0.1'] }, { format: 'jsonl' }), ['10.30.1.77']);
  assert.deepEqual(ownAddresses({ 'id.orig_h': '10.1.1.5' }, { format: 'zeek' }), []);
});
