import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importIntel } from '../../src/intel/index.js';
import { nestedDeeperThan } from '../../src/intel/entry-depth.js';

const DEPTH = 100_000;
/** JSON text of objects nested `depth` deep: {"a":{"a":…1…}}. */
const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const stixIndicator = (id: string, domain: string, extra = ''): string =>
  `{"type":"indicator","spec_version":"2.1","id":"indicator--${id}","pattern":"[domain-name:value = '${domain}']","pattern_type":"stix","valid_from":"2019-01-01T00:00:00Z"${extra}}`;

test('JSON.parse reads 100,000-deep documents (the importers must not recurse either)', () => {
  assert.doesNotThrow(() => JSON.parse(deepObject(DEPTH)));
  assert.doesNotThrow(() => JSON.parse(deepArray(DEPTH)));
});

test('nestedDeeperThan: bound is exact, walk is iterative', () => {
  assert.equal(nestedDeeperThan(JSON.parse(deepObject(3)), 3), false);
  assert.equal(nestedDeeperThan(JSON.parse(deepObject(4)), 3), true);
  // Object, array, object: three levels.
  assert.equal(nestedDeeperThan({ a: [1, 2, { b: 'x' }] }, 3), false);
  assert.equal(nestedDeeperThan({ a: [1, 2, { b: ['x'] }] }, 3), true);
  assert.equal(nestedDeeperThan(JSON.parse(deepArray(DEPTH))), true);
  assert.equal(nestedDeeperThan('text'), false);
});

test('STIX: a 100,000-deep object is one problem with its line; the rest of the bundle is imported', () => {
  const text = [
    '{"type":"bundle","id":"bundle--1","objects":[',
    `${stixIndicator('a', 'a.hinitial.com')},`,
    `${stixIndicator('b', 'b.hinitial.com', `,"x_custom":${deepObject(DEPTH)}`)},`,
    `{"type":"note","id":"note--1","object_refs":${deepArray(DEPTH)}},`,
    `${stixIndicator('c', 'c.hinitial.com')}`,
    ']}',
  ].join('\n');
  const r = importIntel('deep-stix.json', text);
  assert.equal(r.format, 'stix');
  assert.deepEqual(r.indicators.map((i) => i.value), ['a.hinitial.com', 'c.hinitial.com']);
  assert.deepEqual(r.problems, [
    'deep-stix.json:line 3: indicator--b: nested more than 64 levels deep; not imported',
    'deep-stix.json:line 4: note--1: nested more than 64 levels deep; not imported',
  ]);
});

test('MISP: a 100,000-deep attribute is one problem; the other attributes and objects are imported', () => {
  const text = [
    '{"Event":{"info":"deep","Orgc":{"name":"TelcoISAC"},"Attribute":[',
    '{"type":"domain","value":"rosaf112.ddns.net","to_ids":true},',
    `{"type":"domain","value":"deep.ddns.net","to_ids":true,"Tag":${deepArray(DEPTH)}},`,
    '{"type":"ip-dst","value":"45.251.241.82","to_ids":true}',
    '],"Object":[{"name":"file","Attribute":[',
    `{"type":"filename","value":"x.exe","to_ids":true,"x":${deepObject(DEPTH)}},`,
    '{"type":"filename","value":"htran.exe","to_ids":true}',
    ']}]}}',
  ].join('\n');
  const r = importIntel('deep-misp.json', text);
  assert.equal(r.format, 'misp');
  assert.deepEqual(r.indicators.map((i) => i.value), ['rosaf112.ddns.net', '45.251.241.82', 'htran.exe']);
  assert.deepEqual(r.problems, [
    'deep-misp.json:line 3: Attribute[1]: nested more than 64 levels deep; not imported',
    'deep-misp.json:line 6: Object[0] (file).Attribute[0]: nested more than 64 levels deep; not imported',
  ]);
});

test('cellwatch pack: a deep row or source is one problem each', () => {
  const text = [
    '{"format":"cellwatch-intel-pack","version":1,"name":"p","sources":{',
    `"ok":{"title":"OK"},"bad":{"title":"Bad","x":${deepObject(DEPTH)}}},`,
    '"indicators":[',
    '{"type":"domain","value":"a.hinitial.com","source":"ok","tags":[]},',
    `{"type":"domain","value":"b.hinitial.com","source":"ok","tags":${deepArray(DEPTH)}}`,
    ']}',
  ].join('\n');
  const r = importIntel('deep-pack.json', text);
  assert.deepEqual(r.indicators.map((i) => i.value), ['a.hinitial.com']);
  assert.deepEqual(Object.keys(r.sources), ['ok']);
  assert.deepEqual(r.problems, [
    'deep-pack.json:line 2: sources.bad: nested more than 64 levels deep; not imported',
    'deep-pack.json:line 5: indicators[1]: nested more than 64 levels deep; not imported',
  ]);
});

test('a whole document nested 100,000 deep is one problem, not a crash', () => {
  const r = importIntel('deep.json', `{"objects":${deepArray(DEPTH)}}`);
  assert.equal(r.indicators.length, 0);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!, /^deep\.json: /);
});
