/**
 * Web-root time checks: which script pages are added after install or time-stomped, with and
 * without the platform's own files; pages outside web roots and non-scripts are never reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebRootContext, webRootOf } from '../../src/sweep/web-root-context.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2018, 5, 1);

const kinds = (ctx: WebRootContext): string[] => [...ctx.findings()].map((f) => `${f.path} ${f.kind}`).sort();

test('web roots of IIS, Apache and JBoss paths', () => {
  assert.equal(webRootOf('img/inetpub/wwwroot/a/b.aspx'), 'img/inetpub/wwwroot');
  assert.equal(webRootOf('opt/jboss/standalone/deployments/app.war/x.jsp'), 'opt/jboss/standalone/deployments/app.war');
  assert.equal(webRootOf('var/lib/tomcat/webapps/ROOT/index.jsp'), 'var/lib/tomcat/webapps/ROOT');
  assert.equal(webRootOf('home/user/notes/a.aspx'), undefined);
  assert.equal(webRootOf('srv/deployments/app.war'), undefined);
});

test('with install markers: added after install, time-stomped, and quiet neighbours', () => {
  const ctx = new WebRootContext();
  const add = (rel: string, t: number): void => ctx.add(`/case/${rel}`, rel, t);
  add('inetpub/wwwroot/iisstart.htm', T0);
  add('inetpub/wwwroot/iisstart.png', T0);
  add('inetpub/wwwroot/app/default.aspx', T0 + 3600_000);
  add('inetpub/wwwroot/app/login.aspx', T0 + 7200_000);
  add('inetpub/wwwroot/app/shell.aspx', T0 + 270 * DAY);
  add('inetpub/wwwroot/app/old.aspx', T0 - 3000 * DAY);
  add('inetpub/wwwroot/app/readme.txt', T0 + 300 * DAY);
  // A whole application deployed later: its pages are not reported.
  add('inetpub/wwwroot/v2/a.aspx', T0 + 100 * DAY);
  add('inetpub/wwwroot/v2/b.aspx', T0 + 100 * DAY);
  add('inetpub/wwwroot/v2/c.aspx', T0 + 100 * DAY);
  add('home/other/x.aspx', T0 + 999 * DAY);
  assert.deepEqual(kinds(ctx), [
    '/case/inetpub/wwwroot/app/old.aspx time-stomped',
    '/case/inetpub/wwwroot/app/shell.aspx added-after-install',
  ]);
});

test('without markers: time-stomped only against at least three neighbours', () => {
  const ctx = new WebRootContext();
  const add = (rel: string, t: number): void => ctx.add(rel, rel, t);
  for (const [i, n] of ['a', 'b', 'c'].entries()) add(`www/htdocs/${n}.php`, T0 + i * 600_000);
  add('www/htdocs/x.php', T0 - 400 * DAY);
  add('www/htdocs/small/only.php', T0 - 400 * DAY);
  add('www/htdocs/small/one.php', T0);
  assert.deepEqual(kinds(ctx), ['www/htdocs/x.php time-stomped']);
});
