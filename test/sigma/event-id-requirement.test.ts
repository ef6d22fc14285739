import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseDetectionRule, type RawDoc } from '../../src/sigma/rule.js';
import { requiredEventIds } from '../../src/sigma/event-id-requirement.js';
import { event, loadYaml, run } from './helpers.js';
import type { EventFields } from '../../src/events/event.js';

function pinned(detection: string, fieldmap: Record<string, string[]> = {}): string[] | null {
  const doc = parse(`title: t\nlogsource:\n    product: windows\ndetection:\n${detection}\n`) as RawDoc;
  return requiredEventIds(parseDetectionRule(doc, 'rule.yml', { placeholders: {} }).detection, (f) => fieldmap[f] ?? [f]);
}

test('the event IDs a detection pins: plain values, AND intersects, OR unites, NOT and modifiers pin nothing', () => {
  assert.deepEqual(pinned('    sel:\n        EventID: 27\n    condition: sel'), ['27']);
  assert.deepEqual(pinned("    sel:\n        EventID: ['28', 29]\n        Image|endswith: '.exe'\n    condition: sel"), ['28', '29']);
  assert.deepEqual(pinned('    a:\n        EventID: [1, 2, 3]\n    b:\n        EventID: [2, 3, 4]\n    condition: a and b'), ['2', '3']);
  assert.deepEqual(pinned('    a:\n        EventID: 1\n    b:\n        EventID: 4\n    condition: a or b'), ['1', '4']);
  assert.deepEqual(pinned('    a:\n        - EventID: 1\n        - EventID: 5\n    condition: a'), ['1', '5'], 'a list of maps is OR');
  assert.deepEqual(pinned('    a:\n        EventID: 1\n    b:\n        EventID: 5\n    condition: 1 of them'), ['1', '5']);
  assert.deepEqual(pinned('    a:\n        EventID: 1\n    b:\n        Image: x\n    condition: all of them'), ['1']);
  assert.equal(pinned('    a:\n        EventID: 1\n    b:\n        Image: x\n    condition: a or b'), null, 'an unpinned branch');
  assert.equal(pinned('    a:\n        EventID: 1\n    condition: not a'), null);
  assert.equal(pinned("    a:\n        EventID|startswith: '1'\n    condition: a"), null, 'a modifier');
  assert.equal(pinned("    a:\n        EventID: '4*'\n    condition: a"), null, 'a wildcard');
  assert.equal(pinned("    a:\n        EventID: 'x1'\n    condition: a"), null, 'not digits');
  assert.equal(pinned('    a:\n        EventID: 1\n    condition: a', { EventID: ['event.code'] }), null, 'mapped to another field');
  assert.deepEqual(pinned('    a:\n        EventID: 1\n    b:\n        EventID: 2\n    condition: a and b'), [], 'can never match');
});

test('rules that pin event IDs still match exactly the events they matched, whichever ID comes first', async () => {
  const rule = (id: string, detection: string): string =>
    `title: ${id}\nid: ${id}\nlevel: high\nlogsource:\n    product: windows\n    service: sysmon\ndetection:\n${detection}\n`;
  const set = await loadYaml({
    'a.yml': rule('pin-27', "    sel:\n        EventID: 27\n    condition: sel"),
    'b.yml': rule('pin-27-or-image', "    sel:\n        EventID: 27\n    img:\n        Image|endswith: '\\\\x.exe'\n    condition: sel or img"),
    'c.yml': rule('not-27', "    sel:\n        EventID: 27\n    other:\n        User: bob\n    condition: other and not sel"),
    'd.yml': rule('pin-1-text', "    sel:\n        EventID: '1'\n        Image|endswith: '.exe'\n    condition: sel"),
  });
  assert.equal(set.compiled, 4);
  const channel = 'Microsoft-Windows-Sysmon/Operational';
  const events: EventFields[] = [
    { Channel: channel, EventID: 1, Image: 'C:\\x.exe', User: 'bob' },
    { Channel: channel, EventID: 27, Image: 'C:\\y.exe', User: 'bob' },
    { Channel: channel, EventID: '27', Image: 'C:\\x.exe' },
    { Channel: channel, EventID: ' 1', Image: 'C:\\x.exe', User: 'bob' },
    { Channel: channel, EventID: 1, Image: 'C:\\x.exe' },
  ];
  const fired = run(set, events.map((f, i) => event(f, 'json', 'events.json', i + 1))).map((f) => `${f.source.record}:${f.rule.id}`);
  assert.deepEqual(fired, [
    '1:pin-27-or-image', '1:not-27', '1:pin-1-text',
    '2:pin-27', '2:pin-27-or-image',
    '3:pin-27', '3:pin-27-or-image',
    '4:pin-27-or-image', '4:not-27',
    '5:pin-27-or-image', '5:pin-1-text',
  ]);
});
