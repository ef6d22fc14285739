import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TempDir, readAll } from './helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

test('Apache common and combined lines: Sigma webserver names, the log\'s own UTC offset, `-` empty', async () => {
  const log = [
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
    '192.0.2.44 - - [04/Mar/2019:10:22:31 +0100] "GET /portal/search.jsp?q=roaming&lang=en HTTP/1.1" 200 5120 "https://www.nordtel.example/" "Mozilla/5.0 (X11; Linux x86_64)"',
    '2001:db8::7 - - [04/Mar/2019:10:22:32 +0000] "HEAD / HTTP/1.1" 304 -',
  ].join('\n') + '\n';
  const r = await readAll(tmp.file('access_log', log));
  assert.equal(r.format, 'access');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 2, 3]);
  const [a, b, c] = r.events;
  assert.equal(a!.time, Date.UTC(2000, 9, 10, 20, 55, 36));
  assert.equal(a!.fields['cs-username'], 'frank');
  assert.equal(a!.fields['cs-uri-stem'], '/apache_pb.gif');
  assert.equal(a!.fields['c-uri-extension'], 'gif');
  assert.equal(a!.fields['sc-bytes'], '2326');
  assert.equal(a!.fields['cs-user-agent'], undefined, 'common format has no user agent');
  assert.equal(b!.time, Date.UTC(2019, 2, 4, 9, 22, 31));
  assert.equal(b!.fields.date, '2019-03-04');
  assert.equal(b!.fields.time, '09:22:31');
  assert.equal(b!.fields['c-ip'], '192.0.2.44');
  assert.equal(b!.fields['cs-method'], 'GET');
  assert.equal(b!.fields['cs-uri-stem'], '/portal/search.jsp');
  assert.equal(b!.fields['cs-uri-query'], 'q=roaming&lang=en');
  assert.equal(b!.fields['c-uri'], '/portal/search.jsp?q=roaming&lang=en');
  assert.equal(b!.fields['cs-version'], 'HTTP/1.1');
  assert.equal(b!.fields['cs-referer'], 'https://www.nordtel.example/');
  assert.equal(b!.fields['cs-user-agent'], 'Mozilla/5.0 (X11; Linux x86_64)');
  assert.equal(b!.fields['c-useragent'], 'Mozilla/5.0 (X11; Linux x86_64)');
  assert.equal(b!.raw, log.split('\n')[1]);
  assert.equal(c!.fields['c-ip'], '2001:db8::7');
  assert.equal(c!.fields['sc-bytes'], '');
});

test('Tomcat AccessLogValve and WildFly/Undertow variants: response time, virtual host, X-Forwarded-For', async () => {
  const log = [
    // Tomcat: pattern="%h %l %u %t &quot;%r&quot; %s %b %D"
    '10.20.1.5 - - [06/Mar/2019:04:10:00 +0100] "POST /bss/api/orders HTTP/1.1" 201 88 312',
    // Undertow combined + %D
    '203.0.113.9 - - [06/Mar/2019:04:10:01 +0100] "POST /invoker/JMXInvokerServlet HTTP/1.1" 200 1211 "-" "Java/1.8.0_181" 45',
    // nginx combined + "$http_x_forwarded_for"
    '10.0.0.2 - alice [06/Mar/2019:04:10:02 +0100] "GET /a\\"b?x=\\x22y\\x22 HTTP/1.1" 404 153 "-" "curl/7.29.0" "198.51.100.4"',
    // Undertow with %v last
    '10.0.0.3 - - [06/Mar/2019:04:10:03 +0100] "GET /health HTTP/1.1" 200 2 "-" "kube-probe/1.13" 1 portal.nordtel.example',
    // Apache vhost_combined
    'www.nordtel.example:443 10.0.0.4 - - [06/Mar/2019:04:10:04 +0100] "GET / HTTP/1.1" 200 9000 "-" "Mozilla/5.0"',
  ].join('\n');
  const r = await readAll(tmp.file('wildfly-access.log', log));
  assert.equal(r.format, 'access');
  assert.deepEqual(r.problems, []);
  const f = r.events.map((e) => e.fields);
  assert.equal(f[0]!['time-taken'], '312');
  assert.equal(f[0]!['cs-referer'], undefined);
  assert.equal(f[1]!['time-taken'], '45');
  assert.equal(f[1]!['cs-referer'], '');
  assert.equal(f[1]!['cs-user-agent'], 'Java/1.8.0_181');
  assert.equal(f[2]!['cs-uri-stem'], '/a"b');
  assert.equal(f[2]!['cs-uri-query'], 'x="y"');
  assert.equal(f[2]!['cs-username'], 'alice');
  assert.equal(f[2]!['x-forwarded-for'], '198.51.100.4');
  assert.equal(f[3]!['cs-host'], 'portal.nordtel.example');
  assert.equal(f[3]!['time-taken'], '1');
  assert.equal(f[4]!['cs-host'], 'www.nordtel.example');
  assert.equal(f[4]!['s-port'], '443');
  assert.equal(f[4]!['c-ip'], '10.0.0.4');
});

test('malformed lines are reported with their line number and reading goes on; a 400 with "-" request is kept', async () => {
  const log = [
    '10.0.0.1 - - [06/Mar/2019:04:10:00 +0000] "GET / HTTP/1.1" 200 10',
    '10.0.0.1 - - [06/Mar/2019:04:10:00 +0000] "GET / HTTP/1.1" OK 10',
    'java.lang.OutOfMemoryError: Java heap space',
    '10.0.0.1 - - [31/Foo/2019:04:10:00 +0000] "GET / HTTP/1.1" 200 10',
    '10.0.0.1 - - [06/Mar/2019:04:10:00 +0000] "GET /unterminated HTTP/1.1 200 10',
    '10.0.0.9 - - [06/Mar/2019:04:10:09 +0000] "-" 400 0',
  ].join('\n') + '\n';
  const r = await readAll(tmp.file('bad_access.log', log));
  assert.equal(r.format, 'access');
  assert.deepEqual(r.events.map((e) => e.source.record), [1, 6]);
  assert.deepEqual(r.problems.map((p) => p.where), ['line 2', 'line 3', 'line 4', 'line 5']);
  assert.match(r.problems[0]!.reason, /status 'OK'/);
  assert.match(r.problems[1]!.reason, /no \[time\]/);
  assert.match(r.problems[2]!.reason, /time '31\/Foo/);
  assert.match(r.problems[3]!.reason, /unterminated/);
  assert.equal(r.events[1]!.fields['cs-method'], '');
  assert.equal(r.events[1]!.fields.request, '-');
  assert.equal(r.events[1]!.fields['sc-status'], '400');
});

test('gzip-compressed access logs are read; a CSV with bracketed times is not taken for an access log', async () => {
  const line = '10.0.0.1 - - [06/Mar/2019:04:10:00 +0000] "GET / HTTP/1.1" 200 10\n';
  const gz = await readAll(tmp.file('access.log.1.gz', line.repeat(3), true));
  assert.equal(gz.format, 'access');
  assert.equal(gz.events.length, 3);
  const csv = await readAll(tmp.file('x.csv', 'ip,time,request\n10.0.0.1,[06/Mar/2019:04:10:00 +0000],GET /\n'));
  assert.equal(csv.format, 'csv');
});
