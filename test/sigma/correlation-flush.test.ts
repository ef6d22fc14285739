/** Streaming use of the correlator (`serve`): flush(watermark) emits what is decided up to it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Finding } from '../../src/findings/finding.js';
import { Correlator, parseCorrelationRule, type CorrelationInput } from '../../src/sigma/correlation/index.js';

const T0 = Date.parse('2019-03-04T10:00:00Z');
const FAILED = ['5638f7c0-ac70-491d-8465-2a65075e0d86', 'failed_logon'];

const rule = (condition: string): ReturnType<typeof parseCorrelationRule> => parseCorrelationRule(parse(`
title: Failed logons per user
id: 0e95725d-7320-415d-80f7-004da920fc11
name: failed_per_user
level: high
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [User]
  timespan: 5m
  condition: ${condition}
`) as Record<string, unknown>, 'test/flush.yml');

let record = 0;
const input = (seconds: number, user: string): CorrelationInput => ({
  rules: FAILED, time: T0 + seconds * 1000, fields: { User: user }, host: 'DC01',
  source: { path: 'serve-log', record: ++record, format: 'jsonl' },
});

test('flush emits a sliding-window firing once the watermark passes it, and the same findings as finish()', () => {
  const inputs = [input(0, 'alice'), input(10, 'bob'), input(20, 'alice'), input(30, 'alice'), input(400, 'bob')];
  const batch = new Correlator([rule('{gte: 3}')], { onProblem: () => {} });
  for (const i of inputs) batch.feed(i);
  const expected: Finding[] = [];
  batch.finish((f) => expected.push(f));
  assert.equal(expected.length, 1);

  const live = new Correlator([rule('{gte: 3}')], { onProblem: () => {} });
  assert.equal(live.horizonMs, 300_000);
  const got: Finding[] = [];
  for (const i of inputs.slice(0, 4)) live.feed(i);
  live.flush(T0 + 25_000, (f) => got.push(f));
  assert.equal(got.length, 0, 'the third alice event is after the watermark: not evaluated yet');
  live.flush(T0 + 30_000, (f) => got.push(f));
  assert.equal(got.length, 1);
  live.feed(inputs[4]!);
  live.flush(T0 + 400_000, (f) => got.push(f));
  assert.deepEqual(got, expected);
});

test('a closed-window condition is judged when the watermark moves past the window, not only at finish', () => {
  const live = new Correlator([rule('{lt: 2}')], { onProblem: () => {} });
  const got: Finding[] = [];
  live.feed(input(0, 'carol'));
  live.flush(T0 + 60_000, (f) => got.push(f));
  assert.equal(got.length, 0, 'window [0, 5 min] still open');
  live.flush(T0 + 301_000, (f) => got.push(f));
  assert.equal(got.length, 1);
  assert.equal(got[0]!.matched['User'], 'carol');
});
