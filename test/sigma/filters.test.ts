import assert from 'node:assert/strict';
import { test } from 'node:test';
import { event, loadYaml, run } from './helpers.js';

const rule = `title: Rar Compression
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
name: rar_compression
logsource:
    category: process_creation
    product: windows
detection:
    sel:
        Image|endswith: '\\rar.exe'
    condition: sel
level: medium
`;
const filter = (target: string, logsource = 'process_creation'): string => `title: Filter admin accounts
id: f-1
logsource:
    category: ${logsource}
    product: windows
filter:
    rules:
        - ${target}
    selection:
        User|startswith: 'adm_'
    condition: selection
`;
const ch = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Image: 'C:\\tools\\rar.exe' };

test('a filter rule excludes matches of the rules it names (by id or by name)', async () => {
  for (const target of ['6f3e2987-db24-4c78-a860-b4f4095a7095', 'rar_compression']) {
    const set = await loadYaml({ 'r.yml': rule, 'f.yml': filter(target) });
    assert.equal(set.compiled, 2);
    assert.deepEqual(set.rules.map((r) => r.kind).sort(), ['detection', 'filter']);
    const out = run(set, [event({ ...ch, User: 'adm_bob' }), event({ ...ch, User: 'alice' }), event({ ...ch })]);
    // The filtered field missing: the filter is false, so the rule still fires.
    assert.deepEqual(out.map((f) => f.event && (f.event as Record<string, unknown>).User), ['alice', undefined]);
  }
});

test('a filter that names no loaded rule, or another logsource, is reported', async () => {
  const set = await loadYaml({ 'r.yml': rule, 'f.yml': filter('no-such-rule') });
  assert.match(set.unsupported[0]!.reason, /filter names no loaded rule/);
  const other = await loadYaml({ 'r.yml': rule, 'f.yml': filter('rar_compression', 'file_event') });
  assert.match(other.unsupported[0]!.reason, /filter names no loaded rule with a matching logsource/);
  assert.equal(run(other, [event({ ...ch, User: 'adm_bob' })]).length, 1);
});
