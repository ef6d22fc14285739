import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TempDir, readAll } from './helpers.js';

const tmp = new TempDir();
after(() => tmp.remove());

const IIS = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Date: 2019-03-04 10:00:00',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  '2019-03-04 10:22:31 10.1.1.5 POST /owa/auth/errorEE.aspx - 443 - 203.0.113.7 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 15',
  '2019-03-04 10:22:35 10.1.1.5 GET /aspnet_client/system_web/x.aspx cmd=whoami&z1=Y2QgL2Q= 443 CORP\\svc 203.0.113.7 - https://mail.example.com/ 200 0 0 7',
  '2019-03-04 10:22:36 10.1.1.5 GET /short 443',
  '#Software: Microsoft Internet Information Services 10.0',
  '#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(Cookie) cs-host',
  '2019-03-04 10:23:00 203.0.113.7 GET /favicon.ico 404 ASP.NET_SessionId=abc mail.example.com',
  '',
].join('\r\n');

test('IIS W3C log: W3C names, Sigma taxonomy aliases, `-` empty, `+` in user agent, time, header change', async () => {
  const r = await readAll(tmp.file('u_ex190304.log', IIS));
  assert.equal(r.format, 'w3c');
  assert.equal(r.events.length, 3);
  assert.deepEqual(r.events.map((e) => e.source.record), [5, 6, 10]);
  const [a, b, c] = r.events.map((e) => e.fields);
  assert.equal(a!['cs-method'], 'POST');
  assert.equal(a!['cs-uri-stem'], '/owa/auth/errorEE.aspx');
  assert.equal(a!['cs-uri-query'], '');
  assert.equal(a!['cs-username'], '');
  assert.equal(a!['cs(User-Agent)'], 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)');
  assert.equal(a!['cs-user-agent'], 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)');
  assert.equal(a!['c-useragent'], 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)');
  assert.equal(a!['c-uri'], '/owa/auth/errorEE.aspx');
  assert.equal(a!['cs-uri'], '/owa/auth/errorEE.aspx');
  assert.equal(a!['c-uri-extension'], 'aspx');
  assert.equal(a!['sc-status'], '200');
  assert.equal(a!['src_ip'], '203.0.113.7');
  assert.equal(a!['dst_ip'], '10.1.1.5');
  assert.equal(r.events[0]!.time, Date.parse('2019-03-04T10:22:31Z'));
  assert.equal(b!['cs-uri-query'], 'cmd=whoami&z1=Y2QgL2Q=');
  assert.equal(b!['c-uri-query'], 'cmd=whoami&z1=Y2QgL2Q=');
  assert.equal(b!['cs-uri'], '/aspnet_client/system_web/x.aspx?cmd=whoami&z1=Y2QgL2Q=');
  assert.equal(b!['cs-username'], 'CORP\\svc');
  assert.equal(b!['cs-referer'], 'https://mail.example.com/');
  assert.equal(b!['cs-user-agent'], '');
  assert.equal(c!['cs-cookie'], 'ASP.NET_SessionId=abc');
  assert.equal(c!['cs-host'], 'mail.example.com');
  assert.equal(c!['sc-status'], '404');
  assert.equal(c!['c-uri-extension'], 'ico');
  assert.equal(r.events[2]!.time, Date.parse('2019-03-04T10:23:00Z'));
  assert.equal(r.events[0]!.raw, IIS.split('\r\n')[4]);
  assert.equal(r.problems.length, 1);
  assert.deepEqual(r.problems[0], { path: r.events[0]!.source.path, where: 'line 7', reason: 'expected 15 fields, found 6' });
});

test('time-only W3C log takes the date from #Date; gzip with a misleading name is detected', async () => {
  const log = ['#Version: 1.0', '#Date: 2019-03-05 00:00:00', '#Fields: time c-ip cs-method cs-uri-stem sc-status', '01:02:03 198.51.100.9 GET /index.jsp 200', ''].join('\n');
  const r = await readAll(tmp.file('access.json', log, true));
  assert.equal(r.format, 'w3c');
  assert.equal(r.events.length, 1);
  assert.equal(r.events[0]!.time, Date.parse('2019-03-05T01:02:03Z'));
  assert.equal(r.events[0]!.fields['c-uri-extension'], 'jsp');
});

test('data before any #Fields is reported per line', async () => {
  const log = ['#Software: Microsoft Internet Information Services 8.5', '2019-03-04 10:22:31 GET /', '#Fields: date time cs-method cs-uri-stem', '2019-03-04 10:22:32 GET /a', ''].join('\n');
  const r = await readAll(tmp.file('noheader.log', log));
  assert.equal(r.format, 'w3c');
  assert.equal(r.events.length, 1);
  assert.deepEqual(r.problems.map((p) => p.where), ['line 2']);
});

test('a W3C log with only headers is zero events', async () => {
  const r = await readAll(tmp.file('u_ex190305.log', '#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2019-03-05 00:00:00\n#Fields: date time cs-method\n'));
  assert.deepEqual([r.format, r.events.length, r.problems.length], ['w3c', 0, 0]);
});

test('quoted W3C values (proxies) are split on spaces outside quotes', async () => {
  const { splitQuoted } = await import('../../src/sources/w3c-reader.js');
  assert.deepEqual(splitQuoted('a "b c" "say ""hi""" - "" x"y'), ['a', 'b c', 'say "hi"', '-', '', 'x"y']);
  // A quote that does not close a value at a space is data: nothing is swallowed.
  assert.deepEqual(splitQuoted('"unterminated value'), ['"unterminated', 'value']);
  assert.deepEqual(splitQuoted('"x"+Mozilla/5.00+(Nikto/2.1.6) 200'), ['"x"+Mozilla/5.00+(Nikto/2.1.6)', '200']);
  const log = '#Version: 1.0\n#Fields: date time c-ip cs-method cs-uri cs(User-Agent) sc-status\n2019-03-04 10:00:00 10.1.1.5 GET http://c2.example.net/a?b=1 "Mozilla/5.0 (Windows NT 6.1; WOW64)" 200\n';
  const r = await readAll(tmp.file('proxy.log', log));
  assert.equal(r.format, 'w3c');
  assert.deepEqual(r.problems, []);
  assert.equal(r.events[0]!.fields['c-useragent'], 'Mozilla/5.0 (Windows NT 6.1; WOW64)');
  assert.equal(r.events[0]!.fields['cs-uri'], 'http://c2.example.net/a?b=1');
  assert.equal(r.events[0]!.fields['c-uri'], 'http://c2.example.net/a?b=1');
  assert.equal(r.events[0]!.fields['c-uri-extension'], '');
  const exe = await readAll(tmp.file('proxy2.log', log.replace('http://c2.example.net/a?b=1', 'http://c2.example.net/dl/x.exe?b=1.zip')));
  assert.equal(exe.events[0]!.fields['c-uri-extension'], 'exe');
  assert.equal(r.events[0]!.fields['sc-status'], '200');
});

test('IIS quoting evasions: quotes are data, an unbalanced quote never drops the line', async () => {
  const log = [
    '#Software: Microsoft Internet Information Services 10.0',
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status',
    '2019-03-04 10:22:31 10.1.1.5 GET /index.htm - 80 - 203.0.113.7 "x"+Mozilla/5.00+(Nikto/2.1.6) 200',
    '2019-03-04 10:22:32 10.1.1.5 POST /invoker/JMXInvokerServlet - 80 - 203.0.113.7 "Mozilla/5.0+(Windows) 200',
    '2019-03-04 10:22:33 10.1.1.5 GET /"quoted" - 80 - 203.0.113.7 a"b"c 200',
    '2019-03-04 10:22:34 10.1.1.5 GET /a - 80 - 203.0.113.7 "two words" 200',
  ].join('\r\n');
  const r = await readAll(tmp.file('u_ex190304-evasion.log', `${log}\r\n`));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.events.map((e) => e.fields['cs-user-agent']), ['"x" Mozilla/5.00 (Nikto/2.1.6)', '"Mozilla/5.0 (Windows)', 'a"b"c', 'two words']);
  assert.deepEqual(r.events.map((e) => e.fields['cs-uri-stem']), ['/index.htm', '/invoker/JMXInvokerServlet', '/"quoted"', '/a']);
  assert.deepEqual(r.events.map((e) => e.fields['sc-status']), ['200', '200', '200', '200']);
});
