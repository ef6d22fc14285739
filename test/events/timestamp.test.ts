import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventTime, parseTimestamp, toIso } from '../../src/events/timestamp.js';

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
