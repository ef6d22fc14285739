import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition } from '../../src/sigma/condition.js';
import { SigmaString } from '../../src/sigma/sigma-string.js';
import { event, loadYaml, matches, reason, run } from './helpers.js';

const SEL = `    a:\n        f1: x\n    b:\n        f2: y\n    c:\n        f3: z\n`;
const EV = [
  { f1: 'x', f2: 'y', f3: 'z' },
  { f1: 'x', f2: 'n', f3: 'n' },
  { f1: 'n', f2: 'y', f3: 'z' },
  { f1: 'n', f2: 'n', f3: 'n' },
];

test('condition forms: and, or, not, parentheses and precedence', async () => {
  assert.deepEqual(await matches(`${SEL}    condition: a and b`, EV), [true, false, false, false]);
  assert.deepEqual(await matches(`${SEL}    condition: a or b`, EV), [true, true, true, false]);
  assert.deepEqual(await matches(`${SEL}    condition: not a`, EV), [false, false, true, true]);
  // and binds tighter than or; not tighter than and
  assert.deepEqual(await matches(`${SEL}    condition: a or b and c`, EV), [true, true, true, false]);
  assert.deepEqual(await matches(`${SEL}    condition: (a or b) and not c`, EV), [false, true, false, false]);
  assert.deepEqual(await matches(`${SEL}    condition: not a and not b`, EV), [false, false, false, true]);
  assert.deepEqual(await matches(`${SEL}    condition:\n        - a and b\n        - c and not a`, EV), [true, false, true, false]);
});

test('condition forms: 1 of / all of / N of with wildcards and them', async () => {
  const sel = `    sel_a:\n        f1: x\n    sel_b:\n        f2: y\n    _hidden:\n        f3: nope\n    filter_c:\n        f3: z\n`;
  assert.deepEqual(await matches(`${sel}    condition: 1 of sel_*`, EV), [true, true, true, false]);
  assert.deepEqual(await matches(`${sel}    condition: all of sel_*`, EV), [true, false, false, false]);
  assert.deepEqual(await matches(`${sel}    condition: all of sel_* and not 1 of filter*`, EV), [false, false, false, false]);
  assert.deepEqual(await matches(`${sel}    condition: 2 of them`, EV), [true, false, true, false]);
  // `them` leaves out identifiers starting with an underscore.
  assert.deepEqual(await matches(`${sel}    condition: all of them`, EV), [true, false, false, false]);
  assert.deepEqual(await matches(`${sel}    condition: 1 of sel* and filter_c`, EV), [true, false, true, false]);
});

test('condition errors name the problem', () => {
  assert.throws(() => parseCondition('a and', ['a']), /unexpected end/);
  assert.throws(() => parseCondition('a and nothere', ['a']), /unknown search identifier 'nothere'/);
  assert.throws(() => parseCondition('(a or a', ['a']), /missing '\)'/);
  assert.throws(() => parseCondition('1 of x*', ['a']), /matches no search identifier/);
  assert.throws(() => parseCondition('a | count() > 5', ['a']), /aggregation/);
});

test('a condition on a missing field is false, so its negation is true', async () => {
  const det = `    sel:\n        Image|endswith: '\\evil.exe'\n    condition: not sel`;
  // The event has no Image field: `sel` is false, `not sel` is true.
  assert.deepEqual(await matches(det, [{ CommandLine: 'x' }, { Image: 'C:\\evil.exe' }, { Image: 'C:\\good.exe' }]), [true, false, true]);
  const eq = `    sel:\n        Image: 'a'\n    condition: sel`;
  assert.deepEqual(await matches(eq, [{}, { Image: 'A' }]), [false, true]);
  const re = `    sel:\n        Image|re: '.*'\n    condition: not sel`;
  assert.deepEqual(await matches(re, [{}, { Image: '' }]), [true, false]);
});

test('null matches a missing or empty field; empty string matches empty', async () => {
  const ev = [{}, { f: '' }, { f: null }, { f: 'v' }];
  assert.deepEqual(await matches(`    sel:\n        f: null\n    condition: sel`, ev), [true, true, true, false]);
  assert.deepEqual(await matches(`    sel:\n        f: null\n    condition: not sel`, ev), [false, false, false, true]);
  assert.deepEqual(await matches(`    sel:\n        f: ''\n    condition: sel`, ev), [false, true, true, false]);
});

test('numbers compare numerically and as strings', async () => {
  const ev = [{ EventID: 4688 }, { EventID: '4688' }, { EventID: 46880 }];
  assert.deepEqual(await matches(`    sel:\n        EventID: 4688\n    condition: sel`, ev), [true, true, false]);
  assert.deepEqual(await matches(`    sel:\n        EventID: '4688'\n    condition: sel`, ev), [true, true, false]);
  assert.deepEqual(await matches(`    sel:\n        EventID|startswith: '468'\n    condition: sel`, ev), [true, true, true]);
});

test('maps are AND, lists of maps are OR, array field values match any element', async () => {
  const det = `    sel:\n        - a: 1\n          b: 2\n        - c: 3\n    condition: sel`;
  assert.deepEqual(await matches(det, [{ a: 1, b: 2 }, { a: 1 }, { c: '3' }]), [true, false, true]);
  assert.deepEqual(await matches(`    sel:\n        tags: admin\n    condition: sel`, [{ tags: ['user', 'ADMIN'] }, { tags: ['user'] }]), [true, false]);
});

test('keywords search every value, case-insensitive, OR by default and AND with |all', async () => {
  const ev = [{ a: 'Mimikatz sekurlsa::logonpasswords', b: 1 }, { a: 'x', b: 'SEKURLSA::minidump' }, { a: 'nothing' }];
  assert.deepEqual(await matches(`    keywords:\n        - 'sekurlsa::'\n        - 'lsadump::'\n    condition: keywords`, ev), [true, true, false]);
  assert.deepEqual(await matches(`    keywords:\n        '|all':\n            - 'mimikatz'\n            - 'sekurlsa'\n    condition: keywords`, ev), [true, false, false]);
  assert.deepEqual(await matches(`    keywords:\n        - 'sekurlsa::'\n    condition: not keywords`, ev), [false, false, true]);
});

test('wildcards * and ? with backslash escapes', async () => {
  assert.deepEqual(await matches(`    sel:\n        f: 'a*c?e'\n    condition: sel`, [{ f: 'abbbcde' }, { f: 'ace' }, { f: 'acde' }]), [true, false, true]);
  assert.deepEqual(await matches(`    sel:\n        f: 'lit\\*'\n    condition: sel`, [{ f: 'lit*' }, { f: 'litx' }]), [true, false]);
  // `\*` is an escaped star; a backslash before a wildcard is written `\\*` (spec).
  assert.deepEqual(await matches(`    sel:\n        f: 'C:\\Windows\\*\\x.exe'\n    condition: sel`, [{ f: 'c:\\windows*\\x.exe' }, { f: 'c:\\windows\\system32\\x.exe' }]), [true, false]);
  assert.deepEqual(await matches(`    sel:\n        f: 'C:\\Windows\\\\*\\x.exe'\n    condition: sel`, [{ f: 'c:\\windows\\system32\\x.exe' }, { f: 'c:\\windows\\x.ex' }]), [true, false]);
  assert.deepEqual(await matches(`    sel:\n        f: 'a*b*c'\n    condition: sel`, [{ f: 'abc' }, { f: 'a-b-c' }, { f: 'acb' }, { f: 'ab' }]), [true, true, false, false]);
  const s = SigmaString.parse('a\\\\*b\\?c\\d');
  assert.deepEqual(s.parts, [{ kind: 'text', text: 'a\\' }, { kind: 'any' }, { kind: 'text', text: 'b?c\\d' }]);
});

test('rules that cannot be compiled are reported with the reason, others still load', async () => {
  const set = await loadYaml({
    'good.yml': 'title: Good\nid: g1\nlogsource:\n    product: windows\n    service: security\ndetection:\n    sel:\n        EventID: 4625\n    condition: sel\nlevel: low\n',
    'bad_cond.yml': 'title: Bad\nid: b1\nlogsource:\n    product: windows\ndetection:\n    sel:\n        EventID: 1\n    condition: sel and missing\n',
    'bad_yaml.yml': 'title: [unclosed\n',
    'not_rule.yml': 'title: Not a rule\nfoo: bar\n',
  });
  assert.equal(set.total, 4);
  assert.equal(set.parsed, 1);
  assert.equal(set.compiled, 1);
  const reasons = Object.fromEntries(set.unsupported.map((u) => [u.path.split('/').pop(), u.reason]));
  assert.match(reasons['bad_cond.yml']!, /unknown search identifier 'missing'/);
  assert.match(reasons['bad_yaml.yml']!, /^YAML/);
  assert.match(reasons['not_rule.yml']!, /not a Sigma rule/);
  assert.equal(await reason(`    sel:\n        f: x\n    condition: sel`), null);
});

test('findings follow the Finding contract', async () => {
  const set = await loadYaml({
    'r.yml': 'title: Whoami\nid: r-1\nlevel: medium\ntags: [attack.discovery, attack.t1033]\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        Image|endswith: \\whoami.exe\n        CommandLine|contains: whoami\n    filter:\n        User: nobody\n    condition: sel and not filter\n',
  });
  const e = event({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Computer: 'WEB01', Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami /all', User: 'x' }, 'evtx', 'a.evtx', 42);
  const [f, ...rest] = run(set, [e]);
  assert.equal(rest.length, 0);
  assert.deepEqual(f, {
    ts: '2024-05-06T07:08:09.000Z',
    detector: 'sigma',
    rule: { id: 'r-1', title: 'Whoami', level: 'medium' },
    attack: ['T1033'],
    host: 'WEB01',
    source: { path: 'a.evtx', record: 42, format: 'evtx' },
    matched: { Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami /all' },
    event: e.fields,
  });
});
