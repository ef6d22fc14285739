import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, parseVersion, inRange } from '../../src/audit/vendor-version.js';

const lt = (a: string, b: string): void => {
  assert.equal(compareVersions(a, b), -1, `${a} < ${b}`);
  assert.equal(compareVersions(b, a), 1, `${b} > ${a}`);
};
const eq = (a: string, b: string): void => {
  assert.equal(compareVersions(a, b), 0, `${a} == ${b}`);
  assert.equal(compareVersions(b, a), 0, `${b} == ${a}`);
};

test('numeric segments compare as numbers, not text', () => {
  lt('8.5.9', '8.5.10');
  lt('8.5.99', '8.5.100');
  lt('9.0.98', '9.0.99');
  lt('10.0.14393.7515', '10.0.17763.1');
  lt('15.1.2375.7', '15.1.2507.6');
  lt('15.1.2106.2', '15.1.2106.13');
  lt('6.3.9600.20778', '10.0');
});

test('missing trailing zeros are equal; Windows builds order by build then revision', () => {
  eq('9.0', '9.0.0');
  eq('10', '10.0.0.0');
  lt('10.0', '10.0.17763.1');
  lt('10.0.17763.1', '10.0.17763.6532');
});

test('release qualifiers GA/Final equal the bare version', () => {
  eq('7.0.0.GA', '7.0.0');
  eq('26.1.3.Final', '26.1.3');
  eq('5.1.0.GA', '5.1.0.Final');
  lt('7.0.0.GA', '7.0.0.1');
  lt('6.4.0.GA', '6.4.22.GA');
});

test('milestones, betas and release candidates come before the release', () => {
  lt('9.0.0.M1', '9.0.0');
  lt('9.0.0.M1', '9.0.0.M10');
  lt('9.0.0.M27', '9.0.0.RC1');
  lt('8.0.0.RC1', '8.0.0');
  lt('11.0.0-M1', '11.0.0');
  lt('10.1.0-M17', '10.1.0');
  lt('1.0.0-alpha', '1.0.0-beta');
  lt('1.0.0-beta2', '1.0.0-rc1');
  lt('9.0.0.M1', '9.0.1');
  lt('8.5.100', '9.0.0.M1');
});

test('cumulative updates, service packs and R2 come after the base release', () => {
  lt('2019', '2019 CU1');
  lt('2019 CU11', '2019 CU12');
  lt('2019 CU9', '2019 CU12');
  lt('2008', '2008 R2');
  lt('4.3.0', '4.3.0.CP08');
  lt('4.3.0.CP07', '4.3.0.CP08');
  lt('2019 CU12', '2020');
});

test('a leading v and surrounding spaces are ignored; text without digits is not a version', () => {
  eq('v1.2.3', '1.2.3');
  eq(' 8.5.99 ', '8.5.99');
  assert.equal(parseVersion('latest'), null);
  assert.equal(parseVersion(''), null);
  assert.throws(() => compareVersions('unknown', '1.0'), /not a version/);
});

test('ranges: introduced inclusive, fixed exclusive, lastAffected inclusive', () => {
  const r = { introduced: '9.0.0.M1', fixed: '9.0.31' };
  assert.equal(inRange('9.0.0.M1', r), true);
  assert.equal(inRange('9.0.30', r), true);
  assert.equal(inRange('9.0.31', r), false);
  assert.equal(inRange('8.5.50', r), false);
  assert.equal(inRange('8.5.100', { introduced: '8.5.0', lastAffected: '8.5.100' }), true);
  assert.equal(inRange('8.5.101', { introduced: '8.5.0', lastAffected: '8.5.100' }), false);
  // Exchange: a CU branch patched by its own security update.
  const cu19 = { introduced: '15.1.2176', fixed: '15.1.2176.9' };
  assert.equal(inRange('15.1.2176.2', cu19), true);
  assert.equal(inRange('15.1.2176.9', cu19), false);
  assert.equal(inRange('15.1.2242.4', cu19), false);
});
