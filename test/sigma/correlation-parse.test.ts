import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import type { Finding } from '../../src/findings/finding.js';
import {
  Correlator, parseCorrelationRule, parseRuleExpression, parseTimespan, type CorrelationRule,
} from '../../src/sigma/correlation/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const fixtures = path.join(repoRoot, 'test', 'sigma', 'correlation-fixtures');
const shared = path.resolve(repoRoot, '..', 'shared');

function docs(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
}

function correlations(file: string): CorrelationRule[] {
  return docs(file).filter((d) => d && 'correlation' in d).map((d) => parseCorrelationRule(d, file));
}

function parseText(yamlText: string): CorrelationRule {
  return parseCorrelationRule(parse(yamlText) as Record<string, unknown>, 'inline.yml');
}

test('timespans: s, m, h, d, w, M, y; anything else is an error', () => {
  assert.equal(parseTimespan('30s'), 30_000);
  assert.equal(parseTimespan('90m'), 5_400_000);
  assert.equal(parseTimespan('1h'), 3_600_000);
  assert.equal(parseTimespan('2d'), 172_800_000);
  assert.equal(parseTimespan('1w'), 604_800_000);
  assert.equal(parseTimespan('1M'), 2_629_746_000);
  assert.equal(parseTimespan('1y'), 31_556_952_000);
  for (const bad of ['1 hour', '0m', '5', 'm', '5H', '-5m', '1.5h', 5]) {
    assert.throws(() => parseTimespan(bad), /correlation\.timespan .* is not a positive number followed by s, m, h, d, w, M or y/, String(bad));
  }
});

test('boolean conditions: precedence, parentheses, case-insensitive keywords', () => {
  assert.deepEqual(parseRuleExpression('a or b and not c'), {
    op: 'or', args: [{ op: 'ref', ref: 'a' }, { op: 'and', args: [{ op: 'ref', ref: 'b' }, { op: 'not', arg: { op: 'ref', ref: 'c' } }] }],
  });
  assert.deepEqual(parseRuleExpression('(a OR b) AND c'), {
    op: 'and', args: [{ op: 'or', args: [{ op: 'ref', ref: 'a' }, { op: 'ref', ref: 'b' }] }, { op: 'ref', ref: 'c' }],
  });
  assert.throws(() => parseRuleExpression('a and'), /expected a rule name at character 6/);
  assert.throws(() => parseRuleExpression('(a or b'), /expected "\)"/);
  assert.throws(() => parseRuleExpression('a b'), /unexpected text at character 3/);
});

test('the chained brute-force fixture parses with names, defaults and meta data', () => {
  const [outer, inner] = correlations(path.join(fixtures, 'brute-force-chain.yml'));
  assert.ok(outer && inner);
  assert.equal(outer.type, 'temporal_ordered');
  assert.deepEqual(outer.rules, ['many_failed_logons', 'logon_success']);
  assert.deepEqual(outer.condition, { kind: 'threshold', ops: { gte: 2 } }, 'temporal default: all rules');
  assert.equal(outer.level, 'high');
  assert.equal(outer.timespanMs, 600_000);
  assert.equal(outer.generate, false);
  assert.equal(inner.name, 'many_failed_logons');
  assert.equal(inner.level, 'medium', 'level defaults to medium');
  assert.deepEqual(inner.condition, { kind: 'threshold', ops: { gte: 5 } });
});

test('the chained fixture runs end to end on base-rule matches', () => {
  const all = docs(path.join(fixtures, 'brute-force-chain.yml'));
  const base = Object.fromEntries(all.filter((d) => !('correlation' in d)).map((d) => [d['name'], [String(d['id']), String(d['name'])]]));
  const c = new Correlator(correlations(path.join(fixtures, 'brute-force-chain.yml')));
  assert.deepEqual(c.neededFields, ['TargetUserName']);
  // generate defaults to false: both base rules only feed the correlations, as in pySigma.
  assert.equal(c.generatesStandalone(base['logon_failure']!), false);
  assert.equal(c.generatesStandalone(base['logon_success']!), false);
  assert.equal(c.generatesStandalone(['some-other-rule']), true);
  const t0 = Date.parse('2019-03-04T02:00:00Z');
  let rec = 0;
  const feed = (name: string, s: number, user: string): void => c.feed({
    rules: base[name]!, time: t0 + s * 1000, fields: { TargetUserName: user }, host: 'DC01',
    source: { path: 'security.evtx', record: ++rec, format: 'evtx' },
  });
  feed('logon_success', 700, 'svc_backup');
  for (let i = 0; i < 6; i++) feed('logon_failure', 600 - i * 20, 'svc_backup');
  for (let i = 0; i < 4; i++) feed('logon_failure', 10 * i, 'alice');
  feed('logon_success', 50, 'alice');
  const findings: Finding[] = [];
  c.finish((f) => findings.push(f));
  assert.deepEqual(findings.map((f) => [f.rule.title, f.matched['TargetUserName'], f.ts]), [
    ['Brute force followed by a successful logon', 'svc_backup', new Date(t0 + 700_000).toISOString()],
  ]);
  assert.deepEqual(findings[0]!.attack, ['T1110.001']);
});

test('the aliases fixture keeps the alias map and needs every aliased field', () => {
  const [r] = correlations(path.join(fixtures, 'aliases-network.yml'));
  assert.ok(r);
  assert.deepEqual(r.aliases, {
    internal_ip: { web_internal_error: 'destination.ip', outbound_connection: 'source.ip' },
    remote_ip: { web_internal_error: 'source.ip', outbound_connection: 'destination.ip' },
  });
  assert.deepEqual(new Correlator([r]).neededFields, ['destination.ip', 'internal_ip', 'remote_ip', 'source.ip']);
});

test('the Sigma 2.1 metric fixtures parse with their fields and percentiles', () => {
  const rules = correlations(path.join(fixtures, 'metrics-2-1.yml'));
  assert.deepEqual(rules.map((r) => [r.type, r.field, r.percentile ?? null]), [
    ['value_sum', 'bytes_sent', null],
    ['value_avg', 'BytesOut', null],
    ['value_percentile', 'time_taken', 95],
    ['value_percentile', 'time_taken', 50],
    ['value_median', 'PayloadSize', 50],
  ]);
  assert.deepEqual(rules[0]!.condition, { kind: 'threshold', ops: { gt: 1000000 } });
  assert.equal(rules[4]!.timespanMs, 7 * 86_400_000);
  assert.equal(rules[4]!.id, 'Median payload size', 'no id or name: the title stands in');
  assert.deepEqual(rules[4]!.groupBy, []);
});

test('a temporal boolean condition supplies the rules when none are listed', () => {
  const [r] = correlations(path.join(fixtures, 'temporal-expression.yml'));
  assert.ok(r);
  assert.deepEqual(r.rules, ['recon_whoami', 'recon_net', 'cleanup']);
  assert.equal(r.condition.kind, 'expression');
});

test('a range condition keeps every comparison; numeric strings are accepted', () => {
  const r = parseText(`
title: Range
correlation: {type: event_count, rules: [a], group-by: User, timespan: 1h, condition: {gt: "100", lte: 200}}
`);
  assert.deepEqual(r.condition, { kind: 'threshold', ops: { gt: 100, lte: 200 } });
  assert.deepEqual(r.groupBy, ['User'], 'a single group-by string becomes a list');
});

test('value_count over several fields; field may sit beside the condition (older schema)', () => {
  const r = parseText(`
title: Pairs
correlation: {type: value_count, rules: [a], timespan: 1h, condition: {field: [User, Workstation], gte: 5}}
`);
  assert.deepEqual(r.fields, ['User', 'Workstation']);
  assert.equal(r.field, 'User');
  const old = parseText(`
title: Old
correlation: {type: value_count, rules: [a], timespan: 1h, field: User, condition: {gte: 5}}
`);
  assert.equal(old.field, 'User');
});

const BAD: [string, string, RegExp][] = [
  ['no correlation mapping', 'title: x\ncorrelation: 5', /^correlation must be a mapping$/],
  ['no title', 'correlation: {type: event_count, rules: [a], timespan: 1h, condition: {gte: 1}}', /^missing 'title'$/],
  ['no type', 'title: x\ncorrelation: {rules: [a], timespan: 1h, condition: {gte: 1}}', /^correlation\.type is missing$/],
  ['unknown type', 'title: x\ncorrelation: {type: value_max, rules: [a], timespan: 1h, condition: {field: f, gte: 1}}', /correlation\.type "value_max" is not supported \(expected one of event_count, value_count, temporal, temporal_ordered, value_sum, value_avg, value_percentile, value_median\)/],
  ['no timespan', 'title: x\ncorrelation: {type: event_count, rules: [a], condition: {gte: 1}}', /^correlation\.timespan is missing$/],
  ['bad timespan', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1 hour, condition: {gte: 1}}', /timespan "1 hour" is not/],
  ['no rules', 'title: x\ncorrelation: {type: event_count, timespan: 1h, condition: {gte: 1}}', /^correlation\.rules is missing or empty$/],
  ['duplicate rules', 'title: x\ncorrelation: {type: event_count, rules: [a, a], timespan: 1h, condition: {gte: 1}}', /lists "a" twice/],
  ['no condition', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1h}', /correlation\.condition is missing \(required for event_count\)/],
  ['no field', 'title: x\ncorrelation: {type: value_sum, rules: [a], timespan: 1h, condition: {gt: 1}}', /correlation\.condition\.field is missing \(required for value_sum\)/],
  ['two metric fields', 'title: x\ncorrelation: {type: value_avg, rules: [a], timespan: 1h, condition: {field: [p, q], gt: 1}}', /must name one field for value_avg/],
  ['no comparison', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1h, condition: {field: f}}', /has no comparison/],
  ['unknown operator', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1h, condition: {over: 5}}', /correlation\.condition\.over is not a condition key/],
  ['text threshold', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1h, condition: {gte: many}}', /correlation\.condition\.gte must be a number, got "many"/],
  ['empty range', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1h, condition: {gt: 10, lt: 5}}', /"gt 10 and lt 5" can never hold/],
  ['eq outside range', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1h, condition: {eq: 3, gte: 4}}', /can never hold/],
  ['percentile on sum', 'title: x\ncorrelation: {type: value_sum, rules: [a], timespan: 1h, condition: {field: f, percentile: 90, gt: 1}}', /percentile is only meaningful for value_percentile/],
  ['percentile range', 'title: x\ncorrelation: {type: value_percentile, rules: [a], timespan: 1h, condition: {field: f, percentile: 120, gt: 1}}', /between 0 and 100, got 120/],
  ['expression on count', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1h, condition: a and b}', /only allowed for temporal and temporal_ordered/],
  ['expression unknown rule', 'title: x\ncorrelation: {type: temporal, rules: [a, b], timespan: 1h, condition: a and c}', /names "c", not listed in correlation\.rules/],
  ['expression misses rule', 'title: x\ncorrelation: {type: temporal, rules: [a, b], timespan: 1h, condition: a}', /lists "b", not used in correlation\.condition/],
  ['expression syntax', 'title: x\ncorrelation: {type: temporal, rules: [a, b], timespan: 1h, condition: "a and (b"}', /expected "\)"/],
  ['alias unknown rule', 'title: x\ncorrelation: {type: temporal, rules: [a, b], group-by: [ip], timespan: 1h, aliases: {ip: {c: src}}}', /aliases\.ip maps rule "c", which correlation\.rules does not list/],
  ['alias not a map', 'title: x\ncorrelation: {type: temporal, rules: [a, b], timespan: 1h, aliases: {ip: src}}', /aliases\.ip must be a mapping/],
  ['generate not bool', 'title: x\ncorrelation: {type: temporal, rules: [a, b], timespan: 1h, generate: "yes"}', /generate must be true or false/],
  ['bad level', 'title: x\nlevel: severe\ncorrelation: {type: temporal, rules: [a, b], timespan: 1h}', /unknown level 'severe' \(informational, low, medium, high, critical\)/],
  ['unknown attribute', 'title: x\ncorrelation: {type: temporal, rules: [a, b], timespan: 1h, ordered: true}', /correlation\.ordered is not a correlation attribute/],
  ['condition list', 'title: x\ncorrelation: {type: event_count, rules: [a], timespan: 1h, condition: [gte, 1]}', /must be a mapping such as \{gte: 10\}/],
];

for (const [name, text, reason] of BAD) {
  test(`bad rule: ${name}`, () => {
    assert.throws(() => parseText(text), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, reason);
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    });
  });
}

/** Every `.yml` under the SigmaHQ rule folders. */
function* ruleFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* ruleFiles(p);
    else if (/\.ya?ml$/i.test(entry.name)) yield p;
  }
}

test('every correlation rule of the SigmaHQ corpus parses', (t) => {
  const corpus = path.join(shared, 'corpus', 'sigma');
  if (!existsSync(corpus)) {
    t.skip(`SigmaHQ corpus not found at ${corpus}`);
    return;
  }
  const folders = readdirSync(corpus).filter((d) => d.startsWith('rules')).map((d) => path.join(corpus, d));
  let files = 0;
  const parsed: CorrelationRule[] = [];
  const failed: string[] = [];
  for (const folder of folders) {
    for (const file of ruleFiles(folder)) {
      files++;
      const text = readFileSync(file, 'utf8');
      if (!/^correlation:/m.test(text)) continue;
      for (const doc of parseAllDocuments(text)) {
        const d = doc.toJS() as Record<string, unknown> | null;
        if (!d || typeof d !== 'object' || !('correlation' in d)) continue;
        try {
          parsed.push(parseCorrelationRule(d, file));
        } catch (err) {
          failed.push(`${path.relative(corpus, file)}: ${(err as Error).message}`);
        }
      }
    }
  }
  assert.ok(files > 1000, `scanned ${files} rule files`);
  t.diagnostic(`${files} rule files scanned, ${parsed.length + failed.length} correlation rules, ${parsed.length} parsed`);
  assert.deepEqual(failed, []);
  if (parsed.length === 0) t.skip(`the corpus (${files} rule files) holds no correlation rules`);
  else assert.doesNotThrow(() => new Correlator(parsed), 'all of them load into one Correlator');
});
