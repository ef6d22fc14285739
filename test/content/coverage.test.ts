/**
 * `computeCoverage` and `cellwatch coverage`: every technique of the actor listed, rules matched by
 * ATT&CK tag, log-source presence decided from real data.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { computeCoverage, computeCoverageReport, parseTechniques, covers } from '../../src/coverage/index.js';
import { eventMatchesSelector } from '../../src/coverage/logsources.js';
import type { EventSelector } from '../../src/sigma/mapping.js';
import { repoRoot } from './hunt-helper.js';

const techniquesFile = path.join(repoRoot, 'content', 'intel', 'gallium-techniques.json');
const techniques = (JSON.parse(readFileSync(techniquesFile, 'utf8')) as { techniques: Array<{ id: string }> }).techniques.map((t) => t.id);
const example = path.join(repoRoot, 'examples', 'soft-cell');
const cli = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
/** Techniques no host or web log the project reads can show (resource development, payload crypto). */
const NOT_VISIBLE = ['T1132.001', 'T1573.001', 'T1583.004', 'T1587.001', 'T1588.002'];

describe('computeCoverage', () => {
  it('lists every technique of the actor once, in the list order, in the public shape', async () => {
    const rows = await computeCoverage();
    assert.deepEqual(rows.map((r) => r.technique), techniques);
    for (const r of rows) {
      assert.deepEqual(Object.keys(r), ['technique', 'name', 'rules', 'logsources_present']);
      assert.equal(r.logsources_present, null, 'no data given');
      assert.ok(r.name.length > 0);
    }
  });

  it('covers every log-visible technique; the rest appear with no rule and a reason', async () => {
    const report = await computeCoverageReport();
    const uncovered = report.rows.filter((r) => r.rules.length === 0);
    assert.deepEqual(uncovered.map((r) => r.technique).sort(), NOT_VISIBLE);
    for (const r of uncovered) assert.match(r.reason, /^no rule; evidence: .+/);
    const lsass = report.rows.find((r) => r.technique === 'T1003.001')!;
    assert.ok(lsass.ruleDetails.some((d) => d.title === 'LSASS Memory Read by a Process Outside the Windows Core'));
    assert.ok(lsass.ruleDetails.every((d) => d.logsources.length > 0));
    // A correlation reads what its base rules read.
    const burst = report.rows.find((r) => r.technique === 'T1033')!.ruleDetails.find((d) => d.kind === 'correlation')!;
    assert.equal(burst.title, 'Burst of Different Discovery Tools on One Host');
    assert.ok(burst.logsources.some((l) => /sysmon\/operational EventID 1$/i.test(l)), JSON.stringify(burst.logsources));
    assert.ok(burst.logsources.some((l) => /^security EventID 4688$/i.test(l)), JSON.stringify(burst.logsources));
  });

  it('finds every covered technique\'s log sources in the example intrusion', async () => {
    const rows = await computeCoverage({ dataPaths: [example] });
    for (const r of rows) assert.equal(r.logsources_present, r.rules.length > 0, r.technique);
  });

  it('counts the Linux sources: a folder of one Linux host (access log, auditd, Sysmon for Linux) shows the Linux techniques', async () => {
    const rows = await computeCoverage({ dataPaths: [path.join(example, 'APP-WF03')] });
    const by = new Map(rows.map((r) => [r.technique, r.logsources_present]));
    for (const t of ['T1190', 'T1505.003', 'T1560.001', 'T1090.002']) assert.equal(by.get(t), true, t);
    assert.equal(by.get('T1003.001'), false, 'no Windows log on a Linux host');
    const report = await computeCoverageReport();
    const archive = report.rows.find((r) => r.technique === 'T1560.001')!.ruleDetails.find((d) => d.title.startsWith('Archive With a Password or Split'))!;
    assert.deepEqual(archive.logsources, ['linux-sysmon/operational EventID 1', 'format auditd type=execve', 'fields Image+CommandLine']);
  });

  it('says which techniques a network-only data set cannot show', async () => {
    const rows = await computeCoverage({ dataPaths: [path.join(example, 'zeek')] });
    const by = new Map(rows.map((r) => [r.technique, r.logsources_present]));
    assert.equal(by.get('T1095'), true, 'Zeek conn carries ICMP sessions');
    assert.equal(by.get('T1571'), true);
    assert.equal(by.get('T1003.001'), false, 'no Sysmon or Security log in a Zeek folder');
    assert.equal(by.get('T1136.002'), false);
  });

  describe('with an extra rule folder', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'cov-rules-'));
      writeFileSync(path.join(dir, 'x.yml'), [
        'title: Test rule for leased server infrastructure', 'id: 0b7f3c2e-5a4d-4e61-9d0a-2f1c8b7e6a55', 'status: test',
        'tags: [attack.resource-development, attack.t1583.004]', 'logsource: {category: proxy}',
        "detection: {sel: {c-uri|contains: 'x'}, condition: sel}", 'level: low', '',
      ].join('\n'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('adds the rule to its technique, alone with --no-builtin', async () => {
      const rows = await computeCoverage({ rulePaths: [dir] });
      assert.deepEqual(rows.find((r) => r.technique === 'T1583.004')!.rules, ['0b7f3c2e-5a4d-4e61-9d0a-2f1c8b7e6a55']);
      const only = await computeCoverage({ rulePaths: [dir], noBuiltin: true });
      assert.equal(only.filter((r) => r.rules.length > 0).length, 1);
    });
  });

  it('rejects a technique list with a bad id, naming the file', () => {
    assert.throws(() => parseTechniques({ techniques: [{ id: 'T12' }] }, 'x.json'), /x\.json: techniques\[0\]: 'T12'/);
    assert.throws(() => parseTechniques({ nope: 1 }, 'y.json'), /y\.json: expected/);
    assert.equal(parseTechniques([{ attack_id: 't1003.001', name: 'LSASS', tactic: 'credential-access' }], 'z')[0]!.id, 'T1003.001');
  });

  it('counts a sub-technique rule for its parent technique, not the reverse', () => {
    assert.ok(covers('T1003.001', 'T1003'));
    assert.ok(covers('T1003', 'T1003'));
    assert.ok(!covers('T1003', 'T1003.001'));
    assert.ok(!covers('T10030', 'T1003'));
  });

  it('matches events to a logsource selector by channel, event id and format', () => {
    const sel = (over: Partial<EventSelector>): EventSelector => ({
      channels: null, eventIds: null, conditions: [], formats: null, fieldsAny: null, fieldsAll: null, file: null, fieldmap: {}, ...over,
    });
    const ev = (fields: Record<string, string | number>, format = 'jsonl', p = 'a/sysmon.jsonl') => ({ fields, source: { path: p, record: 1, format }, time: 0, raw: null });
    const sysmon1 = sel({ channels: ['microsoft-windows-sysmon/operational'], eventIds: ['1'] });
    assert.ok(eventMatchesSelector(ev({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 }), sysmon1));
    assert.ok(!eventMatchesSelector(ev({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 3 }), sysmon1));
    const w3c = sel({ formats: ['w3c'] });
    assert.ok(eventMatchesSelector(ev({ 'cs-method': 'GET' }, 'w3c', 'u_ex190304.log'), w3c));
    assert.ok(!eventMatchesSelector(ev({ Channel: 'Security', 'cs-method': 'GET' }, 'w3c'), w3c), 'a Windows event is not a web log');
    const zeekConn = sel({ conditions: [['_path', ['conn']]] });
    assert.ok(eventMatchesSelector(ev({ _path: 'conn' }, 'zeek'), zeekConn));
    assert.ok(!eventMatchesSelector(ev({ _path: 'dns' }, 'zeek'), zeekConn));
  });
});

describe('cellwatch coverage (CLI)', () => {
  it('--format json prints exactly the public rows', () => {
    const out = execFileSync(process.execPath, [cli, 'coverage', '--format', 'json', '--data', path.join(example, 'zeek')], { encoding: 'utf8' });
    const rows = JSON.parse(out) as Array<Record<string, unknown>>;
    assert.deepEqual(rows.map((r) => r.technique), techniques);
    for (const r of rows) {
      assert.deepEqual(Object.keys(r), ['technique', 'name', 'rules', 'logsources_present']);
      assert.equal(typeof r.logsources_present, 'boolean');
    }
  });

  it('--format navigator writes a layer with every technique and each of its tactics', () => {
    const layer = JSON.parse(execFileSync(process.execPath, [cli, 'coverage', '--format', 'navigator'], { encoding: 'utf8' })) as {
      domain: string; versions: { layer: string }; techniques: Array<{ techniqueID: string; tactic?: string; score: number; comment: string }>;
    };
    assert.equal(layer.domain, 'enterprise-attack');
    assert.equal(layer.versions.layer, '4.5');
    assert.deepEqual([...new Set(layer.techniques.map((t) => t.techniqueID))], techniques);
    const scheduled = layer.techniques.filter((t) => t.techniqueID === 'T1053.005').map((t) => t.tactic).sort();
    assert.deepEqual(scheduled, ['execution', 'persistence', 'privilege-escalation']);
    const server = layer.techniques.find((t) => t.techniqueID === 'T1583.004')!;
    assert.equal(server.score, 0);
    assert.match(server.comment, /no rule/);
  });

  it('table output ends with a summary; a missing data path is a one-line error with exit 2', () => {
    const out = execFileSync(process.execPath, [cli, 'coverage'], { encoding: 'utf8' });
    assert.match(out, /\n42 of 47 techniques have at least one rule \(\d+ rules loaded\)\n/);
    let code = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [cli, 'coverage', '--data', path.join(repoRoot, 'no-such-dir')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      code = (err as { status: number }).status;
      stderr = String((err as { stderr: string }).stderr);
    }
    assert.equal(code, 2);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /no-such-dir/);
  });
});
