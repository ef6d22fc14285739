/**
 * `cellwatch sweep` end to end on the generated example (in a temp dir, so file times are set):
 * exactly the planted files are found, nothing under benign/, archive members by inner path; hash
 * indicators from --intel; --from/--to, --max-file-size, exit codes and output formats.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { generateWebrootExample } from '../../scripts/generate-webroot-example.js';
import { runCli } from '../cli/run-cli.js';

const root = mkdtempSync(path.join(tmpdir(), 'cw-sweep-'));
const tree = path.join(root, 'webroot');
generateWebrootExample(tree);

interface Line { host: string; detector: string; rule: { id: string; level: string }; source: { path: string }; matched: Record<string, unknown>; ts: string }
const sweep = (args: string[]): { code: number; lines: Line[]; stderr: string } => {
  const r = runCli(['sweep', '-f', 'jsonl', ...args]);
  return { code: r.code, lines: r.stdout.trim() ? r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line) : [], stderr: r.stderr };
};
const rel = (p: string): string => path.relative(tree, p.split('!/')[0]!) + (p.includes('!/') ? `!/${p.split('!/').slice(1).join('!/')}` : '');

test('the example: every planted file found, by the expected detectors; nothing under benign/', () => {
  const r = sweep([tree, '-t', '1']);
  assert.equal(r.code, 0, r.stderr);
  const got = r.lines.map((f) => `${rel(f.source.path)} ${f.rule.id}`).sort();
  assert.deepEqual(got, [
    'iis/ProgramData/Microsoft/Crypto/RSA/mscorsvc.exe file:renamed-tool:mimikatz',
    'iis/Windows/Temp/wmiprvsr.exe yara:cellwatch_htran',
    'iis/inetpub/wwwroot/Content/theme.aspx file:web-root:time-stomped',
    'iis/inetpub/wwwroot/Content/theme.aspx yara:cellwatch_encoded_page_payload',
    'iis/inetpub/wwwroot/aspnet_client/system_web/4_0_30319/errorFE.aspx file:web-root:added-after-install',
    'iis/inetpub/wwwroot/aspnet_client/system_web/4_0_30319/errorFE.aspx yara:cellwatch_china_chopper_aspx',
    'iis/inetpub/wwwroot/owa/auth/HttpProxy.aspx file:web-root:added-after-install',
    'iis/inetpub/wwwroot/owa/auth/HttpProxy.aspx yara:cellwatch_aspx_command_shell',
    'iis/inetpub/wwwroot/owa/auth/HttpProxy.aspx yara:cellwatch_blackmould_like_aspx',
    'jboss/standalone/deployments/ROOT/css/style.jsp file:web-root:added-after-install',
    'jboss/standalone/deployments/ROOT/css/style.jsp yara:cellwatch_china_chopper_jsp',
    'jboss/standalone/deployments/jmx-console.war!/cmd.jsp yara:cellwatch_jsp_command_shell',
  ]);
  assert.ok(r.lines.every((f) => !f.source.path.includes('/benign/')));
  const renamed = r.lines.find((f) => f.rule.id === 'file:renamed-tool:mimikatz')!;
  assert.equal(renamed.matched.OriginalFilename, 'mimikatz.exe');
  assert.equal(renamed.ts, '2019-03-04T10:22:00.000Z');
});

test('worker threads give the same findings as one thread', () => {
  const one = sweep([tree, '-t', '1']).lines.map((f) => JSON.stringify(f)).sort();
  const two = sweep([tree, '-t', '2']).lines.map((f) => JSON.stringify(f)).sort();
  assert.deepEqual(two, one);
});

test('hash and file-name indicators from --intel, for files and archive members', () => {
  const war = path.join(tree, 'jboss/standalone/deployments/jmx-console.war');
  const page = path.join(tree, 'iis/inetpub/wwwroot/benign/web.config');
  const sha256 = createHash('sha256').update(readFileSync(page)).digest('hex');
  const md5 = createHash('md5').update(readFileSync(war)).digest('hex');
  const intel = path.join(root, 'intel.csv');
  writeFileSync(intel, `type,value,source,tags\nsha256,${sha256},case-42,webshell\nmd5,${md5},case-42,\nfilename,cmd.jsp,case-42,webshell\n`);
  const r = sweep([tree, '--no-builtin', '--intel', intel]);
  const got = r.lines.filter((f) => f.detector === 'ioc').map((f) => `${rel(f.source.path)} ${f.rule.id.split(':').slice(0, 2).join(':')}`).sort();
  assert.deepEqual(got, [
    'iis/inetpub/wwwroot/benign/web.config ioc:sha256',
    'jboss/standalone/deployments/jmx-console.war ioc:md5',
    'jboss/standalone/deployments/jmx-console.war!/cmd.jsp ioc:filename',
  ]);
});

test('--from/--to filter on file times; --max-file-size hashes without content scanning; --exclude', () => {
  const late = sweep([tree, '--from', '2019-01-01', '--to', '2019-12-31']).lines;
  assert.ok(late.length > 0);
  assert.ok(late.every((f) => f.ts.startsWith('2019')));
  const small = sweep([tree, '--max-file-size', '100', '-q']);
  assert.ok(small.lines.every((f) => f.detector === 'file' && f.rule.id.startsWith('file:web-root')));
  const excluded = sweep([tree, '-x', 'iis', '-q']).lines;
  assert.ok(excluded.length > 0 && excluded.every((f) => f.source.path.includes('/jboss/')));
});

test('exit codes: 3 with --fail-on, 2 for a missing path or a bad size; unreadable files are warnings', () => {
  assert.equal(runCli(['sweep', tree, '-q', '--fail-on', 'critical', '-f', 'csv']).code, 3);
  const filtered = runCli(['sweep', tree, '-q', '--fail-on', 'low', '--level', 'critical', '-f', 'jsonl']);
  assert.equal(filtered.code, 3);
  assert.ok(filtered.stdout.trim().split('\n').every((l) => JSON.parse(l).rule.level === 'critical'));
  assert.equal(runCli(['sweep', tree, '-q', '--fail-on', 'critical', '--no-builtin', '-x', 'iis']).code, 0);
  const missing = runCli(['sweep', path.join(root, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope: no such file or folder/);
  assert.equal(runCli(['sweep', tree, '--max-file-size', 'lots']).code, 2);
  const badRules = path.join(root, 'bad.yar');
  writeFileSync(badRules, 'rule broken { condition: $x }\n');
  const withBad = runCli(['sweep', tree, '--rules', badRules, '-f', 'jsonl']);
  assert.equal(withBad.code, 0);
  assert.match(withBad.stderr, /bad\.yar:1: unknown pattern `\$x`/);
  assert.ok(withBad.stdout.includes('cellwatch_china_chopper_aspx'));
});

test('an unreadable file is reported once by name and the sweep goes on', { skip: process.getuid?.() === 0 ? 'running as root: every file is readable' : false }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-unread-'));
  writeFileSync(path.join(dir, 'locked.aspx'), 'x');
  chmodSync(path.join(dir, 'locked.aspx'), 0);
  writeFileSync(path.join(dir, 'shell.aspx'), '<%@ Page Language="Jscript"%><%eval(Request.Item["z"],"unsafe");%>');
  const r = runCli(['sweep', dir, '-f', 'jsonl']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr.split('\n').filter((l) => l.includes('locked.aspx')).length, 1);
  assert.match(r.stderr, /locked\.aspx: cannot read: permission denied/);
  assert.ok(r.stdout.includes('shell.aspx'));
});

test('every finding names the swept machine: this host by default, --host-name for a mounted image', () => {
  const here = sweep([tree, '-q']).lines;
  assert.ok(here.length > 0);
  assert.deepEqual([...new Set(here.map((f) => f.host))], [hostname()]);
  const image = sweep([tree, '-q', '-t', '2', '--host-name', 'WEB-IIS01']).lines;
  assert.equal(image.length, here.length);
  assert.deepEqual([...new Set(image.map((f) => f.host))], ['WEB-IIS01']);
  assert.equal(runCli(['sweep', tree, '--host-name', 'two words']).code, 2);
});

test('the summary is built from the sweep counts: files, MB, threads, host, problems, detectors, findings by rule', () => {
  const yar = path.join(root, 'broken-for-summary.yar');
  writeFileSync(yar, 'rule broken { condition: $x }\n');
  const r = runCli(['sweep', tree, '-t', '1', '-f', 'jsonl', '--host-name', 'WEB-IIS01', '--max-file-size', '2K', '--rules', yar]);
  assert.equal(r.code, 0, r.stderr);
  const summary = r.stderr.slice(r.stderr.indexOf('Summary\n'));
  const files = Number(/^ {2}swept {5}(\d+) files, \d+\.\d MB \((\d+) larger than --max-file-size: hashed only\), 1 thread$/m.exec(summary)?.[1]);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
  assert.ok(files >= new Set(lines.map((f) => f.source.path.split('!/')[0])).size && files > 10, summary);
  assert.match(summary, /^ {2}host {6}WEB-IIS01$/m);
  assert.match(summary, /^ {2}problems {2}1 \(unreadable files, archive members, rule files\)$/m);
  assert.match(summary, /^ {2}detectors \d+ YARA rules, \d[\d,]* indicators, renamed-tool and web-root checks$/m);
  assert.match(summary, /^ {2}elapsed {3}\d+\.\d\d s \(\d+\.\d MB\/s\)$/m);
  assert.match(summary, new RegExp(`^ {2}findings {2}${lines.length} \\(critical \\d+, high \\d+, medium \\d+, low \\d+, informational \\d+\\)$`, 'm'));
  assert.match(summary, /^Findings by rule\n {8}3 {2}low {11}file {2}Script page added/m);
  assert.match(summary, /^Attack chain .*\n {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}WEB-IIS01 /m);
  assert.doesNotMatch(summary, /events|bad records|sigma rules/);
});
