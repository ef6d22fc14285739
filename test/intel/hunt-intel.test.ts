/**
 * `cellwatch hunt --intel` end to end: retro-hunt matches marked and counted, --strict-validity,
 * one finding per event and indicator value across packs, the address policy and deep intel files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli/run-cli.js';
import type { Finding } from '../../src/findings/finding.js';

const OLD_C2 = 'helpinfo.publicvm.com';
const SHARED_C2 = 'asyspy256.ddns.net';

/** A DNS log from 2019, a STIX report published in 2025 and an analyst's own CSV list. */
function fixture(dir: string): { log: string; stix: string; csv: string } {
  const dns = (ts: string, record: number, query: string): string =>
    JSON.stringify({ '@timestamp': ts, 'host.name': 'dns01', 'event.code': '22', QueryName: query, RecordNumber: record });
  const log = path.join(dir, 'dns.jsonl');
  writeFileSync(log, [
    dns('2019-03-04T10:22:31.000Z', 1, OLD_C2),
    dns('2019-03-05T08:00:00.000Z', 2, `x.${SHARED_C2}`),
    dns('2019-03-06T09:00:00.000Z', 3, 'www.telco.example.net'),
  ].join('\n') + '\n');
  const stix = path.join(dir, 'report-2025.json');
  const indicator = (id: string, domain: string): object => ({
    type: 'indicator', spec_version: '2.1', id: `indicator--${id}`, pattern_type: 'stix', created_by_ref: 'identity--cert',
    pattern: `[domain-name:value = '${domain}']`, valid_from: '2025-06-01T00:00:00Z', labels: ['c2'],
  });
  writeFileSync(stix, JSON.stringify({
    type: 'bundle', id: 'bundle--1',
    objects: [{ type: 'identity', id: 'identity--cert', name: 'Telco CERT' }, indicator('1', OLD_C2), indicator('2', SHARED_C2)],
  }, null, 1));
  const csv = path.join(dir, 'own.csv');
  writeFileSync(csv, `type,value,source,tags\ndomain,${SHARED_C2},soc-2024,dynamic-dns\nip,10.0.0.5,soc-2024,pivot\n`);
  return { log, stix, csv };
}

const findings = (stdout: string): Finding[] => stdout.trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Finding);

test('hunt: indicators published after the logs still match, marked and counted; --strict-validity drops them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-hunt-intel-'));
  try {
    const { log, stix, csv } = fixture(dir);
    const args = ['hunt', log, '--no-builtin', '--intel', stix, '--intel', csv, '--format', 'jsonl', '--no-progress'];
    const r = runCli(args);
    assert.equal(r.code, 0, r.stderr);
    const fs = findings(r.stdout);
    assert.equal(fs.length, 2, r.stdout);
    const old = fs.find((f) => f.rule.id === `ioc:domain:${OLD_C2}`)!;
    assert.deepEqual(old.intel, {
      source: 'Telco CERT', tags: ['c2'], sources: ['Telco CERT'], indicator_valid: false, valid_from: '2025-06-01T00:00:00.000Z',
    });
    // In both the report and the CSV: one finding, both sources, valid through the CSV's entry.
    const shared = fs.find((f) => f.rule.id === `ioc:domain:${SHARED_C2}`)!;
    assert.deepEqual(shared.intel, { source: 'soc-2024', tags: ['dynamic-dns', 'c2'], sources: ['soc-2024', 'Telco CERT'], indicator_valid: true });
    assert.match(r.stderr, /validity\s+1 indicator findings outside the indicator's validity window/);
    assert.match(r.stderr, /own\.csv: dropped 1 private\/reserved address \(10\.0\.0\.5 \(private\)\)/);

    const strict = runCli([...args, '--strict-validity']);
    assert.equal(strict.code, 0, strict.stderr);
    const kept = findings(strict.stdout);
    assert.deepEqual(kept.map((f) => f.rule.id), [`ioc:domain:${SHARED_C2}`]);
    assert.deepEqual(kept[0]!.intel!.sources, ['soc-2024']);
    assert.doesNotMatch(strict.stderr, /validity\s+\d/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hunt --intel: a 100,000-deep intel file is one warning; its other indicators and other files still hunt', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-hunt-intel-'));
  try {
    const { log, csv } = fixture(dir);
    const deep = path.join(dir, 'deep-misp.json');
    const depth = 100_000;
    writeFileSync(deep, `{"Event":{"info":"x","Attribute":[\n{"type":"domain","value":"${OLD_C2}","to_ids":true},\n` +
      `{"type":"domain","value":"other.ddns.net","to_ids":true,"Tag":${'['.repeat(depth)}${']'.repeat(depth)}}\n]}}`);
    const r = runCli(['hunt', log, '--no-builtin', '--intel', deep, '--intel', csv, '--format', 'jsonl', '--no-progress']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(findings(r.stdout).map((f) => f.rule.id).sort(), [`ioc:domain:${SHARED_C2}`, `ioc:domain:${OLD_C2}`]);
    assert.match(r.stderr, /deep-misp\.json:line 3: Attribute\[1\]: nested more than 64 levels deep; not imported/);
    assert.doesNotMatch(r.stderr, /RangeError|Maximum call stack|internal error/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
