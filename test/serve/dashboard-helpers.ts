/** Helpers for dashboard tests: sign in over HTTP, call the dashboard API with the session. */
import assert from 'node:assert/strict';
import type { Running } from './serve-helpers.js';

export interface Signed {
  cookie: string;
  csrf: string;
  origin: string;
}

/** Signs in with the form (as a browser would: same Origin) and reads the CSRF token from the page. */
export async function signIn(r: Running, name = 'alice', token = r.token): Promise<Signed> {
  const res = await fetch(`${r.base}/dashboard/login`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ token, name }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: r.base },
  });
  assert.equal(res.status, 303, `login answered ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.match(cookie, /^cellwatch_session=[\w-]{20,}$/);
  const page = await fetch(`${r.base}/dashboard/`, { headers: { Cookie: cookie } });
  assert.equal(page.status, 200);
  const csrf = /<meta name="cw-csrf" content="([^"]+)">/.exec(await page.text())?.[1];
  assert.ok(csrf, 'the page carries the CSRF token');
  return { cookie, csrf, origin: r.base };
}

export async function dashGet<T>(r: Running, s: Signed, path: string): Promise<T> {
  const res = await fetch(`${r.base}/dashboard/api/${path}`, { headers: { Cookie: s.cookie } });
  assert.equal(res.status, 200, `GET ${path}: ${res.status} ${res.status === 200 ? '' : await res.text()}`);
  return (await res.json()) as T;
}

/** A POST as the page sends it; `headers` can take the CSRF token or the Origin away. */
export async function dashPost(r: Running, s: Signed, path: string, body: string, headers: Record<string, string | undefined> = {}): Promise<Response> {
  const all: Record<string, string | undefined> = { Cookie: s.cookie, Origin: s.origin, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json', ...headers };
  const sent = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
  return fetch(`${r.base}/dashboard/api/${path}`, { method: 'POST', body, headers: sent });
}
