import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IocDetector } from '../../src/ioc/index.js';
import { fieldKind, K_CMD, K_IPNUM, K_PATH, K_SERVICE, K_SKIP, loadFieldTaxonomy, parseFieldTaxonomy } from '../../src/ioc/field-kinds.js';
import type { Finding } from '../../src/findings/finding.js';

test('the shipped taxonomy gives the kinds the matching rules rely on', () => {
  assert.equal(fieldKind('Image'), K_PATH);
  assert.equal(fieldKind('process.parent.executable'), K_PATH);
  assert.equal(fieldKind('winlog.event_data.ServiceName'), K_SERVICE);
  assert.equal(fieldKind('other.servicename'), 0, 'a service name only under its own names');
  assert.equal(fieldKind('ProcessGuid'), K_SKIP);
  assert.equal(fieldKind('CommandLine') & K_CMD, K_CMD);
  assert.equal(fieldKind('id.resp_h'), K_IPNUM);
});

test('a taxonomy given to the detector decides which fields are read as paths', () => {
  // A name with a space is no token of free text: only a path field's last element finds it.
  const taxonomy = parseFieldTaxonomy({ kinds: { path: { fields: ['dropped'] } } }, 'custom.yml');
  const indicators = [{ type: 'filename' as const, value: 'htran (1).exe', source: 's', tags: [] }];
  const event = { fields: { Dropped: 'D:\\x\\HTRAN (1).EXE', Image: 'C:\\t\\htran (1).exe' }, source: { path: 'a.json', record: 1, format: 'jsonl' }, time: NaN, raw: null };
  const seen = (d: IocDetector): string[] => {
    const out: Finding[] = [];
    d.examine(event, (f) => out.push(f));
    return out.map((f) => Object.keys(f.matched)[0]!);
  };
  assert.deepEqual(seen(new IocDetector(indicators, { fieldTaxonomy: taxonomy })), ['Dropped']);
  assert.deepEqual(seen(new IocDetector(indicators)), ['Image']);
});

test('a malformed taxonomy is an error naming the file and the key', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-taxonomy-'));
  const file = path.join(dir, 'fields.yml');
  writeFileSync(file, 'kinds:\n  path:\n    last: [image, 3]\n');
  assert.throws(() => loadFieldTaxonomy(file), { message: `${file}: kinds.path.last[1]: not a string` });
  assert.throws(() => parseFieldTaxonomy({ kinds: { paths: {} } }, 'f.yml'), { message: /^f\.yml: kinds\.paths: unknown key \(known: path, service/ });
  assert.throws(() => parseFieldTaxonomy({ kinds: { service: { pattern: '(' } } }, 'f.yml'), { message: /^f\.yml: kinds\.service\.pattern: not a valid regular expression/ });
});

test('hunt --mappings DIR reads DIR/ioc/indicator-fields.yml; a malformed one stops the hunt with one line (exit 2)', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-mappings-'));
  const maps = path.join(dir, 'mappings');
  cpSync(path.join(root, 'content', 'mappings'), maps, { recursive: true });
  const logs = path.join(dir, 'logs');
  mkdirSync(logs);
  const event = { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WS1', Dropped: 'C:\\x\\htran (1).exe', UtcTime: '2019-03-04 10:00:00.000' };
  // Two files, so --threads 2 runs two workers, each loading the taxonomy itself.
  writeFileSync(path.join(logs, 'a.jsonl'), `${JSON.stringify(event)}\n`);
  writeFileSync(path.join(logs, 'b.jsonl'), `${JSON.stringify({ ...event, Computer: 'WS2' })}\n`);
  const intel = path.join(dir, 'ind.csv');
  writeFileSync(intel, 'type,value\nfilename,htran (1).exe\n');
  const hunt = (...extra: string[]) => spawnSync(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'hunt', logs, '-i', intel, '--no-builtin', '-q', '--no-progress', '-f', 'jsonl', ...extra], { encoding: 'utf8' });
  assert.equal(hunt('--mappings', maps).stdout, '', 'the shipped taxonomy does not read Dropped as a path');
  writeFileSync(path.join(maps, 'ioc', 'indicator-fields.yml'), 'kinds:\n  path:\n    fields: [dropped]\n');
  const found = hunt('--mappings', maps, '--threads', '2');
  assert.equal(found.status, 0, found.stderr);
  assert.deepEqual(found.stdout.trim().split('\n').map((l) => JSON.parse(l).host).sort(), ['WS1', 'WS2']);
  writeFileSync(path.join(maps, 'ioc', 'indicator-fields.yml'), 'kinds:\n  path:\n    lst: [dropped]\n');
  const bad = hunt('--mappings', maps);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim(), `cellwatch: ${path.join(maps, 'ioc', 'indicator-fields.yml')}: kinds.path.lst: unknown key (known: fields, last, pattern)`);
});
