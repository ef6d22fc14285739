/**
 * Issue 15: one attacker-written record must never stop, stall, blind or fool a hunt. Each case
 * runs a real hunt (the built CLI, inline and with worker threads) over a folder where one file
 * holds the hostile record next to a Mimikatz command line, and checks the hunt finishes with the
 * Mimikatz finding and one problem line naming the file and line.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { TempDir } from './helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

export const MIMIKATZ_LINE = JSON.stringify({
  Event: {
    System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WEB01', TimeCreated: { '#attributes': { SystemTime: '2019-03-04T10:00:00.000Z' } } },
    EventData: { Image: 'C:\\Users\\Public\\m.exe', CommandLine: 'm.exe "privilege::debug" "sekurlsa::logonpasswords" exit' },
  },
});

interface Hunt { code: number; findings: { rule: { title: string }; source: { path: string; record: number } }[]; stderr: string }

function hunt(dir: string, threads: number): Hunt {
  const r = runCli(['hunt', dir, '--format', 'jsonl', '--threads', String(threads)]);
  const findings = r.stdout.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Hunt['findings'][number]);
  return { code: r.code, findings, stderr: r.stderr };
}

function folder(name: string, files: Record<string, string>): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) tmp.file(join(name, file), text);
  return dir;
}

function mimikatzFindings(h: Hunt): string[] {
  return h.findings.filter((f) => /mimikatz/i.test(f.rule.title)).map((f) => `${f.source.path.split('/').pop()}:${f.source.record}`);
}

for (const threads of [1, 2]) {
  test(`out-of-range timestamps are a per-record problem, not an aborted hunt (--threads ${threads})`, () => {
    const dir = folder(`time-${threads}`, {
      'a-clean.jsonl': `${MIMIKATZ_LINE}\n`,
      'b-times.jsonl': `{"timestamp":1e20}\n{"timestamp":"100000000000000000000"}\n${MIMIKATZ_LINE}\n`,
    });
    const h = hunt(dir, threads);
    assert.equal(h.code, 0, h.stderr);
    assert.deepEqual(mimikatzFindings(h).sort(), ['a-clean.jsonl:1', 'b-times.jsonl:3']);
    assert.match(h.stderr, /b-times\.jsonl:line 1: timestamp 1\d* is out of the time range/);
    assert.match(h.stderr, /b-times\.jsonl:line 2: timestamp 1\d* is out of the time range/);
    assert.match(h.stderr, /time\s+2019-03-04T10:00:00\.000Z/);
    assert.doesNotMatch(h.stderr, /Invalid time value/);
  });
}

for (const threads of [1, 2]) {
  test(`a JSON line nested 5,000 deep is one problem line; the Mimikatz lines around it are hunted (--threads ${threads})`, () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const dir = folder(`deep-${threads}`, { 'x.jsonl': `${MIMIKATZ_LINE}\n${deep}\n${MIMIKATZ_LINE}\n` });
    const h = hunt(dir, threads);
    assert.equal(h.code, 0, h.stderr);
    assert.deepEqual(mimikatzFindings(h), ['x.jsonl:1', 'x.jsonl:3']);
    const warnings = h.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    assert.equal(warnings.length, 1, h.stderr);
    assert.match(warnings[0]!, /x\.jsonl:line 2: nested deeper than 100 levels, record skipped$/);
  });
}

test('W3C quoting evasions do not hide a Nikto user agent or a JBoss invoker request', () => {
  const dir = folder('w3c', {
    'u_ex190304.log': [
      '#Software: Microsoft Internet Information Services 10.0',
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status',
      '2019-03-04 10:22:31 10.1.1.5 GET /index.htm - 80 - 203.0.113.7 "x"+Mozilla/5.00+(Nikto/2.1.6) 200',
      '2019-03-04 10:22:32 10.1.1.5 POST /invoker/JMXInvokerServlet - 80 - 203.0.113.7 "Mozilla/5.0+(Windows) 200',
      '',
    ].join('\r\n'),
  });
  const h = hunt(dir, 1);
  assert.equal(h.code, 0, h.stderr);
  const titles = h.findings.map((f) => `${f.source.record} ${f.rule.title}`);
  assert.ok(titles.some((t) => /^3 .*Scanner User Agent/i.test(t)), titles.join('\n'));
  assert.ok(titles.some((t) => /^4 .*(JBoss|Invoker)/i.test(t)), titles.join('\n'));
});
