import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostEvidence, resolveHosts, type HostEvidenceData } from '../../src/events/host-directory.js';
import { seededRandom } from '../../scripts/seeded-random.js';

/** Evidence as a hunt over several machines' logs would gather it. */
const observations: [string, string[]][] = [
  ['WEB-IIS01', ['172.16.10.11']], // W3C: s-computername + s-ip
  ['WEB-IIS01.corp.nordtel.example', []], // Windows logs
  ['172.16.10.11', []], // Zeek: local side
  ['APP-JBOSS02.corp.nordtel.example', ['172.16.10.12']], // Sysmon 3 SourceIp
  ['172.16.10.12', []],
  ['DC01.corp.nordtel.example', []],
  ['10.20.0.10', []], // nobody claims it
  ['web01.a.example', []], ['web01.b.example', []], ['web01', []], // ambiguous short name
  ['NAS01', ['10.9.9.9']], ['NAS02', ['10.9.9.9']], // an address two machines claim
];

function gather(obs: [string, string[]][]): HostEvidenceData {
  const e = new HostEvidence();
  for (const [h, a] of obs) e.observe(h, a);
  return e.toData();
}

test('a short name, its FQDN and the address its own logs show resolve to one canonical host', () => {
  const d = resolveHosts(gather(observations));
  for (const v of ['WEB-IIS01', 'WEB-IIS01.corp.nordtel.example', '172.16.10.11', 'web-iis01']) {
    assert.deepEqual(d.resolve(v), { host: 'WEB-IIS01.corp.nordtel.example', aliases: ['172.16.10.11', 'WEB-IIS01'] }, v);
  }
  assert.deepEqual(d.resolve('172.16.10.12'), { host: 'APP-JBOSS02.corp.nordtel.example', aliases: ['172.16.10.12'] });
  assert.deepEqual(d.resolve('DC01.corp.nordtel.example'), { host: 'DC01.corp.nordtel.example', aliases: [] });
});

test('nothing is joined on ambiguous evidence: two FQDNs for one short name, one address claimed by two machines', () => {
  const d = resolveHosts(gather(observations));
  assert.equal(d.resolve('web01').host, 'web01');
  assert.equal(d.resolve('web01.a.example').host, 'web01.a.example');
  assert.equal(d.resolve('10.9.9.9').host, '10.9.9.9');
  assert.deepEqual(d.resolve('NAS01'), { host: 'NAS01', aliases: [] });
  assert.deepEqual(d.resolve('10.20.0.10'), { host: '10.20.0.10', aliases: [] });
  assert.deepEqual(d.resolve('never-seen'), { host: 'never-seen', aliases: [] });
});

test('the result does not depend on the order evidence arrives in or how it is split between workers', () => {
  const expected = resolveHosts(gather(observations));
  const values = [...new Set(observations.flatMap(([h, a]) => [h, ...a]))];
  const rand = seededRandom(7);
  for (let round = 0; round < 20; round++) {
    const shuffled = [...observations].sort(() => rand() - 0.5);
    // Split into per-worker evidence, posted as plain data and merged in any order.
    const cut = Math.floor(rand() * shuffled.length);
    const merged = new HostEvidence();
    for (const part of rand() < 0.5 ? [shuffled.slice(0, cut), shuffled.slice(cut)] : [shuffled.slice(cut), shuffled.slice(0, cut)]) {
      merged.merge(JSON.parse(JSON.stringify(gather(part))) as HostEvidenceData);
    }
    const d = resolveHosts(merged.toData());
    for (const v of values) assert.deepEqual(d.resolve(v), expected.resolve(v), `round ${round}: ${v}`);
  }
});
