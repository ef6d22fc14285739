/**
 * One host per machine across files and formats, resolved after every file is read: the same
 * result inline and on worker threads, whatever the input order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHunt } from '../../src/engine/hunt.js';
import type { HuntOptions } from '../../src/engine/hunt-options.js';
import type { Finding } from '../../src/findings/finding.js';
import { runCli } from '../cli/run-cli.js';
import { readReportData } from '../../src/report/index.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.join(repo, 'test', 'engine', 'fixtures');
const hosts = path.join(fixtures, 'hosts');
const tool = { name: 'cellwatch', version: 'test' };

async function hunt(extra: Partial<HuntOptions>): Promise<Finding[]> {
  const r = await runHunt({
    inputs: [], rulePaths: [path.join(fixtures, 'rules')], intelFiles: [path.join(hosts, 'indicators.csv')],
    noBuiltin: true, minLevel: 'informational', threads: 1, ...extra,
  }, tool);
  return r.findings.toArray();
}

const view = (f: Finding): string => `${f.source.path.slice(repo.length + 1)}#${f.source.record} ${f.rule.id} → ${f.host} ${JSON.stringify(f.host_aliases ?? [])}`;

test('W3C short name, Windows FQDN and the Zeek address of one machine become one host, with aliases', async () => {
  const findings = await hunt({ inputs: [path.join(hosts, 'WEB01'), path.join(hosts, 'zeek')] });
  assert.deepEqual(findings.map((f) => [f.source.format, f.host, f.host_aliases]), [
    ['w3c', 'WEB01.corp.example', ['10.1.1.5', 'WEB01']], // s-computername WEB01
    ['zeek', 'WEB01.corp.example', ['10.1.1.5', 'WEB01']], // inbound 45.76.133.9 → 10.1.1.5: the local side
    ['jsonl', 'WEB01.corp.example', ['10.1.1.5', 'WEB01']], // Computer WEB01.corp.example
    ['zeek', '10.1.1.7', undefined], // an address no log ties to a name stays as it is
  ]);
  // The original values stay in the event.
  assert.equal((findings[0]!.event as Record<string, unknown>)['s-computername'], 'WEB01');
  assert.equal((findings[1]!.event as Record<string, unknown>)['id.resp_h'], '10.1.1.5');
});

test('the hosts do not depend on file order or thread count (evidence from a file read on another thread counts)', async () => {
  const inline = await hunt({ inputs: [path.join(hosts, 'WEB01'), path.join(hosts, 'zeek')], threads: 1 });
  const reversed = await hunt({ inputs: [path.join(hosts, 'zeek', 'conn.log'), path.join(hosts, 'WEB01', 'sysmon.jsonl'), path.join(hosts, 'WEB01', 'iis')], threads: 3 });
  assert.deepEqual(reversed.map(view).sort(), inline.map(view).sort());
});

test('examples/soft-cell: one host per machine, never the external attacker, same on 1 and 3 threads', async () => {
  const soft = path.join(repo, 'examples', 'soft-cell');
  const one = await runHunt({ inputs: [soft], rulePaths: [], intelFiles: [], noBuiltin: false, minLevel: 'informational', threads: 1 }, tool);
  const three = await runHunt({ inputs: [soft], rulePaths: [], intelFiles: [], noBuiltin: false, minLevel: 'informational', threads: 3 }, tool);
  const a = await one.findings.toArray();
  const b = await three.findings.toArray();
  assert.deepEqual(b.map(view).sort(), a.map(view).sort());
  const byHost = new Map<string, Set<string>>();
  for (const f of a) {
    if (!byHost.has(f.host)) byHost.set(f.host, new Set());
    byHost.get(f.host)!.add(f.source.format);
  }
  // WEB-IIS01's IIS logs, Windows logs and Zeek sessions are one machine.
  assert.deepEqual([...byHost.get('WEB-IIS01.corp.nordtel.example')!].sort(), ['jsonl', 'w3c', 'zeek']);
  for (const gone of ['WEB-IIS01', '172.16.10.11', '172.16.10.12', '2.58.242.230']) assert.ok(!byHost.has(gone), `${gone} still a host`);
  assert.deepEqual(a.find((f) => f.host === 'WEB-IIS01.corp.nordtel.example')!.host_aliases, ['172.16.10.11', 'WEB-IIS01']);
});

test('the timeline and the HTML report group by the canonical host', () => {
  const args = ['hunt', path.join(hosts, 'WEB01'), path.join(hosts, 'zeek'), '--no-builtin', '--rules', path.join(fixtures, 'rules'), '--intel', path.join(hosts, 'indicators.csv'), '-q'];
  const timeline = runCli([...args, '--format', 'timeline', '--timeline-format', 'jsonl']);
  assert.equal(timeline.code, 0, timeline.stderr);
  const rows = timeline.stdout.trim().split('\n').map((l) => JSON.parse(l) as { host: string });
  assert.deepEqual(rows.map((r) => r.host), ['WEB01.corp.example', 'WEB01.corp.example', 'WEB01.corp.example', '10.1.1.7']);
  const table = runCli(args);
  assert.doesNotMatch(table.stdout, /\b10\.1\.1\.5\b/);
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'cellwatch-hosts-')), 'report.html');
  const html = runCli([...args, '--format', 'html', '--output', out]);
  assert.equal(html.code, 0, html.stderr);
  const data = readReportData(readFileSync(out, 'utf8'));
  assert.deepEqual([...data.findings.hosts].sort(), ['10.1.1.7', 'WEB01.corp.example']);
  rmSync(path.dirname(out), { recursive: true, force: true });
});
