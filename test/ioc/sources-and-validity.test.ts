import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIocDetector } from '../../src/ioc/index.js';
import type { IocDetectorOptions } from '../../src/ioc/index.js';
import type { Indicator } from '../../src/intel/index.js';
import { importIntel } from '../../src/intel/index.js';
import type { EventFields, HuntEvent } from '../../src/events/event.js';
import type { Finding } from '../../src/findings/finding.js';

const C2 = 'helpinfo.publicvm.com';
const ind = (source: string, extra: Partial<Indicator> = {}): Indicator => ({ type: 'domain', value: C2, source, tags: [], ...extra });
const WINDOW = { validFrom: '2021-12-01T00:00:00.000Z', validUntil: '2023-01-01T00:00:00.000Z' };

function run(indicators: Indicator[], fields: EventFields, time: number, options: IocDetectorOptions = {}): Finding[] {
  const d = createIocDetector(indicators, options);
  const out: Finding[] = [];
  d.examine({ fields, source: { path: 'logs/dns.jsonl', record: 3, format: 'jsonl' }, time, raw: fields }, (f) => out.push(f));
  return out;
}
const at = (iso: string): number => Date.parse(iso);

test('the same indicator from two packs: one finding listing both sources, tags merged, highest level', () => {
  const list = [
    ind('mstic-2019', { tags: ['c2', 'attack.t1071.004'], note: 'PingPull C2', level: 'medium' }),
    ind('Telco CERT', { tags: ['c2', 'pingpull'], level: 'critical' }),
    ind('mstic-2019', { tags: ['c2'] }), // same source again: listed once
  ];
  const fs = run(list, { QueryName: C2, Url: `http://${C2}/api` }, at('2022-03-01T00:00:00Z'));
  assert.equal(fs.length, 1);
  const f = fs[0]!;
  assert.deepEqual(f.intel, { source: 'mstic-2019', tags: ['c2', 'attack.t1071.004', 'pingpull'], sources: ['mstic-2019', 'Telco CERT'], indicator_valid: true });
  assert.equal(f.rule.level, 'critical');
  assert.equal(f.rule.title, `Domain indicator ${C2} (PingPull C2)`);
  assert.deepEqual(f.attack, ['T1071.004']);
});

test('retro-hunt: an event before valid_from still matches, marked invalid with the window', () => {
  const [f] = run([ind('Telco CERT', WINDOW)], { QueryName: C2 }, at('2019-05-01T00:00:00Z'));
  assert.ok(f, 'matched although the indicator was published later');
  assert.deepEqual(f.intel, { source: 'Telco CERT', tags: [], sources: ['Telco CERT'], indicator_valid: false, valid_from: WINDOW.validFrom, valid_until: WINDOW.validUntil });
  const [inside] = run([ind('Telco CERT', WINDOW)], { QueryName: C2 }, at('2022-05-01T00:00:00Z'));
  assert.equal(inside!.intel!.indicator_valid, true);
  assert.equal(inside!.intel!.valid_from, WINDOW.validFrom);
  const [after] = run([ind('Telco CERT', WINDOW)], { QueryName: C2 }, at('2024-05-01T00:00:00Z'));
  assert.equal(after!.intel!.indicator_valid, false, 'after valid_until');
  const [untimed] = run([ind('Telco CERT', WINDOW)], { QueryName: C2 }, NaN);
  assert.equal(untimed!.intel!.indicator_valid, true, 'an event without a time cannot be judged: valid');
  assert.equal(untimed!.ts, '');
});

test('--strict-validity drops matches outside every window and lists only the valid sources', () => {
  const strict = { strictValidity: true };
  assert.equal(run([ind('Telco CERT', WINDOW)], { QueryName: C2 }, at('2019-05-01T00:00:00Z'), strict).length, 0);
  assert.equal(run([ind('Telco CERT', WINDOW)], { QueryName: C2 }, at('2024-05-01T00:00:00Z'), strict).length, 0);
  assert.equal(run([ind('Telco CERT', WINDOW)], { QueryName: C2 }, at('2022-05-01T00:00:00Z'), strict).length, 1);
  // One source without a window keeps the match; the windowed source is left out of the finding.
  const mixed = [ind('Telco CERT', { ...WINDOW, level: 'critical' }), ind('mstic-2019')];
  const [f] = run(mixed, { QueryName: C2 }, at('2019-05-01T00:00:00Z'), strict);
  assert.deepEqual(f!.intel, { source: 'mstic-2019', tags: [], sources: ['mstic-2019'], indicator_valid: true });
  assert.equal(f!.rule.level, 'high', 'the dropped source\'s level does not count');
});

test('several sources: valid when any window holds the event; the reported source is a valid one', () => {
  const list = [ind('Telco CERT', WINDOW), ind('mstic-2019', { validFrom: '2019-01-01T00:00:00.000Z' })];
  const [f] = run(list, { QueryName: C2 }, at('2019-05-01T00:00:00Z'));
  assert.deepEqual(f!.intel, { source: 'mstic-2019', tags: [], sources: ['mstic-2019', 'Telco CERT'], indicator_valid: true, valid_from: '2019-01-01T00:00:00.000Z' });
  // The same source with two windows (two STIX objects): valid inside either.
  const twoWindows = [ind('Telco CERT', WINDOW), ind('Telco CERT', { validFrom: '2018-01-01T00:00:00.000Z', validUntil: '2019-12-31T00:00:00.000Z' })];
  const [g] = run(twoWindows, { QueryName: C2 }, at('2019-05-01T00:00:00Z'));
  assert.equal(g!.intel!.indicator_valid, true);
  assert.deepEqual(g!.intel!.sources, ['Telco CERT']);
});

test('STIX valid_from later than the logs: imported indicator matches old events (end to end)', () => {
  const bundle = JSON.stringify({
    type: 'bundle', id: 'bundle--9',
    objects: [{ type: 'indicator', id: 'indicator--9', pattern_type: 'stix', pattern: `[domain-name:value = '${C2}']`, valid_from: '2025-06-01T00:00:00Z' }],
  });
  const { indicators } = importIntel('new-report.json', bundle);
  const fs = run(indicators, { QueryName: C2 }, at('2019-03-04T10:22:31Z'));
  assert.equal(fs.length, 1);
  assert.equal(fs[0]!.intel!.indicator_valid, false);
  assert.equal(fs[0]!.intel!.valid_from, '2025-06-01T00:00:00.000Z');
});
