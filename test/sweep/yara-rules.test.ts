/**
 * Every built-in YARA rule fires on its positive fixture and stays quiet on its negative one
 * (text fixtures under fixtures/yara/<rule>/, PE fixtures built here); invalid rule files are
 * reported with file and line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtinYaraPath, loadYaraRules, yaraVariables } from '../../src/sweep/yara-rules.js';
import { buildTinyPe } from '../../scripts/tiny-pe.js';
import { repoRoot, runCli } from '../cli/run-cli.js';

const fixtures = path.join(repoRoot, 'test', 'sweep', 'fixtures', 'yara');

/** PE fixtures for the tool rules: [positive, negative, file path used for the scan]. */
const peFixtures: Record<string, { positive: Buffer; negative: Buffer; path: string }> = {
  cellwatch_htran: {
    positive: buildTinyPe({ version: {}, extra: Buffer.from('[+] Make a Connection to %s:%d\0[SERVER]connection to %s:%d error\0', 'latin1') }),
    negative: buildTinyPe({ version: { ProductName: 'Port forwarder' }, extra: Buffer.from('Connection to %s:%d established\0', 'latin1') }),
    path: 'C:/Windows/Temp/svc.exe',
  },
  cellwatch_pingpull: {
    positive: buildTinyPe({ version: {}, extra: Buffer.from('Iph1psvc\0IP He1per\0', 'utf16le') }),
    negative: buildTinyPe({ version: {}, extra: Buffer.from('iphlpsvc\0IP Helper\0', 'utf16le') }),
    path: 'C:/Windows/System32/iph1p.dll',
  },
  cellwatch_softether_out_of_place: {
    positive: buildTinyPe({ version: { CompanyName: 'SoftEther Corporation' }, extra: Buffer.from('SoftEther VPN\0hamcore.se2\0vpn_server.config\0', 'utf16le') }),
    negative: buildTinyPe({ version: { CompanyName: 'SoftEther Corporation' }, extra: Buffer.from('SoftEther VPN\0hamcore.se2\0vpn_server.config\0', 'utf16le') }),
    path: 'C:/inetpub/wwwroot/aspnet_client/taskhost.exe',
  },
};
const softEtherInstalled = 'C:/Program Files/SoftEther VPN Server/vpnserver.exe';

const set = await loadYaraRules([builtinYaraPath]);
const ruleNames = [...readdirSync(builtinYaraPath).filter((f) => f.endsWith('.yar'))
  .flatMap((f) => [...readFileSync(path.join(builtinYaraPath, f), 'utf8').matchAll(/^rule\s+(\w+)/gm)].map((m) => m[1]!))];

const firing = (data: Buffer, file: string): string[] =>
  set.scanner!.scan(data, yaraVariables(file, path.posix.basename(file))).map((m) => m.ruleIdentifier);

test('the built-in rules compile without problems', () => {
  assert.deepEqual(set.problems, []);
  assert.equal(set.rules, ruleNames.length);
  assert.ok(set.rules >= 12);
});

test('every built-in rule has a positive and a negative fixture', () => {
  const withText = new Set(readdirSync(fixtures));
  const missing = ruleNames.filter((r) => !withText.has(r) && !(r in peFixtures));
  assert.deepEqual(missing, []);
});

for (const rule of readdirSync(fixtures)) {
  test(`${rule}: fires on its positive fixture, not on its negative one`, () => {
    const files = readdirSync(path.join(fixtures, rule));
    const pos = files.find((f) => f.startsWith('positive'));
    const neg = files.find((f) => f.startsWith('negative'));
    assert.ok(pos && neg, `${rule} needs positive.* and negative.*`);
    assert.ok(firing(readFileSync(path.join(fixtures, rule, pos)), `webroot/${pos}`).includes(rule));
    assert.ok(!firing(readFileSync(path.join(fixtures, rule, neg)), `webroot/${neg}`).includes(rule));
  });
}

for (const [rule, f] of Object.entries(peFixtures)) {
  test(`${rule}: fires on its positive PE, not on its negative one`, () => {
    assert.ok(firing(f.positive, f.path).includes(rule));
    const negativePath = rule === 'cellwatch_softether_out_of_place' ? softEtherInstalled : f.path;
    assert.ok(!firing(f.negative, negativePath).includes(rule));
  });
}

test('an invalid rule file is reported with its line; valid files still load', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-yara-'));
  writeFileSync(path.join(dir, 'good.yar'), 'rule good_one { strings: $a = "needle" condition: $a }\n');
  writeFileSync(path.join(dir, 'bad.yara'), 'rule bad_one {\n  strings: $a = "x"\n  condition: $b\n}\n');
  writeFileSync(path.join(dir, 'notes.txt'), 'not a rule file');
  const loaded = await loadYaraRules([dir]);
  assert.equal(loaded.files.length, 1);
  assert.equal(loaded.rules, 1);
  assert.equal(loaded.problems.length, 1);
  assert.equal(loaded.problems[0]!.path, path.join(dir, 'bad.yara'));
  assert.equal(loaded.problems[0]!.line, 3);
  assert.match(loaded.problems[0]!.reason, /unknown pattern `\$b`/);
  assert.equal(loaded.scanner!.scan(Buffer.from('a needle here')).length, 1);
});

test('cellwatch rules check validates YARA files: file and line of each error, exit 3', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-yara-cli-'));
  writeFileSync(path.join(dir, 'ok.yar'), 'rule fine { strings: $a = "x" condition: $a }\n');
  writeFileSync(path.join(dir, 'broken.yar'), '\nrule broken {\n  condition: $nothing\n}\n');
  const r = runCli(['rules', 'check', dir]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /invalid +.*broken\.yar:3: unknown pattern `\$nothing`/);
  assert.match(r.stdout, /YARA: 1 rules in 1 valid files, 1 problem/);
  const good = runCli(['rules', 'check', builtinYaraPath]);
  assert.equal(good.code, 0);
  assert.match(good.stdout, new RegExp(`YARA: ${ruleNames.length} rules in 2 valid files, 0 problems`));
});
