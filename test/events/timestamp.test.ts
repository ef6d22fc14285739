import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventTime, isValidTime, outOfRangeTime, parseTimestamp, toIso } from '../../src/events/timestamp.js';

test('ISO, space-separated, zone-less (UTC) and epoch timestamps parse to the same instant', () => {
  const want = Date.UTC(2019, 2, 4, 10, 22, 31, 120);
  assert.equal(parseTimestamp('2019-03-04T10:22:31.120Z'), want);
  assert.equal(parseTimestamp('2019-03-04T10:22:31.1204567Z'), want);
  assert.equal(parseTimestamp('2019-03-04 10:22:31.120'), want);
  assert.equal(parseTimestamp('2019-03-04 12:22:31.120+02:00'), want);
  assert.equal(parseTimestamp(1551694951.12), want);
  assert.equal(parseTimestamp('1551694951.120'), want);
  assert.equal(parseTimestamp(want), want);
});

test('garbage and empty values give NaN; eventTime takes the first usable field', () => {
  assert.ok(Number.isNaN(parseTimestamp('not a time')));
  assert.ok(Number.isNaN(parseTimestamp('')));
  assert.ok(Number.isNaN(parseTimestamp(null)));
  assert.equal(eventTime({ TimeCreated: 'bad', '@timestamp': '2020-01-01T00:00:00Z' }), Date.UTC(2020, 0, 1));
  assert.equal(toIso(Date.UTC(2020, 0, 1)), '2020-01-01T00:00:00.000Z');
  assert.equal(toIso(NaN), '');
});

test('times a Date cannot hold are NaN, never a value that breaks ISO formatting', () => {
  for (const v of [1e20, -1e20, '100000000000000000000', '1e20', 8.64e15 + 1, Infinity]) {
    assert.ok(Number.isNaN(parseTimestamp(v)), String(v));
  }
  assert.equal(parseTimestamp(8.64e15), 8.64e15); // the last representable instant is kept
  assert.equal(parseTimestamp('1.5e9'), 1.5e12); // numeric text with an exponent is epoch seconds
  assert.equal(toIso(1e20), '');
  assert.equal(toIso(Infinity), '');
  assert.ok(!isValidTime(-8.64e15 - 1) && isValidTime(0));
});

test('outOfRangeTime names the time field holding an impossible number, ignores plain text', () => {
  assert.deepEqual(outOfRangeTime({ timestamp: 1e20 }), { field: 'timestamp', value: '100000000000000000000' });
  assert.deepEqual(outOfRangeTime({ ts: '100000000000000000000' }), { field: 'ts', value: '100000000000000000000' });
  assert.equal(outOfRangeTime({ timestamp: 'yesterday' }), null);
  assert.equal(outOfRangeTime({ timestamp: 1551694951 }), null);
  assert.equal(outOfRangeTime({ other: 1e20 }), null);
});

test('ISO UTC times read without a regular expression agree with Date.parse, edge values included', () => {
  // The plain shape's reference is Date.parse of the same text (T, Z, at most three fraction digits).
  for (const date of ['0100-01-01', '1601-01-01', '2019-02-28', '2019-02-30', '2020-02-29', '2019-04-31', '2019-12-31', '9999-12-31']) {
    for (const time of ['00:00:00', '23:59:59', '12:34:56.7', '12:34:56.78', '12:34:56.789']) {
      const text = `${date}T${time}Z`;
      assert.equal(parseTimestamp(text), Date.parse(text), text);
    }
  }
  // More than three fraction digits are cut to milliseconds, not rounded; no zone means UTC; a space may separate.
  assert.equal(parseTimestamp('2019-03-04T10:22:31.120999999Z'), Date.UTC(2019, 2, 4, 10, 22, 31, 120));
  assert.equal(parseTimestamp('2019-03-04 10:22:31.5'), Date.UTC(2019, 2, 4, 10, 22, 31, 500));
  assert.equal(parseTimestamp('2019-03-04T10:22:31'), Date.UTC(2019, 2, 4, 10, 22, 31));
  // Values out of the plain ranges take the general path and keep its answers.
  assert.equal(parseTimestamp('0099-01-01T00:00:00Z'), Date.parse('0099-01-01T00:00:00Z'));
  assert.equal(parseTimestamp('2019-01-01T24:00:00Z'), Date.UTC(2019, 0, 2));
  for (const bad of ['2019-13-01T00:00:00Z', '2019-01-32T00:00:00Z', '2019-01-01T23:60:00Z', '2019-01-01T00:00:60Z', '2019-01-01T00:00:00.Z', '2019-01-01X00:00:00Z']) {
    assert.ok(Number.isNaN(parseTimestamp(bad)), bad);
  }
  assert.equal(parseTimestamp('2019-03-04T10:22:31+01:00'), Date.UTC(2019, 2, 4, 9, 22, 31));
  assert.equal(parseTimestamp(' 2019-03-04T10:22:31Z '), Date.UTC(2019, 2, 4, 10, 22, 31));
});
