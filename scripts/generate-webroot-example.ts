/**
 * Writes examples/webroot/: an IIS and a JBoss web root as a responder would collect them, with
 * benign pages (under `benign/` folders), planted test shells (inert: each shell's shape sits
 * inside a server-side comment, so no page runs anything), tiny PE files built here with version
 * resources (a renamed "Mimikatz", an HTRAN-like banner, a correctly named rar.exe) and a war file
 * with a shell inside. File times are set (platform install 2018-06-01, planted files 2019-03-04,
 * one time-stomped to 2009); git does not keep them, so re-run this after a checkout to see the
 * web-root time findings. Deterministic: seeded PRNG, fixed dates.
 *
 *   npx tsc -p . && node dist/scripts/generate-webroot-example.js [OUTDIR]
 */
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from './seeded-random.js';
import { buildTinyPe } from './tiny-pe.js';
import { buildZip } from './zip-writer.js';

const INSTALL = Date.UTC(2018, 5, 1, 9, 30);
const PLANTED = Date.UTC(2019, 2, 4, 10, 22);
const STOMPED = Date.UTC(2009, 6, 14, 1, 0);

export function generateWebrootExample(out: string, seed = 20191212): string[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const written: string[] = [];
  rmSync(out, { recursive: true, force: true });
  const put = (rel: string, data: string | Buffer, mtime: number): void => {
    const file = path.join(out, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    utimesSync(file, new Date(mtime), new Date(mtime));
    written.push(rel);
  };
  // Benign files keep the platform's install time (plus a few minutes), so they fit their web root.
  const near = (): number => INSTALL + Math.floor(rand() * 3_600_000);
  const inert = (lang: 'aspx' | 'jsp', body: string): string =>
    `<%-- cellwatch test fixture: an inert shape of a web shell, inside a server-side comment; it runs nothing.\n${body}\n--%>\n<html><body>Not found</body></html>\n`;

  // --- IIS ---
  const iis = 'iis/inetpub/wwwroot';
  put(`${iis}/benign/iisstart.htm`, '<!DOCTYPE html><html><head><title>IIS Windows Server</title></head><body><img src="iisstart.png"></body></html>\n', INSTALL);
  put(`${iis}/benign/iisstart.png`, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), INSTALL);
  const titles = ['Billing status', 'Subscriber lookup', 'Roaming partners', 'Tariff plans', 'Network notices', 'Self-care login'];
  for (const [i, title] of titles.entries()) {
    const name = `${title.toLowerCase().replace(/[^a-z]+/g, '-')}.aspx`;
    const rows = Array.from({ length: 2 + Math.floor(rand() * 5) }, (_, k) => `    <tr><td>${pick(['MSC', 'HLR', 'SGSN', 'GGSN', 'SMSC'])}-${k + 1}</td><td><%= Server.HtmlEncode(Status(${k})) %></td></tr>`);
    put(`${iis}/benign/${name}`, `<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="${name}.cs" Inherits="Portal.Page${i}" %>\n<html><head><title>${title}</title></head><body>\n  <form runat="server"><asp:TextBox id="q" runat="server" /></form>\n  <table>\n${rows.join('\n')}\n  </table>\n  <% Response.Write(DateTime.UtcNow.ToString("u")); %>\n</body></html>\n`, near());
  }
  put(`${iis}/benign/web.config`, '<?xml version="1.0"?>\n<configuration>\n  <system.web><compilation debug="false" targetFramework="4.8" /></system.web>\n</configuration>\n', near());
  put(`${iis}/benign/upload.ashx`, '<%@ WebHandler Language="C#" Class="Upload" %>\nusing System.Web;\npublic class Upload : IHttpHandler {\n  public void ProcessRequest(HttpContext c) { var f = c.Request.Files[0]; f.SaveAs(c.Server.MapPath("~/App_Data/") + System.IO.Path.GetFileName(f.FileName)); }\n  public bool IsReusable { get { return false; } }\n}\n', near());
  // Planted: China Chopper one-liner, BlackMould-like page, encoded payload (time-stomped).
  put(`${iis}/aspnet_client/system_web/4_0_30319/errorFE.aspx`, inert('aspx', '<%@ Page Language="Jscript"%><%eval(Request.Item["cellwatch"],"unsafe");%>'), PLANTED);
  put(`${iis}/owa/auth/HttpProxy.aspx`, inert('aspx', [
    '<%@ Page Language="C#" %>',
    'void Run(string c) { var p = new System.Diagnostics.ProcessStartInfo("cmd.exe", "/c " + c); System.Diagnostics.Process.Start(p); }',
    'void Up() { Request.Files[0].SaveAs(Request.Form["to"]); /* PostedFile */ }',
    'void Down(string f) { Response.AddHeader("Content-Disposition", "attachment;filename=" + f); Response.TransmitFile(f); }',
  ].join('\n')), PLANTED);
  const blob = Buffer.from(Array.from({ length: 420 }, () => Math.floor(rand() * 256))).toString('base64');
  put(`${iis}/Content/theme.aspx`, inert('aspx', `<%@ Page Language="C#" %>\nbyte[] b = Convert.FromBase64String("${blob}");\nSystem.Reflection.Assembly.Load(b);`), STOMPED);

  // --- Tools dropped on the IIS server ---
  put('iis/ProgramData/Microsoft/Crypto/RSA/mscorsvc.exe', buildTinyPe({
    version: { CompanyName: 'gentilkiwi (Benjamin DELPY)', FileDescription: 'mimikatz for Windows', InternalName: 'mimikatz', OriginalFilename: 'mimikatz.exe', ProductName: 'mimikatz' },
    imports: [{ dll: 'ADVAPI32.dll', functions: ['OpenProcessToken', 'LookupPrivilegeValueW'] }, { dll: 'KERNEL32.dll', functions: ['OpenProcess', 'ReadProcessMemory'] }],
  }), PLANTED);
  put('iis/Windows/Temp/wmiprvsr.exe', buildTinyPe({
    version: { FileDescription: 'Network helper' },
    extra: Buffer.from('HUC Packet Transmit Tool (cellwatch inert fixture)\0[+] Make a Connection to %s:%d\0', 'latin1'),
  }), PLANTED);
  put('iis/benign/tools/rar.exe', buildTinyPe({
    version: { CompanyName: 'Alexander Roshal', FileDescription: 'Command line RAR', OriginalFilename: 'Rar.exe', ProductName: 'WinRAR' },
  }), near());

  // --- JBoss / WildFly ---
  const dep = 'jboss/standalone/deployments';
  put(`${dep}/benign/index.jsp`, '<%@ page contentType="text/html; charset=UTF-8" %>\n<html><body><h1>Subscriber portal</h1>\n<% String msisdn = request.getParameter("msisdn"); %>\n<p>Lookup: <%= org.owasp.encoder.Encode.forHtml(msisdn) %></p>\n</body></html>\n', near());
  put(`${dep}/benign/WEB-INF/web.xml`, '<?xml version="1.0"?>\n<web-app xmlns="http://xmlns.jcp.org/xml/ns/javaee" version="3.1"><display-name>portal</display-name></web-app>\n', INSTALL);
  put(`${dep}/benign/status.jsp`, '<%@ page import="java.lang.management.*" %>\n<% out.println(ManagementFactory.getRuntimeMXBean().getUptime()); %>\n', near());
  put(`${dep}/ROOT/index.html`, '<html><body>Welcome to WildFly</body></html>\n', INSTALL);
  put(`${dep}/ROOT/WEB-INF/web.xml`, '<?xml version="1.0"?>\n<web-app version="3.1"><display-name>root</display-name></web-app>\n', INSTALL);
  put(`${dep}/ROOT/css/style.jsp`, inert('jsp', '<%@page import="java.io.*,java.util.*"%><%! String Pwd="cellwatch"; %>\n<% String z1 = request.getParameter("z1"); String z0 = request.getParameter("z0"); %>'), PLANTED);
  const shell = inert('jsp', '<%@ page import="java.io.*" %>\n<% Process p = Runtime.getRuntime().exec(request.getParameter("cmd")); %>');
  put(`${dep}/jmx-console.war`, buildZip([
    { name: 'index.html', data: Buffer.from('<html><body>JMX Console</body></html>\n'), mtime: new Date(PLANTED) },
    { name: 'WEB-INF/web.xml', data: Buffer.from('<?xml version="1.0"?>\n<web-app version="3.1"/>\n'), mtime: new Date(PLANTED) },
    { name: 'cmd.jsp', data: Buffer.from(shell), mtime: new Date(PLANTED) },
  ]), PLANTED);
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(process.argv[2] ?? 'examples/webroot');
  const files = generateWebrootExample(out);
  process.stdout.write(`wrote ${files.length} files under ${out}\n`);
}
