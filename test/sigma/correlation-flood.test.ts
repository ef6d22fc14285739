/**
 * A flood of distinct group-by values between an attacker's events must not stop a correlation
 * from firing: groups furthest from the condition are given up first, and the loss is reported as
 * an informational finding naming the rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Finding } from '../../src/findings/finding.js';
import { Correlator, parseCorrelationRule, type CorrelationInput, type CorrelationRule } from '../../src/sigma/correlation/index.js';
import { defaultCaps } from '../../src/sigma/correlation/default-caps.js';

const T0 = Date.parse('2019-03-04T10:00:00Z');
const BASE = ['5638f7c0-ac70-491d-8465-2a65075e0d86', 'failed_logon'];

const rule = (text: string): CorrelationRule => parseCorrelationRule(parse(text) as Record<string, unknown>, 'test/flood.yml');

const bruteForce = rule(`
title: Many failed logons from one address
id: 11111111-2222-4333-8444-555555555555
level: high
tags: [attack.credential-access, attack.t1110]
correlation: {type: event_count, rules: [failed_logon], group-by: [IpAddress], timespan: 1h, condition: {gte: 5}}
`);

const spray = rule(`
title: One address tries many accounts
id: 66666666-7777-4888-8999-000000000000
level: high
tags: [attack.credential-access, attack.t1110.003]
correlation: {type: value_count, rules: [failed_logon], group-by: [IpAddress], timespan: 1h, condition: {field: TargetUserName, gte: 5}}
`);

/**
 * Five attacker logons from 203.0.113.7 (accounts admin0..admin4), with `flood` logons from
 * distinct addresses (one account each) between every two of them, 10 ms apart.
 */
function floodedStream(flood: number): CorrelationInput[] {
  const out: CorrelationInput[] = [];
  let t = T0;
  let record = 0;
  let n = 0;
  const push = (ip: string, user: string): void => {
    out.push({ rules: BASE, time: (t += 10), fields: { IpAddress: ip, TargetUserName: user }, host: 'DC01', source: { path: 'security.json', record: ++record, format: 'json' } });
  };
  for (let a = 0; a < 5; a++) {
    push('203.0.113.7', `admin${a}`);
    if (a < 4) for (let i = 0; i < flood; i++, n++) push(`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, `user${n}`);
  }
  return out;
}

function run(r: CorrelationRule, inputs: CorrelationInput[], maxGroupsPerRule: number): { findings: Finding[]; problems: string[]; evicted: number } {
  const problems: string[] = [];
  const c = new Correlator([r], { onProblem: (p) => problems.push(p), maxGroupsPerRule });
  for (const i of inputs) c.feed(i);
  const findings: Finding[] = [];
  c.finish((f) => findings.push(f));
  return { findings, problems, evicted: c.stats().evictedGroups };
}

for (const r of [bruteForce, spray]) {
  test(`${r.type}: 150,000 distinct addresses between the attacker's events, cap 10,000: the rule still fires`, () => {
    const stream = floodedStream(37_500);
    assert.equal(stream.length, 150_005);
    const { findings, problems, evicted } = run(r, stream, 10_000);
    assert.ok(evicted >= 140_000, `evicted ${evicted}`);
    const fired = findings.filter((f) => f.rule.level === 'high');
    assert.equal(fired.length, 1);
    assert.equal(fired[0]!.matched['IpAddress'], '203.0.113.7');
    // The loss is a finding too, naming the rule, beside the stderr line.
    const warnings = findings.filter((f) => f.rule.level === 'informational');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.rule.id, r.id);
    assert.equal(warnings[0]!.matched['evicted_groups'], evicted);
    assert.match(String((warnings[0]!.event as Record<string, unknown>)['warning']), /groups furthest from the condition were given up unjudged because more than 10000 were open/);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, new RegExp(`correlation "${r.title}".*${evicted} groups furthest from the condition were dropped unjudged`));
  });
}

test('without a flood nothing is evicted and no warning finding appears', () => {
  const { findings, problems, evicted } = run(bruteForce, floodedStream(100), 10_000);
  assert.equal(evicted, 0);
  assert.deepEqual(findings.map((f) => f.rule.level), ['high']);
  assert.deepEqual(problems, []);
});

test('a group one event from its threshold outlives newer groups of equal and lower progress', () => {
  // Cap 4: attacker at 4 of 5 events, then 10 one-event groups; the attacker's fifth event fires.
  const inputs: CorrelationInput[] = [];
  let rec = 0;
  const at = (s: number, ip: string): CorrelationInput => ({ rules: BASE, time: T0 + s * 1000, fields: { IpAddress: ip }, host: 'DC01', source: { path: 's.json', record: ++rec, format: 'json' } });
  for (let i = 0; i < 4; i++) inputs.push(at(i, '203.0.113.7'));
  for (let i = 0; i < 10; i++) inputs.push(at(10 + i, `10.0.0.${i}`));
  inputs.push(at(30, '203.0.113.7'));
  const { findings, evicted } = run(bruteForce, inputs, 4);
  assert.ok(evicted > 0);
  assert.equal(findings.filter((f) => f.rule.level === 'high').length, 1);
});

test('default caps grow with memory and stay within bounds', () => {
  const small = defaultCaps(2 * 1024 ** 3);
  const big = defaultCaps(64 * 1024 ** 3);
  assert.ok(big.maxGroupsPerRule > small.maxGroupsPerRule);
  assert.ok(big.maxEntriesPerGroup >= small.maxEntriesPerGroup);
  assert.equal(defaultCaps(256 * 1024 ** 2).maxGroupsPerRule, 50_000);
  assert.equal(defaultCaps(1024 ** 4).maxGroupsPerRule, 4_000_000);
  assert.equal(small.maxGroupsPerRule, 262_144);
});
