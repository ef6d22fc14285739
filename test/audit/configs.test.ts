/**
 * Config parsers and the catalogue on small real-shaped inputs: applicationHost.config inheritance,
 * `systemctl cat` output with drop-ins, product/version placement.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditCollector } from '../../src/audit/model.js';
import { readIisConfig, hostFromPath } from '../../src/audit/inputs/iis-config.js';
import { readSystemdUnits } from '../../src/audit/inputs/systemd-unit.js';
import { loadCatalogue, findPlatform, effectiveVersion, affectedBy, supportWindow } from '../../src/audit/catalogue.js';

test('IIS: pools without processModel inherit applicationPoolDefaults; apps without a pool use applicationDefaults', () => {
  const xml = `<configuration>
  <system.applicationHost>
    <applicationPools>
      <add name="A" />
      <add name="B"><processModel identityType="ApplicationPoolIdentity" /></add>
      <applicationPoolDefaults><processModel identityType="LocalSystem" /></applicationPoolDefaults>
    </applicationPools>
    <sites>
      <site name="S" id="1"><application path="/"><virtualDirectory path="/" physicalPath="C:\\w" /></application>
      <application path="/b" applicationPool="B" /></site>
      <applicationDefaults applicationPool="A" />
    </sites>
  </system.applicationHost>
</configuration>`;
  const c = new AuditCollector();
  const cfg = readIisConfig('x/WEB-IIS09.applicationHost.config', xml, c)!;
  assert.equal(cfg.host, 'WEB-IIS09');
  const a = cfg.pools.find((p) => p.name === 'A')!;
  assert.equal(a.identityType, 'LocalSystem');
  assert.equal(a.inherited, true);
  assert.equal(a.source.record, 4);
  assert.deepEqual(a.applications, ['S']);
  const b = cfg.pools.find((p) => p.name === 'B')!;
  assert.equal(b.identityType, 'ApplicationPoolIdentity');
  assert.deepEqual(b.applications, ['S/b']);
});

test('hosts come from an upper-case folder or file prefix only', () => {
  assert.equal(hostFromPath('exports/WEB-IIS01/applicationHost.config', /applicationHost\.config/), 'WEB-IIS01');
  assert.equal(hostFromPath('exports/APP01_tomcat-9.service', /[\w@.-]+\.service/), 'APP01');
  assert.equal(hostFromPath('exports/units/tomcat-9.service', /[\w@.-]+\.service/), '');
});

test('systemd: `systemctl cat` with several units and a drop-in that sets User=', () => {
  const text = `# /lib/systemd/system/wildfly.service
[Unit]
Description=WildFly
[Service]
ExecStart=/opt/wildfly/bin/launch.sh

# /etc/systemd/system/wildfly.service.d/override.conf
[Service]
User=wildfly

# /lib/systemd/system/nginx.service
[Service]
ExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'
`;
  const c = new AuditCollector();
  const units = readSystemdUnits('WEB01_units.service', text, c)!;
  assert.deepEqual(units.map((u) => `${u.host}:${u.name}:${u.user}`), ['WEB01:wildfly.service:wildfly', 'WEB01:nginx.service:null']);
  assert.equal(units[0]!.userLine, 9);
  assert.deepEqual(c.problems, []);
});

test('catalogue: platforms by product name, CU and year aliases, ranges and support windows', () => {
  const cat = loadCatalogue();
  const ex = findPlatform(cat, 'Microsoft', 'Exchange Server 2019')!;
  assert.equal(ex.id, 'exchange');
  assert.equal(effectiveVersion(ex, 'Exchange Server 2019', 'CU12'), '15.2.1118.7');
  assert.equal(effectiveVersion(ex, 'Exchange Server', '2016 CU22'), '15.1.2375.7');
  assert.equal(effectiveVersion(ex, 'Exchange Server', 'CU12'), null, 'a CU without a year cannot be placed');
  const pnsh = ex.vulnerabilities.find((v) => v.cve === 'CVE-2022-41040')!;
  assert.equal(affectedBy('15.2.1118.7', pnsh), true);
  assert.equal(affectedBy('15.2.1118.20', pnsh), false);
  assert.equal(affectedBy('15.2.1258.12', pnsh), false);
  const win = findPlatform(cat, null, 'Windows Server 2012 R2 Datacenter')!;
  assert.equal(effectiveVersion(win, 'Windows Server 2012 R2 Datacenter', null), '6.3.9600');
  assert.equal(supportWindow('6.3.9600', win)!.date, '2023-10-10');
  assert.equal(supportWindow('10.0.20348.2700', win), null);
  const tc = findPlatform(cat, 'Apache', 'Apache Tomcat')!;
  const ghost = tc.vulnerabilities.find((v) => v.cve === 'CVE-2020-1938')!;
  assert.equal(affectedBy('9.0.0.M1', ghost), true);
  assert.equal(affectedBy('9.0.31', ghost), false);
  assert.equal(affectedBy('8.0.53', ghost), false, '8.0 is not in the published ranges');
  assert.equal(findPlatform(cat, 'Oracle', 'Oracle Database Server'), null);
  assert.equal(findPlatform(cat, 'Red Hat', 'JBoss EAP')!.id, 'jboss-eap');
  assert.equal(findPlatform(cat, 'Red Hat', 'JBoss Application Server')!.id, 'jboss-as');
});
