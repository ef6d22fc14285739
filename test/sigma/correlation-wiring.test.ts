import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CorrelationInput } from '../../src/sigma/index.js';
import { event, loadYaml, run } from './helpers.js';

const base = `title: Failed logon
id: 0e95725d-7320-415d-80f7-004da920fc11
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    sel:
        EventID: 4625
    condition: sel
level: low
`;
const corr = (generate: boolean): string => `title: Many failed logons
id: corr-1
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - TargetUserName
    timespan: 5m
    generate: ${generate}
    condition:
        gte: 3
level: high
`;

const logon = (user: string, sec: number, record: number) => ({
  ...event({ Channel: 'Security', EventID: 4625, TargetUserName: user, Computer: 'DC01' }, 'evtx', 'sec.evtx', record),
  time: Date.parse('2024-05-06T07:00:00Z') + sec * 1000,
});

test('a multi-document file with a correlation: base matches feed it, base findings suppressed unless generate', async () => {
  const set = await loadYaml({ 'c.yml': `${base}---\n${corr(false)}` });
  assert.equal(set.compiled, 2, JSON.stringify(set.unsupported));
  assert.deepEqual(set.rules.map((r) => r.kind).sort(), ['correlation', 'detection']);
  const events = [logon('bob', 0, 1), logon('bob', 10, 2), logon('eve', 20, 3), logon('bob', 30, 4)];
  const out = run(set, events);
  assert.deepEqual(out.map((f) => f.rule.id), ['corr-1']);
  const withBase = run(await loadYaml({ 'c.yml': `${base}---\n${corr(true)}` }), events);
  assert.deepEqual(withBase.map((f) => f.rule.id).sort(), ['0e95725d-7320-415d-80f7-004da920fc11', '0e95725d-7320-415d-80f7-004da920fc11', '0e95725d-7320-415d-80f7-004da920fc11', '0e95725d-7320-415d-80f7-004da920fc11', 'corr-1']);
});

test('external mode hands correlation inputs out, and createCorrelator evaluates them', async () => {
  const set = await loadYaml({ 'b.yml': base, 'c.yml': corr(false) });
  const inputs: CorrelationInput[] = [];
  const d = set.createDetector({ correlation: 'external', onCorrelationInput: (i) => inputs.push(i) });
  const found: string[] = [];
  for (const e of [logon('bob', 0, 1), logon('bob', 10, 2), logon('bob', 30, 4)]) d.examine(e, (f) => found.push(f.rule.id));
  d.finish?.((f) => found.push(f.rule.id));
  assert.deepEqual(found, []);
  assert.equal(inputs.length, 3);
  assert.deepEqual(inputs[0]!.rules, ['0e95725d-7320-415d-80f7-004da920fc11', 'failed_logon']);
  assert.equal(inputs[0]!.fields.TargetUserName, 'bob');
  assert.equal(inputs[0]!.host, 'DC01');
  const c = set.createCorrelator();
  for (const i of inputs) c.feed(i);
  const out: string[] = [];
  c.finish((f) => out.push(f.rule.id));
  assert.deepEqual(out, ['corr-1']);
});

test('an invalid correlation is unsupported with the engine\'s reason', async () => {
  const set = await loadYaml({ 'b.yml': base, 'c.yml': corr(false).replace('type: event_count', 'type: no_such_type') });
  assert.equal(set.unsupported.length, 1);
  assert.match(set.unsupported[0]!.reason, /no_such_type|type/);
});
