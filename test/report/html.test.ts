import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createHtmlReportSink, readReportData, type ReportData } from '../../src/report/index.js';
import { createAttackCatalog } from '../../src/report/attack-catalog.js';
import type { Finding } from '../../src/findings/finding.js';
import { HOSTILE_COMMAND, intrusionFindings, memoryTarget, summaryFor } from './fixtures.js';

async function render(findings: Finding[], options: Parameters<typeof createHtmlReportSink>[1] = {}): Promise<{ html: string; ended: boolean }> {
  const out = memoryTarget();
  const sink = createHtmlReportSink(out.target, { catalog: createAttackCatalog(null), ...options });
  for (const f of findings) sink.write(f);
  await sink.close(summaryFor(findings));
  return { html: out.text(), ended: out.ended() };
}

/** Rebuild findings from the embedded columns (the same decoding the page script does). */
function decode(data: ReportData): Finding[] {
  const F = data.findings;
  const kv = (flat: number[]): unknown => {
    if (flat.length === 0) return {};
    if (flat[0] === -1) return F.v[flat[1]!];
    const o: Record<string, unknown> = {};
    for (let j = 0; j < flat.length; j += 2) o[String(F.v[flat[j]!])] = F.v[flat[j + 1]!];
    return o;
  };
  const out: Finding[] = [];
  let last: number | null = null;
  const lastRecord = new Map<number, number>();
  for (let i = 0; i < F.count; i++) {
    const record = (lastRecord.get(F.f.s[i]!) ?? 0) + F.f.n[i]!;
    lastRecord.set(F.f.s[i]!, record);
    const d = F.f.t[i]!;
    let ts = '';
    if (d !== null) {
      last = last === null ? d : last + d;
      ts = new Date(last).toISOString();
    }
    const rule = F.rules[F.f.r[i]!]!;
    const src = F.sources[F.f.s[i]!]!;
    const f: Finding = {
      ts,
      detector: rule[3] as Finding['detector'],
      rule: { id: rule[0], title: rule[1], level: data.levels[rule[2]] as Finding['rule']['level'] },
      attack: F.attackSets[F.f.a[i]!]!,
      host: F.hosts[F.f.h[i]!]!,
      source: { path: src[0], record, format: src[1] },
      matched: kv(F.matchedSets[F.f.m[i]!]!) as Record<string, unknown>,
      event: F.f.e[i]! >= 0 ? kv(F.events[F.f.e[i]!]!) : null,
    };
    const x = F.x[String(i)];
    if (x !== undefined) Object.assign(f, F.v[x] as object);
    out.push(f);
  }
  return out;
}

test('the report embeds the summary and every finding, which decode back to the input', async () => {
  const findings = intrusionFindings();
  const { html, ended } = await render(findings);
  assert.equal(ended, false, 'the sink must not end the stream');
  assert.match(html, /^<!doctype html>/);
  const data = readReportData(html);
  assert.deepEqual(data.summary, summaryFor(findings));
  assert.equal(data.findings.count, findings.length);
  const back = decode(data);
  for (let i = 0; i < findings.length; i++) {
    const want = { ...findings[i]! };
    assert.deepEqual(back[i], want, `finding ${i} (${want.rule.title})`);
  }
  // Repeated strings are stored once.
  assert.equal(data.findings.hosts.length, 3);
  assert.equal(data.findings.v.filter((v) => v === 'C:\\Windows\\System32\\cmd.exe').length, 1);
});

test('technique names and tactics come from the catalog; unknown ids go under other', async () => {
  const { html } = await render(intrusionFindings());
  const data = readReportData(html);
  assert.deepEqual(data.techniques['T1003.001'], { name: 'OS Credential Dumping: LSASS Memory', tactics: ['credential-access'] });
  assert.deepEqual(data.techniques['T1570']?.tactics, ['lateral-movement']);
  assert.deepEqual(data.techniques['T1999'], { name: '', tactics: ['other'] });
  assert.equal(data.tactics.at(-1), 'other');
  assert.equal(data.tactics[0], 'reconnaissance');
});

test('attacker-controlled data cannot close the data block or inject markup', async () => {
  const { html } = await render(intrusionFindings());
  // Exactly two script elements: the JSON data and the page's own script.
  assert.equal(html.match(/<script/gi)?.length, 2);
  assert.equal(html.match(/<\/script>/gi)?.length, 2);
  assert.ok(!html.includes('</script><script>document.title'), 'raw hostile string in the page');
  assert.ok(!html.includes('<img src=x'), 'raw hostile markup in the page');
  const block = /<script type="application\/json" id="cw-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  assert.ok(!/[<>]/.test(block), 'data block holds no < or >');
  const data = readReportData(html);
  assert.ok(data.findings.v.includes(HOSTILE_COMMAND), 'the hostile command line survives intact as data');
});

test('the page is self-contained: CSP allows only its own script and style, and nothing is fetched', async () => {
  const { html } = await render(intrusionFindings());
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  assert.ok(csp.includes(`'sha256-${hash}'`), 'script hash in CSP');
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  assert.ok(csp.includes(`'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`), 'style hash in CSP');
  assert.doesNotMatch(html, /<link|<iframe|<img|@import|url\(/i);
  assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//i);
});

test('zero findings still produce a valid report', async () => {
  const { html } = await render([]);
  const data = readReportData(html);
  assert.equal(data.findings.count, 0);
  assert.equal(data.summary.findings, 0);
  assert.deepEqual(data.findings.f.t, []);
  assert.match(html, /<\/html>\s*$/);
});

test('noisy rules keep their first events only, long values are trimmed, and both are counted', async () => {
  const base = intrusionFindings().find((f) => f.rule.id === 'cw-webshell-child')!;
  const findings: Finding[] = [];
  for (let i = 0; i < 10; i++) {
    findings.push({ ...base, ts: new Date(Date.parse(base.ts) + i * 1000).toISOString(), source: { ...base.source, record: base.source.record + i },
      event: { ...(base.event as object), EventRecordID: base.source.record + i, CommandLine: `cmd.exe /c ${'A'.repeat(i === 9 ? 5000 : 10)}` } });
  }
  const { html } = await render(findings, { limits: { eventsPerRule: 4, valueChars: 100 } });
  const data = readReportData(html);
  const F = data.findings;
  assert.deepEqual(F.f.e.map((e) => e >= 0), [true, true, true, true, false, false, false, false, false, false]);
  assert.equal(F.limits.eventsOmitted, 6);
  assert.deepEqual(decode(data).map((f) => f.source.record), findings.map((f) => f.source.record));
  // matched survives for every finding
  assert.ok(decode(data).every((f) => f.matched.ParentImage === 'C:\\Windows\\System32\\inetsrv\\w3wp.exe'));
  const long = await render([findings[9]!], { limits: { valueChars: 100 } });
  const d2 = readReportData(long.html);
  const cmd = decode(d2)[0]!.event as Record<string, string>;
  assert.equal(cmd.CommandLine, `cmd.exe /c ${"A".repeat(89)}... [4911 more characters trimmed]`);
  assert.equal(d2.findings.limits.valuesTrimmed, 1);
});

test('the timestamp column is delta-encoded and keeps untimed findings', async () => {
  const findings = intrusionFindings();
  const { html } = await render(findings);
  const t = readReportData(html).findings.f.t;
  assert.equal(t[0], null, 'untimed finding first');
  assert.equal(t[1], Date.parse('2019-03-04T10:20:05.000Z'));
  assert.equal(t[2], Date.parse('2019-03-04T10:22:31.120Z') - Date.parse('2019-03-04T10:20:05.000Z'));
});

test('past the matched-values budget, new matched values are cut shorter (memory stays bounded)', async () => {
  const base = intrusionFindings().find((f) => f.rule.id === 'cw-mimikatz-cmdline')!;
  const findings: Finding[] = [];
  for (let i = 0; i < 6; i++) findings.push({ ...base, source: { ...base.source, record: base.source.record + i }, matched: { CommandLine: `m64.exe sekurlsa::logonpasswords ${String(i).repeat(40)}` } });
  const { html } = await render(findings, { limits: { matchedBudgetChars: 150, matchedValueChars: 20 } });
  const back = decode(readReportData(html)).map((f) => String(f.matched.CommandLine));
  // Key and value of the first findings fit in 150 characters; later values are cut to 20.
  assert.equal(back[0], findings[0]!.matched.CommandLine);
  assert.equal(back[1], findings[1]!.matched.CommandLine);
  assert.equal(back[5], 'm64.exe sekurlsa::lo... [53 more characters trimmed]');
});

test('the data JSON written in pieces equals the JSON written whole', async () => {
  const { jsonChunksForScript, jsonForScript } = await import('../../src/report/html-page.js');
  const big = { a: Array.from({ length: 10_000 }, (_, i) => (i % 3 ? i : `v</script>${i}`)), b: { c: [1, null, 'x'], d: undefined, e: 'é\u2028' }, f: [] };
  assert.equal([...jsonChunksForScript(big)].join(''), jsonForScript(big));
  assert.equal([...jsonChunksForScript([])].join(''), '[]');
  assert.equal([...jsonChunksForScript({})].join(''), '{}');
});

test('host_aliases travel with their findings and decode back', async () => {
  const findings = intrusionFindings().slice(0, 3).map((f, i) => (i < 2 ? { ...f, host_aliases: ['172.16.10.11', 'WEB-IIS01'] } : f));
  const back = decode(readReportData((await render(findings)).html));
  assert.deepEqual(back.map((f) => f.host_aliases), [['172.16.10.11', 'WEB-IIS01'], ['172.16.10.11', 'WEB-IIS01'], undefined]);
});
