import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './run-cli.js';
import { writeScopeFixture } from './scope-fixture.js';
import { parseTimeBound } from '../../src/cli/scope-options.js';
import { timeFormatter } from '../../src/events/display-time.js';

const { logs, rules } = writeScopeFixture();
const hunt = (...args: string[]): { code: number; findings: Array<{ ts: string; host: string }>; stderr: string } => {
  const r = runCli(['hunt', logs, '--no-builtin', '-r', rules, '-f', 'jsonl', '--no-progress', ...args]);
  const findings = r.stdout.trim() ? r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ts: string; host: string }) : [];
  return { code: r.code, findings, stderr: r.stderr };
};

test('time bounds: a bare --to date covers that whole day, date-times keep their zone, bad values name the flag', () => {
  assert.equal(parseTimeBound('2019-03-04', false), Date.parse('2019-03-04T00:00:00Z'));
  assert.equal(parseTimeBound('2019-03-04', true), Date.parse('2019-03-05T00:00:00Z'));
  assert.equal(parseTimeBound('2019-03-04T10:00:00+02:00', false), Date.parse('2019-03-04T08:00:00Z'));
  assert.equal(parseTimeBound('2019-03-04 10:00', false), Date.parse('2019-03-04T10:00:00Z'));
  // A date-time --to is inclusive.
  assert.equal(parseTimeBound('2019-03-04T10:00:00Z', true), Date.parse('2019-03-04T10:00:00Z') + 1);
  const bad = runCli(['hunt', logs, '--from', '04/03/2019']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--from <time>.*'04\/03\/2019' is not an ISO 8601 date/);
  const month = runCli(['stats', logs, '--to', '2019-13-01']);
  assert.equal(month.code, 2);
  assert.match(month.stderr, /--to <time>/);
  const reversed = runCli(['search', logs, '-k', 'x', '--from', '2019-03-06', '--to', '2019-03-05']);
  assert.equal(reversed.code, 2);
  assert.match(reversed.stderr, /--from must be earlier than --to/);
  assert.match(runCli(['stats', logs, '--tz', 'Mars/Olympus']).stderr, /'Mars\/Olympus' is not a time zone/);
});

test('--from/--to skip events before detection and the summary counts them', () => {
  const all = hunt();
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.findings.length, 7);
  const day = hunt('--from', '2019-03-04', '--to', '2019-03-04');
  assert.deepEqual(day.findings.map((f) => f.ts), ['2019-03-04T08:00:00.000Z', '2019-03-04T09:00:00.000Z', '2019-03-04T23:59:59.000Z']);
  assert.match(day.stderr, /scope\s+5 events outside --from\/--to, 0 filtered by host\/channel\/eid/);
  const zoned = hunt('--from', '2019-03-05T12:00:00+01:00');
  assert.deepEqual(zoned.findings.map((f) => f.ts), ['2019-03-05T11:00:00.000Z', '2019-03-06T09:00:00.000Z', '2019-03-06T09:00:05.000Z']);
});

test('--host matches the host value, the canonical host and short names, the same on 1 and 2 threads', () => {
  // `web01.corp.*` names only the FQDN; the events logged as plain `WEB01` belong to the same machine.
  for (const threads of ['1', '2']) {
    const r = hunt('--host', 'web01.corp.*', '-t', threads);
    assert.equal(r.findings.length, 4, `threads ${threads}`);
    assert.ok(r.findings.every((f) => f.host === 'WEB01.corp.example'));
    assert.match(r.stderr, /0 events outside --from\/--to, 3 filtered by host/);
  }
  assert.deepEqual(new Set(hunt('--host', 'DC01').findings.map((f) => f.host)), new Set(['DC01.corp.example']));
  const excluded = hunt('--exclude-host', 'web*');
  assert.equal(excluded.findings.length, 3);
  assert.ok(excluded.findings.every((f) => f.host === 'DC01.corp.example'));
});

test('--eid, --exclude-eid, --channel and --exclude narrow what is read', () => {
  assert.equal(hunt('--eid', '4625').findings.length, 3);
  assert.equal(hunt('--eid', '4688,4625', '--exclude-eid', '4625').findings.length, 0);
  assert.equal(hunt('--channel', 'security').findings.length, 7);
  assert.equal(hunt('--channel', 'System').findings.length, 0);
  assert.equal(hunt('--channel', 'jsonl').findings.length, 7, 'the reader format is a channel too');
  const noDc = hunt('--exclude', 'dc01/**');
  assert.equal(noDc.findings.length, 4);
  assert.match(noDc.stderr, /read\s+2 files/);
  assert.equal(hunt('--exclude', 'app.jsonl').findings.length, 6);
  assert.match(runCli(['hunt', logs, '--eid', '46x']).stderr, /'46x' is not an Event ID/);
});

test('--tz shows times in the zone with its offset; UTC by default', () => {
  const ms = Date.parse('2019-03-04T23:30:00Z');
  assert.equal(timeFormatter()(ms), '2019-03-04 23:30:00');
  assert.equal(timeFormatter('Europe/Berlin')(ms), '2019-03-05 00:30:00+01:00');
  assert.equal(timeFormatter('America/New_York')(Date.parse('2019-07-01T12:00:00Z')), '2019-07-01 08:00:00-04:00');
  assert.equal(timeFormatter('Asia/Kolkata')(ms), '2019-03-05 05:00:00+05:30');
});

test('--host on standard input (read once): its hosts are judged by their own names', () => {
  const text = readFileSync(path.join(logs, 'dc01', 'security.jsonl'), 'utf8');
  const kept = runCli(['hunt', '-', '--no-builtin', '-r', rules, '-f', 'jsonl', '-q', '--host', 'dc01'], { input: text });
  assert.equal(kept.code, 0, kept.stderr);
  assert.equal(kept.stdout.trim().split('\n').length, 3);
  const dropped = runCli(['hunt', '-', '--no-builtin', '-r', rules, '-f', 'jsonl', '-q', '--exclude-host', 'DC01.corp.example'], { input: text });
  assert.equal(dropped.stdout, '');
});

test('hunt --tz: the table, the summary time range and the attack chain show the zone; JSONL keeps UTC', () => {
  const utc = hunt();
  assert.ok(utc.findings.length > 0);
  const first = utc.findings.map((f) => f.ts).filter(Boolean).sort()[0]!;
  const berlin = timeFormatter('Europe/Berlin')(Date.parse(first));
  const table = runCli(['hunt', logs, '--no-builtin', '-r', rules, '--no-progress', '--tz', 'Europe/Berlin'], { env: { COLUMNS: '200' } });
  assert.equal(table.code, 0);
  assert.ok(table.stdout.split('\n').some((l) => l.startsWith(berlin)), `a table row starts with ${berlin}`);
  assert.match(table.stderr, /time {6}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+0[12]:00 → /);
  const jsonl = hunt('--tz', 'Europe/Berlin');
  assert.deepEqual(jsonl.findings.map((f) => f.ts), utc.findings.map((f) => f.ts));
});
