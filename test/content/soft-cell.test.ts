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
    for (const re of [
      /sysmon\.jsonl$/, /security\.jsonl\.gz$/, /winlogbeat-security\.ndjson$/, /u_ex\d{6}\.log$/, /zeek\/dns\.log$/, /zeek\/conn\.log$/, /zeek\/http\.log$/,
      /wildfly\/access_log\.log$/, /audit\/audit\.log$/, /APP-WF03\/syslog$/, /journal-wildfly\.json$/,
    ]) {
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

  it('the Linux WildFly host: the Linux rules fire on the intrusion, in every Linux format, and nothing on its ordinary days', () => {
    const linux = tally.findings.filter((f) => f.source.path.includes(`${path.sep}APP-WF03${path.sep}`) && f.detector === 'sigma');
    const counts: Record<string, number> = {};
    for (const f of linux) counts[`${f.source.format} ${f.rule.title}`] = (counts[`${f.source.format} ${f.rule.title}`] ?? 0) + 1;
    assert.deepEqual(counts, {
      'access Requests to JBoss or WildFly Invoker and Management Consoles': 5,
      'access Exploitation Request to a JBoss Invoker or a JMX Console Deployment Operation': 4,
      'access POST to a Server Script in a Folder That Normally Holds Static Files': 7,
      'access Large Response From an ASPX or JSP Page to a POST Request': 3,
      'syslog Java Application Server on Linux Starts a Shell or a Download Tool': 7,
      'syslog Java Application Server on Linux Writes a JSP Page Into a Web Root': 1,
      'syslog Archive With a Password or Split Into Volumes Created Under a Linux Temporary Folder': 1,
      'auditd Archive With a Password or Split Into Volumes Created Under a Linux Temporary Folder': 1,
      'syslog Connection Bouncer or SoftEther VPN Started on a Linux Server': 2,
      'auditd Connection Bouncer or SoftEther VPN Started on a Linux Server': 2,
    });
    // The intrusion starts 2019-03-06 09:20 UTC; the look-alikes of its steps come before it (a JVM
    // unpacking JSP pages on a redeploy, logs zipped to /tmp without a password, an encrypted
    // backup outside /tmp) and none of them is a finding.
    assert.ok(linux.every((f) => f.ts >= '2019-03-06T09:20:07'), linux.map((f) => f.ts).sort()[0]);
    assert.ok(linux.filter((f) => f.source.format !== 'access').every((f) => f.host === 'app-wf03'));
    const syslog = readFileSync(path.join(example, 'APP-WF03', 'syslog'), 'utf8');
    const audit = readFileSync(path.join(example, 'APP-WF03', 'audit', 'audit.log'), 'utf8');
    for (const lookAlike of ['/standalone/tmp/vfs/temp/', 'zip -r /tmp/wildfly-logs-case4711.zip', '7za a -pVendorCase4711']) assert.ok(syslog.includes(lookAlike), lookAlike);
    assert.ok(audit.includes('a1="-r" a2="/tmp/wildfly-logs-case4711.zip"'));
  });

  it('a renamed Mimikatz is caught by behaviour, not by its name', () => {
    const f = tally.findings.filter((x) => x.rule.title === 'LSASS Memory Read by a Process Outside the Windows Core');
    const sources = f.map((x) => String((x.event as Record<string, unknown>).SourceImage ?? ''));
    assert.ok(sources.some((s) => s.endsWith('\\mt.exe')), JSON.stringify(sources));
    assert.ok(!sources.some((s) => /mimikatz/i.test(s)));
  });
});
