import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type AddressInfo } from 'node:net';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');

test('serve: bad --listen, a missing token file or a busy port are one-line usage errors (exit 2)', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-serve-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync(process.execPath, [main, 'serve', '--data', dir, ...args], { encoding: 'utf8', timeout: 60_000 });
  const listen = run('--listen', 'localhost');
  assert.equal(listen.status, 2);
  assert.match(listen.stderr, /expected HOST:PORT/);
  const token = run('--token-file', path.join(dir, 'nope'));
  assert.equal(token.status, 2);
  assert.match(token.stderr, /nope: no such file or folder/);
  assert.doesNotMatch(token.stderr, /at .*\.js:\d+/, 'no stack trace');
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  t.after(() => busy.close());
  const port = (busy.address() as AddressInfo).port;
  const taken = run('--listen', `127.0.0.1:${port}`);
  assert.equal(taken.status, 2);
  assert.match(taken.stderr, new RegExp(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`));
});
