import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../src/serve/http-error.js';
import { checkCsrf, checkOrigin } from '../../src/serve/dashboard/request-guard.js';
import { SESSION_COOKIE, SessionStore } from '../../src/serve/dashboard/sessions.js';

function request(headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { headers, socket: { encrypted } } as unknown as IncomingMessage;
}

const refused = (fn: () => void): number => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof HttpError);
    return err.status;
  }
  return 0;
};

test('sessions: found by cookie, ended at logout or after 12 idle hours, each with its own CSRF token', () => {
  let now = Date.parse('2026-11-29T08:00:00Z');
  const store = new SessionStore(() => now);
  const a = store.create('alice (token-1)');
  const b = store.create('token-2');
  assert.notEqual(a.id, b.id);
  assert.notEqual(a.csrf, b.csrf);
  const cookieOf = (id: string): IncomingMessage => request({ cookie: `other=1; ${SESSION_COOKIE}=${id}; x=y` });
  assert.equal(store.of(cookieOf(a.id))?.actor, 'alice (token-1)');
  assert.equal(store.of(cookieOf('forged')), undefined);
  assert.equal(store.of(request({})), undefined);
  store.end(b);
  assert.equal(store.of(cookieOf(b.id)), undefined);
  now += 11 * 3600_000;
  assert.ok(store.of(cookieOf(a.id)), 'use within 12 hours keeps it');
  now += 12 * 3600_000 + 1;
  assert.equal(store.of(cookieOf(a.id)), undefined, 'idle for over 12 hours');
});

test('Origin check: same origin as the Host, Referer when there is no Origin, https behind TLS', () => {
  const host = '127.0.0.1:8470';
  assert.equal(refused(() => checkOrigin(request({ host, origin: 'http://127.0.0.1:8470' }))), 0);
  assert.equal(refused(() => checkOrigin(request({ host, referer: 'http://127.0.0.1:8470/dashboard/' }))), 0);
  assert.equal(refused(() => checkOrigin(request({ host }))), 403);
  assert.equal(refused(() => checkOrigin(request({ host, origin: 'null' }))), 403);
  assert.equal(refused(() => checkOrigin(request({ host, origin: 'http://127.0.0.1:8471' }))), 403);
  assert.equal(refused(() => checkOrigin(request({ host, origin: 'http://127.0.0.1:8470' }, true))), 403, 'over TLS the origin is https');
  assert.equal(refused(() => checkOrigin(request({ host, origin: 'https://127.0.0.1:8470' }, true))), 0);
  const session = new SessionStore().create('token-1');
  const origin = 'http://127.0.0.1:8470';
  assert.equal(refused(() => checkCsrf(request({ host, origin, 'x-csrf-token': session.csrf }), session)), 0);
  assert.equal(refused(() => checkCsrf(request({ host, origin }), session, session.csrf)), 0, 'the form field');
  assert.equal(refused(() => checkCsrf(request({ host, origin }), session)), 403);
  assert.equal(refused(() => checkCsrf(request({ host, origin, 'x-csrf-token': 'guess' }), session)), 403);
});
