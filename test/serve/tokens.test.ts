import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureTokenFile, readTokenFile, tokenSet } from '../../src/serve/tokens.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

test('Bearer, ApiKey (plain or id:key as Beats send it) and Basic with the token as password', () => {
  const set = tokenSet(['first-token', 's3cret-Token']);
  assert.equal(set.check('Bearer s3cret-Token'), 'token-2');
  assert.equal(set.check('bearer first-token'), 'token-1');
  assert.equal(set.check('ApiKey s3cret-Token'), 'token-2');
  assert.equal(set.check(`ApiKey ${b64('winlogbeat:s3cret-Token')}`), 'token-2');
  assert.equal(set.check(`Basic ${b64('elastic:s3cret-Token')}`), 'token-2');
  assert.equal(set.check(`Basic ${b64('anyone:first-token')}`), 'token-1');
});

test('wrong tokens, other schemes and malformed headers are refused', () => {
  const set = tokenSet(['s3cret-Token']);
  for (const h of [undefined, '', 'Bearer', 'Bearer s3cret-token', 'Bearer s3cret-Token2', 'Token s3cret-Token',
    `Basic ${b64('s3cret-Token')}`, `Basic ${b64('user:wrong')}`, `ApiKey ${b64('id:wrong')}`]) {
    assert.equal(set.check(h), undefined, String(h));
  }
});

test('a token file is generated once with mode 0600; comments and blank lines are ignored', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-token-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'token');
  assert.equal(ensureTokenFile(file), true);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const token = readTokenFile(file);
  assert.equal(token.length, 1);
  assert.match(token[0]!, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(ensureTokenFile(file), false);
  assert.deepEqual(readTokenFile(file), token);
  writeFileSync(file, '# shippers\n\nalpha\n  beta  \n');
  assert.deepEqual(readTokenFile(file), ['alpha', 'beta']);
  writeFileSync(file, '# nothing\n');
  assert.throws(() => readTokenFile(file), /no token in the file/);
  assert.ok(readFileSync(file, 'utf8').length > 0);
});
