/**
 * The example intrusion (examples/soft-cell): the committed files are exactly what the seeded
 * generator writes, every GALLIUM rule fires on them, benign-only hosts stay clean, and the findings
 * tell the story in order.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CORRELATION_BASES, huntFiles, idByTitle, repoRoot, type HuntTally } from './hunt-helper.js';

const example = path.join(repoRoot, 'examples', 'soft-cell');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

describe('examples/soft-cell generator', () => {
  let out: string;
  before(() => {
    out = mkdtempSync(path.join(tmpdir(), 'soft-cell-'));
    execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'scripts', 'generate-examples.js'), '--out', out], { stdio: 'pipe' });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('writes the committed files byte for byte (seeded, deterministic)', () => {
    const committed = listFiles(example);
    assert.deepEqual(listFiles(out), committed);
    for (const f of committed) assert.ok(readFileSync(path.join(out, f)).equals(readFileSync(path.join(example, f))), `${f} differs from a fresh run`);
  });

  it('stays small and uses every reader format', () => {
    const files = listFiles(example);
    const bytes = files.reduce((s, f) => s + statSync(path.join(example, f)).size, 0);
    assert.ok(bytes < 3 * 1024 * 1024, `${bytes} bytes`);
    for (const re of [/sysmon\.jsonl$/, /security\.jsonl\.gz$/, /winlogbeat-security\.ndjson$/, /u_ex\d{6}\.log$/, /zeek\/dns\.log$/, /zeek\/conn\.log$/, /zeek\/http\.log$/]) {
      assert.ok(files.some((f) => re.test(f)), `no file matching ${re}`);
    }
  });
});

describe('hunting examples/soft-cell with the GALLIUM rules', () => {
  let tally: HuntTally;
  before(async () => {
    tally = await huntFiles([example], example);
  });

  it('reads every log file without a bad record (only README.md is not a log)', () => {
    assert.ok(tally.events > 3000, `${tally.events} events`);
    assert.deepEqual(tally.problems.map((p) => path.basename(p.path)), ['README.md']);
  });

  it('every rule that emits findings fires at least once', () => {
    const silent = tally.set.rules
      .filter((r) => r.kind !== 'filter' && !CORRELATION_BASES.includes(r.title))
      .filter((r) => !tally.byRule.has(r.id))
      .map((r) => r.title);
    assert.deepEqual(silent, []);
  });

  it('correlation base rules stay silent (they only feed their correlations)', () => {
    for (const t of CORRELATION_BASES) assert.equal(tally.byRule.has(idByTitle(tally.set, t)), false, t);
  });

  it('hosts with only ordinary activity get no finding', () => {
    const benign = ['FS01', 'WS-0142', 'WS-0177'];
    const hit = tally.findings.filter((f) => benign.some((h) => f.host.toUpperCase().startsWith(h)));
    assert.deepEqual(hit.map((f) => `${f.host}: ${f.rule.title}`), []);
  });

  it('the findings tell the story in order: scan, exploit, credentials, lateral movement, staging, tunnel, persistence', () => {
    const first = new Map<string, string>();
    for (const f of tally.findings) for (const t of f.attack) if (f.ts && (!first.has(t) || f.ts < first.get(t)!)) first.set(t, f.ts);
    const chain = ['T1595.002', 'T1505.003', 'T1003.001', 'T1570', 'T1047', 'T1136.002', 'T1213', 'T1560.001', 'T1090.002', 'T1095', 'T1133', 'T1053.005'];
    for (let i = 1; i < chain.length; i++) {
      const a = first.get(chain[i - 1]!);
      const b = first.get(chain[i]!);
      assert.ok(a && b, `no finding for ${a ? chain[i] : chain[i - 1]}`);
      assert.ok(a < b, `${chain[i - 1]} (${a}) should come before ${chain[i]} (${b})`);
    }
    assert.ok(first.get('T1595.002')!.startsWith('2019-03-04T01:5'), first.get('T1595.002'));
  });

  it('a renamed Mimikatz is caught by behaviour, not by its name', () => {
    const f = tally.findings.filter((x) => x.rule.title === 'LSASS Memory Read by a Process Outside the Windows Core');
    const sources = f.map((x) => String((x.event as Record<string, unknown>).SourceImage ?? ''));
    assert.ok(sources.some((s) => s.endsWith('\\mt.exe')), JSON.stringify(sources));
    assert.ok(!sources.some((s) => /mimikatz/i.test(s)));
  });
});
