import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { EventFields } from '../../src/events/event.js';
import type { Finding } from '../../src/findings/finding.js';
import { seededRandom as rng } from '../../scripts/seeded-random.js';
import {
  Correlator, parseCorrelationRule, percentileOf, type CorrelationInput, type CorrelationRule,
  type CorrelatorOptions,
} from '../../src/sigma/correlation/index.js';

const T0 = Date.parse('2019-03-04T10:00:00Z');
const sec = (s: number): number => T0 + s * 1000;

function rule(yamlText: string, path = 'test/mr.yml'): CorrelationRule {
  return parseCorrelationRule(parse(yamlText) as Record<string, unknown>, path);
}

/** Base rules the inputs claim to have matched: [id, name]. */
const BASE: Record<string, [string, string]> = {
  failed: ['5638f7c0-ac70-491d-8465-2a65075e0d86', 'failed_logon'],
  success: ['b2a3c4d5-0000-4000-8000-000000000002', 'successful_logon'],
  a: ['00000000-0000-4000-8000-00000000000a', 'recon_a'],
  b: ['00000000-0000-4000-8000-00000000000b', 'recon_b'],
  c: ['00000000-0000-4000-8000-00000000000c', 'recon_c'],
  traffic: ['00000000-0000-4000-8000-0000000000ff', 'traffic'],
};

let record = 0;
function input(base: keyof typeof BASE, seconds: number, fields: EventFields, path = 'logs/security.json', host = 'DC01'): CorrelationInput {
  return { rules: [...BASE[base]!], time: sec(seconds), fields, host, source: { path, record: ++record, format: 'json' } };
}

function run(rules: CorrelationRule[], inputs: CorrelationInput[], options?: CorrelatorOptions): { findings: Finding[]; correlator: Correlator } {
  const correlator = new Correlator(rules, { onProblem: () => {}, ...options });
  for (const i of inputs) correlator.feed(i);
  const findings: Finding[] = [];
  correlator.finish((f) => findings.push(f));
  return { findings, correlator };
}

const bruteForce = rule(`
title: Many failed logons from one source
id: 0e95725d-7320-415d-80f7-004da920fc11
name: many_failed
level: high
tags: [attack.credential-access, attack.t1110]
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [User]
  timespan: 5m
  condition: {gte: 3}
`);

test('event_count fires at the event that completes the count, per group', () => {
  const { findings } = run([bruteForce], [
    input('failed', 0, { User: 'alice' }),
    input('failed', 10, { User: 'bob' }),
    input('failed', 20, { User: 'alice' }),
    input('failed', 30, { User: 'bob' }),
    input('failed', 40, { User: 'alice' }),
  ]);
  assert.equal(findings.length, 1);
  const f = findings[0]!;
  assert.equal(f.ts, new Date(sec(40)).toISOString());
  assert.equal(f.detector, 'sigma');
  assert.deepEqual(f.rule, { id: '0e95725d-7320-415d-80f7-004da920fc11', title: 'Many failed logons from one source', level: 'high' });
  assert.deepEqual(f.attack, ['T1110']);
  assert.deepEqual(f.matched, { User: 'alice', count: 3 });
  assert.equal(f.host, 'DC01');
  const ev = f.event as Record<string, unknown>;
  assert.equal(ev['correlation'], 'event_count');
  assert.deepEqual(ev['group'], { User: 'alice' });
  assert.equal(ev['first'], new Date(sec(0)).toISOString());
  assert.equal(ev['last'], new Date(sec(40)).toISOString());
  assert.equal((ev['sources'] as unknown[]).length, 3);
  assert.equal(f.source, (ev['sources'] as unknown[])[2]);
});

test('event_count emits once per window firing, then needs a fresh set of events', () => {
  const inputs = Array.from({ length: 7 }, (_, i) => input('failed', i * 10, { User: 'alice' }));
  const { findings } = run([bruteForce], inputs);
  assert.deepEqual(findings.map((f) => f.ts), [sec(20), sec(50)].map((t) => new Date(t).toISOString()));
});

test('timespan is inclusive: exactly one timespan apart is inside, one millisecond more is not', () => {
  const pair = rule(`
title: Two failures
correlation: {type: event_count, rules: [failed_logon], group-by: [User], timespan: 5m, condition: {gte: 2}}
`);
  const at = (ms: number): CorrelationInput => ({ ...input('failed', 0, { User: 'u' }), time: T0 + ms });
  assert.equal(run([pair], [at(0), at(300_000)]).findings.length, 1);
  assert.equal(run([pair], [at(0), at(300_001)]).findings.length, 0);
  // Closed windows (upper-bounded condition) use the same boundary.
  const exact = rule(`
title: Exactly two failures
correlation: {type: event_count, rules: [failed_logon], group-by: [User], timespan: 5m, condition: {eq: 2}}
`);
  assert.equal(run([exact], [at(0), at(300_000)]).findings.length, 1);
  const split = run([exact], [at(0), at(300_001)]);
  assert.equal(split.findings.length, 0, 'two windows of one event each');
});

test('value_count counts distinct values of the field; repeats and missing values do not count', () => {
  const spray = rule(`
title: Password spray
correlation:
  type: value_count
  rules: [failed_logon]
  group-by: [IpAddress]
  timespan: 1h
  condition: {field: TargetUserName, gte: 3}
`);
  const { findings, correlator } = run([spray], [
    input('failed', 0, { IpAddress: '10.0.0.5', TargetUserName: 'alice' }),
    input('failed', 1, { IpAddress: '10.0.0.5', TargetUserName: 'alice' }),
    input('failed', 2, { IpAddress: '10.0.0.5', TargetUserName: 'bob' }),
    input('failed', 3, { IpAddress: '10.0.0.5' }),
    input('failed', 4, { IpAddress: '10.0.0.9', TargetUserName: 'carol' }),
    input('failed', 5, { IpAddress: '10.0.0.5', TargetUserName: 'carol' }),
  ]);
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0]!.matched, { IpAddress: '10.0.0.5', value_count: 3 });
  assert.deepEqual((findings[0]!.event as Record<string, unknown>)['values'], ['alice', 'bob', 'carol']);
  assert.equal(correlator.stats().missingValue, 1);
  assert.match(correlator.problems().join('\n'), /1 matching events have no value in TargetUserName/);
});

test('value_count over a sliding window forgets values older than the timespan', () => {
  const spray = rule(`
title: Spray
correlation: {type: value_count, rules: [failed_logon], group-by: [IpAddress], timespan: 1m, condition: {field: TargetUserName, gte: 3}}
`);
  const { findings } = run([spray], [
    input('failed', 0, { IpAddress: 'x', TargetUserName: 'a' }),
    input('failed', 50, { IpAddress: 'x', TargetUserName: 'b' }),
    input('failed', 61, { IpAddress: 'x', TargetUserName: 'c' }),
  ]);
  assert.equal(findings.length, 0, '"a" left the window before "c" came');
});

const recon = rule(`
title: Recon commands
id: 11111111-1111-4111-8111-111111111111
correlation:
  type: temporal
  rules: [recon_a, recon_b, recon_c]
  group-by: [Computer, User]
  timespan: 5m
`);

test('temporal: all referenced rules within the timespan, any order, same group', () => {
  const { findings } = run([recon], [
    input('c', 0, { Computer: 'WEB01', User: 'x' }),
    input('a', 60, { Computer: 'WEB01', User: 'x' }),
    input('a', 70, { Computer: 'WEB02', User: 'x' }),
    input('b', 120, { Computer: 'WEB01', User: 'x' }),
  ], );
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.host, 'WEB01', 'host taken from the Computer group field');
  assert.deepEqual(findings[0]!.matched, { Computer: 'WEB01', User: 'x', count: 3, rules: ['recon_a', 'recon_b', 'recon_c'] });
  const late = run([recon], [
    input('c', 0, { Computer: 'WEB01', User: 'x' }),
    input('a', 60, { Computer: 'WEB01', User: 'x' }),
    input('b', 301, { Computer: 'WEB01', User: 'x' }),
  ]);
  assert.equal(late.findings.length, 0, 'recon_c fell out of the window');
});

test('temporal with a count condition and with a boolean condition', () => {
  const twoOfThree = rule(`
title: Two of three
correlation: {type: temporal, rules: [recon_a, recon_b, recon_c], group-by: [User], timespan: 5m, condition: {gte: 2}}
`);
  assert.equal(run([twoOfThree], [input('a', 0, { User: 'x' }), input('c', 10, { User: 'x' })]).findings.length, 1);

  const aNotB = rule(`
title: A without B
correlation: {type: temporal, rules: [recon_a, recon_b], group-by: [User], timespan: 5m, condition: recon_a AND NOT recon_b}
`);
  const r = run([aNotB], [
    input('a', 0, { User: 'x' }),
    input('a', 0, { User: 'y' }),
    input('b', 100, { User: 'y' }),
  ]);
  assert.deepEqual(r.findings.map((f) => f.matched['User']), ['x'], 'judged on the closed window: y saw recon_b');
  assert.equal(r.findings[0]!.ts, new Date(sec(0)).toISOString());

  const aOrB = rule(`
title: A or B
correlation: {type: temporal, rules: [recon_a, recon_b], group-by: [User], timespan: 5m, condition: recon_a or recon_b}
`);
  assert.equal(run([aOrB], [input('b', 0, { User: 'x' })]).findings.length, 1);
});

test('temporal_ordered: the rules must be seen in the listed order', () => {
  const ordered = rule(`
title: A then B then C
correlation: {type: temporal_ordered, rules: [recon_a, recon_b, recon_c], group-by: [User], timespan: 10m}
`);
  const inOrder = run([ordered], [
    input('a', 0, { User: 'x' }), input('b', 60, { User: 'x' }), input('c', 120, { User: 'x' }),
  ]);
  assert.equal(inOrder.findings.length, 1);
  const ev = inOrder.findings[0]!.event as Record<string, unknown>;
  assert.equal((ev['sources'] as unknown[]).length, 3);
  assert.equal(ev['first'], new Date(sec(0)).toISOString());

  assert.equal(run([ordered], [
    input('b', 0, { User: 'x' }), input('a', 60, { User: 'x' }), input('c', 120, { User: 'x' }),
  ]).findings.length, 0, 'b before a');

  // A later a restarts the chain; the chain a(200) b(300) c(400) is complete.
  assert.equal(run([ordered], [
    input('b', 0, { User: 'x' }), input('a', 200, { User: 'x' }), input('b', 300, { User: 'x' }), input('c', 400, { User: 'x' }),
  ]).findings.length, 1);

  // The whole chain must fit in the timespan.
  assert.equal(run([ordered], [
    input('a', 0, { User: 'x' }), input('b', 500, { User: 'x' }), input('c', 601, { User: 'x' }),
  ]).findings.length, 0);
});

test('value_sum adds numeric values (numbers or digit strings) and skips the rest', () => {
  const exfil = rule(`
title: Large upload
correlation: {type: value_sum, rules: [traffic], group-by: [SourceIp], timespan: 1h, condition: {field: BytesSent, gt: 1000000}}
`);
  const { findings, correlator } = run([exfil], [
    input('traffic', 0, { SourceIp: '10.1.1.1', BytesSent: 600000 }),
    input('traffic', 10, { SourceIp: '10.1.1.1', BytesSent: 'n/a' }),
    input('traffic', 20, { SourceIp: '10.1.1.2', BytesSent: 900000 }),
    input('traffic', 30, { SourceIp: '10.1.1.1', BytesSent: '500000' }),
  ]);
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0]!.matched, { SourceIp: '10.1.1.1', sum: 1100000 });
  assert.equal(findings[0]!.ts, new Date(sec(30)).toISOString());
  assert.equal(correlator.stats().missingValue, 1);
});

test('value_avg is judged on the closed window, not on its first events', () => {
  const avg = rule(`
title: High average
correlation: {type: value_avg, rules: [traffic], group-by: [SourceIp], timespan: 10m, condition: {field: BytesOut, gt: 500}}
`);
  const { findings } = run([avg], [
    // Group a: 2000 then small values: average 575 over the window → fires at its last event.
    input('traffic', 0, { SourceIp: 'a', BytesOut: 2000 }),
    input('traffic', 60, { SourceIp: 'a', BytesOut: 100 }),
    input('traffic', 120, { SourceIp: 'a', BytesOut: 100 }),
    input('traffic', 180, { SourceIp: 'a', BytesOut: 100 }),
    // Group b: one big value then many small: average 380 → no finding, though the first event alone is 2000.
    input('traffic', 0, { SourceIp: 'b', BytesOut: 2000 }),
    ...[1, 2, 3, 4].map((i) => input('traffic', i * 60, { SourceIp: 'b', BytesOut: -25 })),
  ]);
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0]!.matched, { SourceIp: 'a', avg: 575 });
  assert.equal(findings[0]!.ts, new Date(sec(180)).toISOString());
  assert.equal((findings[0]!.event as Record<string, unknown>)['events'], 4);
});

test('percentiles interpolate between closest ranks', () => {
  assert.equal(percentileOf([1, 2, 3, 4], 50), 2.5);
  assert.ok(Math.abs(percentileOf([1, 2, 3, 4], 90) - 3.7) < 1e-9);
  assert.equal(percentileOf([7], 95), 7);
  assert.equal(percentileOf([10, 20, 30], 100), 30);
  assert.equal(percentileOf([10, 20, 30], 0), 10);
});

test('value_percentile and value_median compare the chosen percentile of the window', () => {
  const p90 = rule(`
title: Slow p90
correlation: {type: value_percentile, rules: [traffic], group-by: [Service], timespan: 15m, condition: {field: Latency, percentile: 90, gte: 900}}
`);
  const median = rule(`
title: Slow median
correlation: {type: value_median, rules: [traffic], group-by: [Service], timespan: 15m, condition: {field: Latency, gte: 900}}
`);
  // Ten values 100..1000: p90 = 910, median = 550.
  const inputs = Array.from({ length: 10 }, (_, i) => input('traffic', i * 10, { Service: 'api', Latency: (i + 1) * 100 }));
  const r = run([p90, median], inputs);
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0]!.rule.title, 'Slow p90');
  assert.equal(r.findings[0]!.matched['percentile'], 910);
  const medianHigh = rule(`
title: Median ok
correlation: {type: value_median, rules: [traffic], group-by: [Service], timespan: 15m, condition: {field: Latency, gte: 500}}
`);
  const m = run([medianHigh], inputs);
  assert.deepEqual(m.findings.map((f) => f.matched['median']), [550]);
});

test('eq, neq, lt and ranges are judged on closed windows', () => {
  const make = (cond: string): CorrelationRule => rule(`
title: "cond ${cond}"
correlation: {type: event_count, rules: [failed_logon], group-by: [User], timespan: 5m, condition: ${cond}}
`);
  const inputs = [
    ...[0, 10, 20].map((s) => input('failed', s, { User: 'three' })),
    ...[0, 10, 20, 30].map((s) => input('failed', s, { User: 'four' })),
    input('failed', 0, { User: 'one' }),
    ...[0, 10, 20, 30, 40, 50].map((s) => input('failed', s, { User: 'six' })),
  ];
  const users = (cond: string): string[] => run([make(cond)], inputs).findings.map((f) => String(f.matched['User'])).sort();
  assert.deepEqual(users('{eq: 3}'), ['three']);
  assert.deepEqual(users('{neq: 3}'), ['four', 'one', 'six']);
  assert.deepEqual(users('{lt: 2}'), ['one']);
  assert.deepEqual(users('{lte: 3}'), ['one', 'three']);
  assert.deepEqual(users('{gt: 2, lte: 4}'), ['four', 'three']);
  assert.deepEqual(users('{gte: 4}'), ['four', 'six']);
  const four = run([make('{gt: 2, lte: 4}')], inputs).findings.find((f) => f.matched['User'] === 'four')!;
  assert.equal(four.ts, new Date(sec(30)).toISOString(), 'closed window: ts is its last event');
  assert.equal(four.matched['count'], 4);
});

test('aliases map differently named fields of different rules to one group', () => {
  const net = rule(`
title: Internal error then connection back
correlation:
  type: temporal
  rules: [recon_a, recon_b]
  group-by: [internal_ip, remote_ip]
  timespan: 10s
  aliases:
    internal_ip: {recon_a: destination.ip, recon_b: source.ip}
    remote_ip: {recon_a: source.ip, recon_b: destination.ip}
`);
  const { findings } = run([net], [
    input('a', 0, { 'source.ip': '203.0.113.7', 'destination.ip': '10.0.0.1' }),
    input('b', 5, { 'source.ip': '10.0.0.1', 'destination.ip': '203.0.113.7' }),
    input('a', 100, { 'source.ip': '203.0.113.7', 'destination.ip': '10.0.0.1' }),
    input('b', 105, { 'source.ip': '203.0.113.7', 'destination.ip': '10.0.0.1' }),
  ]);
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0]!.matched, { internal_ip: '10.0.0.1', remote_ip: '203.0.113.7', count: 2, rules: ['recon_a', 'recon_b'] });
  const c = new Correlator([net]);
  assert.deepEqual(c.neededFields, ['destination.ip', 'internal_ip', 'remote_ip', 'source.ip']);
});

test('rules are referenced by id or by name; other rules are ignored', () => {
  const byId = rule(`
title: By id
correlation: {type: event_count, rules: [5638f7c0-ac70-491d-8465-2a65075e0d86], group-by: [User], timespan: 5m, condition: {gte: 2}}
`);
  const inputs = [input('failed', 0, { User: 'u' }), input('success', 1, { User: 'u' }), input('failed', 2, { User: 'u' })];
  const r = run([byId, bruteForce], inputs);
  assert.deepEqual(r.findings.map((f) => f.rule.title), ['By id']);
  assert.equal(r.correlator.stats().ignored, 1);
});

test('chained correlations: a correlation can reference another one; generate controls its own findings', () => {
  const followed = (generate: boolean): CorrelationRule => rule(`
title: Brute force followed by success
id: 22222222-2222-4222-8222-222222222222
correlation:
  type: temporal_ordered
  rules: [many_failed, successful_logon]
  group-by: [User]
  timespan: 1h
  generate: ${generate}
`);
  const inputs = [
    input('success', 5, { User: 'alice' }),
    ...[0, 10, 20].map((s) => input('failed', s, { User: 'alice' })),
    input('success', 600, { User: 'alice' }),
    ...[0, 10, 20].map((s) => input('failed', s, { User: 'bob' })),
  ];
  const quiet = run([bruteForce, followed(false)], inputs);
  assert.deepEqual(quiet.findings.map((f) => [f.rule.title, f.matched['User']]), [['Brute force followed by success', 'alice']]);
  assert.equal(quiet.findings[0]!.ts, new Date(sec(600)).toISOString());
  const sources = (quiet.findings[0]!.event as Record<string, unknown>)['sources'] as { record: number }[];
  assert.equal(sources.length, 4, 'the three failures behind the inner firing, then the success');
  assert.equal(sources[3], quiet.findings[0]!.source);
  assert.equal(quiet.correlator.generatesStandalone(BASE.success!), false);
  const loud = run([followed(true), bruteForce], inputs);
  assert.deepEqual(loud.findings.map((f) => `${f.rule.title}/${f.matched['User']}`).sort(),
    ['Brute force followed by success/alice', 'Many failed logons from one source/alice', 'Many failed logons from one source/bob']);
  assert.equal(loud.correlator.generatesStandalone(BASE.success!), true);
});

test('chaining through a closed-window rule keeps time order', () => {
  const exactlyTwo = rule(`
title: Exactly two failures
name: two_failures
correlation: {type: event_count, rules: [failed_logon], group-by: [User], timespan: 5m, condition: {eq: 2}}
`);
  const thenSuccess = rule(`
title: Two failures then success
correlation: {type: temporal_ordered, rules: [two_failures, successful_logon], group-by: [User], timespan: 10m}
`);
  const inputs = [
    input('failed', 0, { User: 'u' }),
    input('failed', 30, { User: 'u' }),
    input('success', 60, { User: 'u' }),
    input('failed', 1000, { User: 'v' }),
    input('failed', 1010, { User: 'v' }),
    input('failed', 1020, { User: 'v' }),
    input('success', 1030, { User: 'v' }),
  ];
  for (const capacity of [0, 3, 1000]) {
    const r = run([thenSuccess, exactlyTwo], inputs, { reorderCapacity: capacity });
    assert.deepEqual(r.findings.map((f) => f.matched['User']), ['u'], `capacity ${capacity}`);
    assert.equal(r.findings[0]!.ts, new Date(sec(60)).toISOString());
  }
});

test('reference cycles are rejected', () => {
  const a = rule(`
title: A
name: corr_a
correlation: {type: event_count, rules: [corr_b], timespan: 5m, condition: {gte: 1}}
`);
  const b = rule(`
title: B
name: corr_b
correlation: {type: event_count, rules: [corr_a], timespan: 5m, condition: {gte: 1}}
`);
  assert.throws(() => new Correlator([a, b]), /reference cycle: "A" → "B" → "A"|reference cycle: "B" → "A" → "B"/);
  const self = rule(`
title: Self
name: me
correlation: {type: event_count, rules: [me], timespan: 5m, condition: {gte: 1}}
`);
  assert.throws(() => new Correlator([self]), /references itself/);
});

/** Deterministic pseudo-random numbers (mulberry32). */
const mixedRules = [
  bruteForce,
  recon,
  rule(`
title: Ordered
correlation: {type: temporal_ordered, rules: [recon_a, recon_b], group-by: [User], timespan: 2m}
`),
  rule(`
title: Spray
correlation: {type: value_count, rules: [failed_logon], group-by: [Computer], timespan: 3m, condition: {field: User, gte: 3}}
`),
  rule(`
title: Avg
correlation: {type: value_avg, rules: [traffic], group-by: [User], timespan: 4m, condition: {field: Bytes, gt: 600}}
`),
  rule(`
title: Exactly four
correlation: {type: event_count, rules: [failed_logon, recon_a], group-by: [User], timespan: 90s, condition: {eq: 4}}
`),
  rule(`
title: Sum then recon
name: sum_big
correlation: {type: value_sum, rules: [traffic], group-by: [User], timespan: 5m, condition: {field: Bytes, gte: 2500}}
`),
  rule(`
title: Chain
correlation: {type: temporal_ordered, rules: [sum_big, recon_c], group-by: [User], timespan: 10m, generate: true}
`),
];

function randomStream(seed: number, n: number): CorrelationInput[] {
  const r = rng(seed);
  const kinds: (keyof typeof BASE)[] = ['failed', 'a', 'b', 'c', 'traffic'];
  const out: CorrelationInput[] = [];
  for (let i = 0; i < n; i++) {
    const kind = kinds[Math.floor(r() * kinds.length)]!;
    const file = `logs/host${Math.floor(r() * 4)}.json`;
    out.push({
      rules: [...BASE[kind]!],
      time: T0 + Math.floor(r() * 3_600_000),
      fields: {
        User: `user${Math.floor(r() * 6)}`,
        Computer: `HOST${Math.floor(r() * 3)}`,
        Bytes: Math.floor(r() * 1200),
      },
      host: 'H',
      source: { path: file, record: i + 1, format: 'json' },
    });
  }
  return out;
}

test('out-of-order input gives the same findings as input sorted by time', () => {
  const stream = randomStream(42, 3000);
  const sorted = [...stream].sort((a, b) => a.time - b.time || (a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : a.source.record - b.source.record));
  const expected = run(mixedRules, sorted).findings;
  assert.ok(expected.length > 20, `the stream should fire many rules (got ${expected.length})`);
  assert.ok(new Set(expected.map((f) => f.rule.title)).size >= 6, 'most rule types fire');
  const shuffled = [...stream];
  const r = rng(7);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  for (const [name, order] of [['shuffled', shuffled], ['reversed', [...sorted].reverse()], ['as generated', stream]] as const) {
    const got = run(mixedRules, [...order]).findings;
    assert.deepEqual(got, expected, name);
  }
  // Sorted input needs no buffer at all; shuffled input without a buffer differs, and says so.
  assert.deepEqual(run(mixedRules, sorted, { reorderCapacity: 0 }).findings, expected);
  const unbuffered = run(mixedRules, shuffled, { reorderCapacity: 0 });
  assert.notDeepEqual(unbuffered.findings, expected);
  assert.ok(unbuffered.correlator.stats().late + unbuffered.correlator.stats().lateDropped > 1000);
});

test('input older than the reorder buffer allows is counted and reported, never silent', () => {
  const inputs = [
    ...[100, 110, 120, 130].map((s) => input('failed', s, { User: 'u' })),
    input('failed', 95, { User: 'u' }),
    input('failed', 5000, { User: 'u' }),
    input('failed', 5001, { User: 'u' }),
    input('failed', 0, { User: 'u' }),
    { ...input('failed', 0, { User: 'u' }), time: NaN },
  ];
  const { correlator } = run([bruteForce], inputs, { reorderCapacity: 1 });
  const s = correlator.stats();
  assert.equal(s.late, 1, 'the 95 s event was within a timespan of the stream position');
  assert.equal(s.lateDropped, 1, 'the 0 s event came after the stream reached 5000 s');
  assert.equal(s.noTime, 1);
  const text = correlator.problems().join('\n');
  assert.match(text, /1 events arrived after 1 later events had filled the reorder buffer/);
  assert.match(text, /1 events arrived after the reorder buffer had moved more than the longest timespan past them/);
  assert.match(text, /1 matching events carry no time/);
  const seen: string[] = [];
  const c = new Correlator([bruteForce], { reorderCapacity: 1, onProblem: (p) => seen.push(p) });
  for (const i of inputs) c.feed(i);
  c.finish(() => {});
  assert.equal(seen.length, 3);
});

test('events lacking a group-by field are not counted and are reported', () => {
  const { findings, correlator } = run([bruteForce], [
    input('failed', 0, { User: 'u' }), input('failed', 1, {}), input('failed', 2, { User: null }), input('failed', 3, { User: 'u' }),
  ]);
  assert.equal(findings.length, 0);
  assert.equal(correlator.stats().missingGroupField, 2);
  assert.match(correlator.problems()[0]!, /Many failed logons from one source.*test\/mr\.yml.*2 matching events lack a group-by field \(User\)/);
});

test('no group-by: one group for all events; host falls back to the last input', () => {
  const any = rule(`
title: Any three
correlation: {type: event_count, rules: [failed_logon], timespan: 1m, condition: {gte: 3}}
`);
  const { findings } = run([any], [
    input('failed', 0, { User: 'a' }, 'x.json', 'H1'), input('failed', 1, { User: 'b' }, 'x.json', 'H2'), input('failed', 2, {}, 'y.json', 'H3'),
  ]);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.host, 'H3');
  assert.equal(findings[0]!.source.path, 'y.json');
  assert.deepEqual(findings[0]!.matched, { count: 3 });
});

test('memory stays bounded over a long stream with many groups', () => {
  const wide = rule(`
title: Never fires
correlation: {type: event_count, rules: [failed_logon], group-by: [User], timespan: 1m, condition: {gte: 1000000}}
`);
  const sums = rule(`
title: Sums
correlation: {type: value_sum, rules: [failed_logon], group-by: [Computer], timespan: 1m, condition: {field: Bytes, gt: 1e15}}
`);
  const avg = rule(`
title: Averages
correlation: {type: value_percentile, rules: [failed_logon], group-by: [User], timespan: 1m, condition: {field: Bytes, gt: 1e15}}
`);
  const c = new Correlator([wide, sums, avg], { reorderCapacity: 2000 });
  let maxGroups = 0, maxEntries = 0, maxBuffered = 0;
  const total = 200_000;
  for (let i = 0; i < total; i++) {
    // 10 events per second; users rotate so that 50,000 distinct users appear over the stream.
    c.feed({
      rules: [...BASE.failed!], time: T0 + i * 100,
      fields: { User: `user${Math.floor(i / 4) % 50_000}`, Computer: `H${i % 7}`, Bytes: i % 1000 },
      host: 'H', source: { path: 'big.json', record: i + 1, format: 'json' },
    });
    if (i % 5000 === 0) {
      const s = c.stats();
      maxGroups = Math.max(maxGroups, s.groups);
      maxEntries = Math.max(maxEntries, s.retainedEntries);
      maxBuffered = Math.max(maxBuffered, s.buffered);
    }
  }
  // One minute at 10 events/s is 600 events, 150 users: state stays near that, never near 50,000.
  assert.ok(maxBuffered <= 2000, `buffer ${maxBuffered}`);
  assert.ok(maxGroups < 2 * (150 + 2000 / 4) + 7, `groups ${maxGroups}`);
  assert.ok(maxEntries < 10_000, `entries ${maxEntries}`);
  c.finish(() => {});
  assert.equal(c.stats().groups, 0);
});

test('per-rule group and per-group entry caps drop the oldest and say so', () => {
  const big = rule(`
title: Sum cap
correlation: {type: value_sum, rules: [traffic], group-by: [User], timespan: 1d, condition: {field: Bytes, gt: 1e12}}
`);
  const inputs = Array.from({ length: 500 }, (_, i) => input('traffic', i, { User: `u${i % 50}`, Bytes: 1 }));
  const { correlator } = run([big], inputs, { maxGroupsPerRule: 20, maxEntriesPerGroup: 3 });
  const s = correlator.stats();
  assert.ok(s.evictedGroups > 0);
  const text = correlator.problems().join('\n');
  assert.match(text, /groups furthest from the condition were dropped unjudged because more than 20 were open at once/);
  const one = run([big], inputs.filter((i) => i.fields['User'] === 'u1'), { maxEntriesPerGroup: 3 });
  assert.match(one.correlator.problems().join('\n'), /7 events were left out of windows holding more than 3 entries/);
});

test('a small buffer is enough when disorder is local (two workers interleaving files)', () => {
  const stream = randomStream(11, 2000);
  const key = (a: CorrelationInput, b: CorrelationInput): number =>
    a.time - b.time || (a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : a.source.record - b.source.record);
  const sorted = [...stream].sort(key);
  const expected = run(mixedRules, sorted).findings;
  // Swap neighbours in blocks of 20: no input is more than 20 places from its sorted position.
  const jittered: CorrelationInput[] = [];
  for (let i = 0; i < sorted.length; i += 20) jittered.push(...sorted.slice(i, i + 20).reverse());
  const small = run(mixedRules, jittered, { reorderCapacity: 25 });
  assert.deepEqual(small.findings, expected);
  assert.equal(small.correlator.stats().late, 0);
  const tooSmall = run(mixedRules, jittered, { reorderCapacity: 5 });
  assert.ok(tooSmall.correlator.stats().late > 0, 'a buffer smaller than the disorder reports late inputs');
});

test('without an onProblem callback, problems become process warnings', async () => {
  const warnings: string[] = [];
  const listener = (w: Error): void => { if (w.name === 'CorrelationWarning') warnings.push(w.message); };
  process.on('warning', listener);
  try {
    const c = new Correlator([bruteForce]);
    c.feed({ ...input('failed', 0, { User: 'u' }), time: NaN });
    c.finish(() => {});
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  assert.deepEqual(warnings, ['correlation: 1 matching events carry no time and were not correlated']);
});

test('temporal_ordered with a boolean condition: a name stands for the ordered chain up to it', () => {
  const ordered = rule(`
title: A then B, or A then B then C
correlation: {type: temporal_ordered, rules: [recon_a, recon_b, recon_c], group-by: [User], timespan: 10m, condition: recon_a and recon_b and not recon_c}
`);
  const users = (inputs: CorrelationInput[]): unknown[] => run([ordered], inputs).findings.map((f) => f.matched['User']);
  assert.deepEqual(users([input('a', 0, { User: 'x' }), input('b', 10, { User: 'x' })]), ['x']);
  assert.deepEqual(users([input('b', 0, { User: 'x' }), input('a', 10, { User: 'x' })]), [], 'b before a is no chain');
  assert.deepEqual(users([input('a', 0, { User: 'x' }), input('b', 10, { User: 'x' }), input('c', 20, { User: 'x' })]), [], 'the full chain is excluded');
  assert.deepEqual(users([input('a', 0, { User: 'x' }), input('c', 5, { User: 'x' }), input('b', 10, { User: 'x' })]), ['x'], 'c before b does not extend the chain');
});

test('value_count over several fields counts distinct combinations; aliases apply to the field too', () => {
  const pairs = rule(`
title: Many user-workstation pairs
correlation: {type: value_count, rules: [failed_logon], group-by: [IpAddress], timespan: 1h, condition: {field: [User, Workstation], gte: 3}}
`);
  const r = run([pairs], [
    input('failed', 0, { IpAddress: 'ip', User: 'a', Workstation: 'W1' }),
    input('failed', 1, { IpAddress: 'ip', User: 'a', Workstation: 'W2' }),
    input('failed', 2, { IpAddress: 'ip', User: 'a', Workstation: 'W1' }),
    input('failed', 3, { IpAddress: 'ip', User: 'b', Workstation: 'W1' }),
  ]);
  assert.deepEqual(r.findings.map((f) => f.matched['value_count']), [3]);

  const aliased = rule(`
title: Distinct accounts across two rules
correlation:
  type: value_count
  rules: [failed_logon, successful_logon]
  group-by: [Computer]
  timespan: 1h
  condition: {field: account, gte: 2}
  aliases:
    account: {failed_logon: TargetUserName, successful_logon: SubjectUserName}
`);
  const a = run([aliased], [
    input('failed', 0, { Computer: 'DC01', TargetUserName: 'alice', SubjectUserName: 'ignored' }),
    input('success', 1, { Computer: 'DC01', SubjectUserName: 'bob' }),
  ]);
  assert.deepEqual((a.findings[0]!.event as Record<string, unknown>)['values'], ['alice', 'bob']);
});
