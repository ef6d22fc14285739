import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FieldNameAliases } from '../../src/sigma/field-name-aliases.js';
import { loadMappings } from '../../src/sigma/mapping.js';
import type { EventFields } from '../../src/events/event.js';

const DEFENDER = 'Microsoft-Windows-Windows Defender/Operational';

test('aliases answer lookups only; iteration, JSON and real fields stay as they are', () => {
  const aliases = new FieldNameAliases({ strip: /[^A-Za-z0-9_]/g, channels: [DEFENDER.toLowerCase()] });
  const fields: EventFields = { Channel: DEFENDER, EventID: 5007, 'New Value': 'HKLM\\x = 0x0', 'Old Value': '', 'Threat ID': 7, ThreatID: 9, 'Product-Name': 'Defender', Provider_Name: 'p' };
  const view = aliases.apply(fields);
  assert.equal(view.NewValue, 'HKLM\\x = 0x0');
  assert.equal(view.OldValue, '');
  assert.equal(view.ProductName, 'Defender');
  assert.equal(view.ThreatID, 9, 'a real field is never shadowed');
  assert.equal(view.ProviderName, undefined, 'identifiers (underscore included) get no alias');
  const keys: string[] = [];
  for (const k in view) keys.push(k);
  assert.deepEqual(keys, Object.keys(fields));
  assert.equal(JSON.stringify(view), '{}', 'the wrapper holds no enumerable own field');
  assert.equal(aliases.original(fields, 'NewValue'), 'New Value');
  assert.equal(aliases.original(fields, 'EventID'), 'EventID');
  // Other channels and non-Windows events are passed through untouched.
  const sysmon: EventFields = { Channel: 'Microsoft-Windows-Sysmon/Operational', 'New Value': 'x' };
  assert.equal(aliases.apply(sysmon), sysmon);
  const w3c: EventFields = { 'cs-uri-query': 'a=1' };
  assert.equal(aliases.apply(w3c), w3c);
  const any = new FieldNameAliases({ strip: /[^A-Za-z0-9_]/g, channels: ['*'] });
  assert.equal(any.apply(sysmon).NewValue, 'x');
  assert.equal(any.apply(w3c), w3c);
});

test('field_name_aliases is read from the mapping data; a bad one names the file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-aliases-'));
  try {
    const shipped = loadMappings();
    assert.equal(shipped.fieldNameAliases?.strip.source, '[^A-Za-z0-9_]');
    assert.ok(shipped.fieldNameAliases?.channels.includes(DEFENDER.toLowerCase()));
    writeFileSync(path.join(dir, 'a.yml'), "field_name_aliases: {channel: X/Operational, strip: '[ -]'}\nlogsources: []\n");
    const custom = loadMappings(dir);
    assert.deepEqual(custom.fieldNameAliases?.channels, ['x/operational']);
    writeFileSync(path.join(dir, 'a.yml'), "field_name_aliases: {strip: '[unclosed'}\n");
    assert.throws(() => loadMappings(dir), new RegExp(`${path.join(dir, 'a.yml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: field_name_aliases.strip: Invalid regular expression`));
    writeFileSync(path.join(dir, 'a.yml'), "field_name_aliases: {strip: ' ', channels: x}\n");
    assert.throws(() => loadMappings(dir), /field_name_aliases: unknown key 'channels'/);
    writeFileSync(path.join(dir, 'a.yml'), 'logsources: []\n');
    assert.equal(loadMappings(dir).fieldNameAliases, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
