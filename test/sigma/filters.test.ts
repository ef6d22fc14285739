import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { event, loadYaml, run, tempDir } from './helpers.js';

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
const filter = (target: string, logsource = 'process_creation', condition = 'not selection'): string => `title: Filter admin accounts
id: f-1
logsource:
    category: ${logsource}
    product: windows
filter:
    rules:
        - ${target}
    selection:
        User|startswith: 'adm_'
    condition: ${condition}
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
    assert.deepEqual(set.warnings, []);
  }
});

test('a filter that names no loaded rule, or another logsource, is reported', async () => {
  const set = await loadYaml({ 'r.yml': rule, 'f.yml': filter('no-such-rule') });
  assert.match(set.unsupported[0]!.reason, /filter names no loaded rule/);
  const other = await loadYaml({ 'r.yml': rule, 'f.yml': filter('rar_compression', 'file_event') });
  assert.match(other.unsupported[0]!.reason, /filter names no loaded rule with a matching logsource/);
  assert.equal(run(other, [event({ ...ch, User: 'adm_bob' })]).length, 1);
});

const users = (out: Array<{ event?: unknown }>): unknown[] => out.map((f) => (f.event as Record<string, unknown>).User);

test('filters apply as pySigma applies them: (rule) and (filter), so a domain-controller filter negates', async () => {
  // pySigma's documented shape: the filter names the events to keep with `not`.
  const dcFilter = `title: Not on domain controllers
id: f-dc
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - rar_compression
    selection:
        ComputerName|startswith: 'DC'
    condition: not selection
`;
  const set = await loadYaml({ 'r.yml': rule, 'f.yml': dcFilter });
  const out = run(set, [event({ ...ch, ComputerName: 'DC01', User: 'a' }), event({ ...ch, ComputerName: 'WS17', User: 'b' }), event({ ...ch, ComputerName: 'dc02', User: 'c' })]);
  // Under `rule and not filter` only the domain controllers would be left.
  assert.deepEqual(users(out), ['b']);
  assert.deepEqual(set.warnings, []);
});

test('a filter condition without negation narrows the rule to its events, with one warning per filter', async () => {
  const second = rule.replace('6f3e2987-db24-4c78-a860-b4f4095a7095', '0e5d9a59-39e1-4c5b-9b0a-2f8d0c0e4c11').replace('rar_compression', 'rar_again');
  const narrowing = filter('rar_compression', 'process_creation', 'selection').replace('        - rar_compression\n', '        - rar_compression\n        - rar_again\n');
  const set = await loadYaml({ 'r.yml': rule, 'r2.yml': second, 'f.yml': narrowing });
  assert.equal(set.compiled, 3);
  assert.equal(set.warnings.length, 1);
  assert.equal(set.warnings[0]!.id, 'f-1');
  assert.match(set.warnings[0]!.path, /f\.yml$/);
  assert.match(set.warnings[0]!.reason, /negates nothing.*keeps only the events it describes.*rar_compression, rar_again/);
  // pySigma semantics: both rules now fire only for the admin account.
  const out = run(set, [event({ ...ch, User: 'adm_bob' }), event({ ...ch, User: 'alice' })]);
  assert.deepEqual(users(out), ['adm_bob', 'adm_bob']);
});

test('a negation anywhere in the filter condition is enough; a double negation is not', async () => {
  const twoParts = filter('rar_compression').replace("        User|startswith: 'adm_'\n", "        User|startswith: 'adm_'\n    svc:\n        ParentImage|endswith: '\\\\services.exe'\n");
  const both = await loadYaml({ 'r.yml': rule, 'f.yml': twoParts.replace('condition: not selection', 'condition: svc or not selection') });
  assert.deepEqual(both.warnings, []);
  const out = run(both, [event({ ...ch, User: 'adm_x', ParentImage: 'C:\\Windows\\System32\\services.exe' }), event({ ...ch, User: 'adm_y' }), event({ ...ch, User: 'eve' })]);
  assert.deepEqual(users(out), ['adm_x', 'eve']);
  const twice = await loadYaml({ 'r.yml': rule, 'f.yml': filter('rar_compression', 'process_creation', 'not not selection') });
  assert.equal(twice.warnings.length, 1);
});

test('a hunt names the count of rule warnings on stderr (a filter that negates nothing)', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'rules'));
  writeFileSync(path.join(dir, 'rules', 'r.yml'), rule);
  writeFileSync(path.join(dir, 'rules', 'f.yml'), filter('rar_compression', 'process_creation', 'selection'));
  writeFileSync(path.join(dir, 'events.jsonl'), `${JSON.stringify({ ...ch, User: 'alice' })}\n${JSON.stringify({ ...ch, User: 'adm_bob' })}\n`);
  const r = runCli(['hunt', '--no-builtin', '--no-progress', '--format', 'jsonl', '--rules', path.join(dir, 'rules'), path.join(dir, 'events.jsonl')]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /^warning: 1 rule warnings: filters that negate nothing/m);
  // As pySigma would: the narrowing filter keeps only the admin account's event.
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { event: { User: string } }).event.User), ['adm_bob']);
});

test("rules: any (or an empty list) filters every rule of the filter's logsource, as in pySigma", async () => {
  const fileRule = `title: Rar written
id: 2a3e0c55-8f0e-4f7b-9d21-3b6f0a1c9e42
logsource:
    category: file_event
    product: windows
detection:
    sel:
        TargetFilename|endswith: '.rar'
    condition: sel
`;
  const second = rule.replace('6f3e2987-db24-4c78-a860-b4f4095a7095', '0e5d9a59-39e1-4c5b-9b0a-2f8d0c0e4c11').replace('rar_compression', 'rar_again');
  const fileEvent = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 11, TargetFilename: 'C:\\x\\a.rar', User: 'adm_bob' };
  for (const rules of ['any', 'all', '[]']) {
    const anyFilter = filter('x').replace('    rules:\n        - x\n', `    rules: ${rules}\n`);
    const set = await loadYaml({ 'r.yml': rule, 'r2.yml': second, 'r3.yml': fileRule, 'f.yml': anyFilter });
    assert.deepEqual(set.unsupported, []);
    const out = run(set, [event({ ...ch, User: 'adm_bob' }), event({ ...ch, User: 'alice' }), event(fileEvent)]);
    // Both process_creation rules drop the admin; the file_event rule is outside the filter's logsource.
    assert.deepEqual(out.map((f) => `${f.rule.title}:${String((f.event as Record<string, unknown>).User)}`).sort(), ['Rar Compression:alice', 'Rar Compression:alice', 'Rar written:adm_bob'], rules);
  }
  const noRules = await loadYaml({ 'r.yml': rule, 'f.yml': filter('x').replace('    rules:\n        - x\n', '') });
  assert.match(noRules.unsupported[0]!.reason, /filter has no 'rules'/);
});

test("a filter applies only where it contains the rule's logsource (a field the filter sets, the rule must set alike)", async () => {
  // The filter names a service the rule does not have: pySigma does not apply it.
  const withService = filter('rar_compression').replace('    product: windows\nfilter:', '    product: windows\n    service: sysmon\nfilter:');
  const set = await loadYaml({ 'r.yml': rule, 'f.yml': withService });
  assert.match(set.unsupported[0]!.reason, /filter names no loaded rule with a matching logsource/);
  assert.equal(run(set, [event({ ...ch, User: 'adm_bob' })]).length, 1);
  // A filter that sets fewer fields than the rule still applies.
  const productOnly = filter('rar_compression').replace('    category: process_creation\n', '');
  const narrower = await loadYaml({ 'r.yml': rule, 'f.yml': productOnly });
  assert.deepEqual(narrower.unsupported, []);
  assert.equal(run(narrower, [event({ ...ch, User: 'adm_bob' })]).length, 0);
});
