import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'cli', 'main.js');

test('serve output flags: a bad webhook URL, syslog target, level or header file is a one-line usage error (exit 2)', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-output-flags-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync(process.execPath, [main, 'serve', '--data', dir, '--listen', '127.0.0.1:0', ...args], { encoding: 'utf8', timeout: 60_000 });
  const cases: [string[], RegExp][] = [
    [['--webhook', 'ftp://siem.example/hook'], /--webhook.*expected an http:\/\/ or https:\/\/ URL/],
    [['--forward-syslog', 'siem.example:514'], /--forward-syslog.*expected udp:\/\/HOST:PORT or tcp:\/\/HOST:PORT/],
    [['--forward-syslog', 'tcp://siem.example:70000'], /expected udp:\/\/HOST:PORT/],
    [['--webhook-level', 'severe'], /--webhook-level.*expected one of informational/],
    [['--forward-format', 'leef'], /--forward-format.*cef, json/],
  ];
  writeFileSync(path.join(dir, 'headers'), 'Authorization: Bearer s3cret\nnot a header line\n');
  cases.push([['--webhook', 'https://siem.example/hook', '--webhook-header-file', path.join(dir, 'headers')], /headers:2: expected 'Name: value'/]);
  cases.push([['--webhook-header-file', path.join(dir, 'headers')], /--webhook-header-file needs --webhook/]);
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /s3cret/, 'header values are never printed');
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  }
});
