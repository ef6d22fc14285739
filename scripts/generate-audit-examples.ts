/**
 * Writes examples/audit/: realistic exports of a telecom operator (domain corp.telco.example) in
 * every format `cellwatch audit` reads, with a mix of good and bad posture. Deterministic: a seeded
 * PRNG and a fixed reference date (2026-11-20), so re-running gives the same bytes.
 *
 *   npx tsc -p . && node dist/scripts/generate-audit-examples.js [OUTDIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom as prng } from './seeded-random.js';

const OUT = path.resolve(process.argv[2] ?? 'examples/audit');
const REF = Date.UTC(2026, 10, 20, 9, 0, 0);
const DAY = 86_400_000;
const DOMAIN = 'corp.telco.example';
const DN = 'DC=corp,DC=telco,DC=example';

/** mulberry32: small, fast, good enough for example data. */
const rand = prng(20191212);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const guid = (): string => {
  const h = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
};
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
/** Export-Csv (en-US) date: 3/14/2019 10:22:31 AM */
const usDate = (ms: number): string => {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const hh = h % 12 === 0 ? 12 : h % 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hh}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
};
const write = (rel: string, text: string): void => {
  const file = path.join(OUT, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

// ---- people -------------------------------------------------------------------------------
interface Person {
  sam: string; first: string; last: string; dept: string; admin: boolean; groups: string[];
  mfa: 'strong' | 'phone' | 'none'; guest?: boolean; enabled: boolean; pne: boolean; lastLogonDaysAgo: number | null;
  spn?: string; cloud: boolean;
}
const FIRST = ['Amina', 'Bruno', 'Chen', 'Dana', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Marek', 'Nadia', 'Omar', 'Priya', 'Rafael', 'Sara', 'Tomas', 'Uma', 'Viktor', 'Wen', 'Yusuf', 'Zofia'];
const LAST = ['Alvarez', 'Becker', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ivanova', 'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Nowak', 'Okafor', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Varga'];
const DEPTS = ['NOC', 'Billing', 'Core Network', 'Customer Care', 'IT Operations', 'Mediation', 'Security'];
const people: Person[] = [];
const used = new Set<string>();
function person(p: Partial<Person> & { sam?: string }): Person {
  let first = pick(FIRST);
  let last = pick(LAST);
  let sam = p.sam ?? `${first[0]!.toLowerCase()}.${last.toLowerCase()}`;
  while (used.has(sam)) {
    first = pick(FIRST); last = pick(LAST);
    sam = `${first[0]!.toLowerCase()}.${last.toLowerCase()}`;
  }
  used.add(sam);
  const full: Person = { sam, first, last, dept: pick(DEPTS), admin: false, groups: [], mfa: 'strong', enabled: true, pne: false, lastLogonDaysAgo: int(0, 20), cloud: true, ...p };
  people.push(full);
  return full;
}
// Administrators: good and bad.
person({ sam: 'adm.jansen', admin: true, groups: ['Domain Admins'], dept: 'IT Operations', mfa: 'strong' });
person({ sam: 'adm.okafor', admin: true, groups: ['Domain Admins', 'Enterprise Admins'], dept: 'IT Operations', mfa: 'none', pne: true });
person({ sam: 'adm.rossi', admin: true, groups: ['Administrators'], dept: 'Core Network', mfa: 'phone' });
person({ sam: 'adm.petrov', admin: true, groups: ['Domain Admins'], dept: 'Security', mfa: 'strong', lastLogonDaysAgo: 240 });
person({ sam: 'noc.admin', admin: true, groups: ['Server Operators'], dept: 'NOC', mfa: 'none' });
person({ sam: 'adm.legacy', admin: true, groups: ['Domain Admins'], dept: 'IT Operations', mfa: 'strong', enabled: true, lastLogonDaysAgo: null, cloud: false, pne: true });
// Service accounts (on-premises only).
person({ sam: 'svc_billing_adm', admin: true, groups: ['Domain Admins'], dept: 'Billing', mfa: 'none', pne: true, spn: 'HTTP/billing.corp.telco.example', cloud: false, lastLogonDaysAgo: 1 });
person({ sam: 'svc_cdr_export', groups: ['CDR Readers'], dept: 'Mediation', mfa: 'none', pne: true, spn: 'MSSQLSvc/CDR-DB02.corp.telco.example:1433', cloud: false, lastLogonDaysAgo: 0 });
person({ sam: 'svc_backup', admin: true, groups: ['Backup Operators'], dept: 'IT Operations', mfa: 'none', pne: true, cloud: false, lastLogonDaysAgo: 2 });
person({ sam: 'svc_webpool', groups: ['IIS App Pools'], dept: 'IT Operations', mfa: 'none', pne: true, cloud: false });
// Staff.
for (let i = 0; i < 30; i++) {
  const roll = rand();
  person({ mfa: roll < 0.17 ? 'none' : roll < 0.3 ? 'phone' : 'strong', groups: [pick(['NOC Operators', 'Billing Users', 'Care Agents', 'Core Engineers', 'Mediation Analysts'])], enabled: rand() > 0.06, lastLogonDaysAgo: rand() < 0.1 ? int(100, 400) : int(0, 30) });
}
// Guests (roaming partners).
for (const g of ['ops_roamingpartner.example#EXT#', 'support_vendor-ran.example#EXT#']) {
  people.push({ sam: g, first: g.split('_')[0]!, last: 'Guest', dept: 'External', admin: false, groups: [], mfa: g.startsWith('ops') ? 'none' : 'strong', guest: true, enabled: true, pne: false, lastLogonDaysAgo: 5, cloud: true });
}
const upn = (p: Person): string => `${p.sam}@${DOMAIN}`;

// ---- Entra user registration details (Graph JSON page) ------------------------------------------
const methodsOf = (p: Person): string[] =>
  p.mfa === 'none' ? [] : p.mfa === 'phone' ? pick([['mobilePhone'], ['mobilePhone', 'email']]) :
    pick([['microsoftAuthenticatorPush', 'softwareOneTimePasscode'], ['microsoftAuthenticatorPasswordless', 'microsoftAuthenticatorPush'], ['fido2SecurityKey', 'microsoftAuthenticatorPush'], ['windowsHelloForBusiness', 'microsoftAuthenticatorPush', 'mobilePhone']]);
const cloudPeople = people.filter((p) => p.cloud);
const registration = cloudPeople.map((p) => {
  const methods = methodsOf(p);
  return {
    id: guid(),
    userPrincipalName: upn(p),
    userDisplayName: p.guest ? p.first : `${p.first} ${p.last}`,
    userType: p.guest ? 'guest' : 'member',
    isAdmin: p.admin,
    isSsprRegistered: methods.length > 0,
    isSsprEnabled: true,
    isSsprCapable: methods.length > 0,
    isMfaRegistered: methods.length > 0,
    isMfaCapable: methods.length > 0,
    isPasswordlessCapable: methods.some((m) => /Passwordless|fido2|windowsHello/.test(m)),
    methodsRegistered: methods,
    isSystemPreferredAuthenticationMethodEnabled: false,
    systemPreferredAuthenticationMethods: [],
    userPreferredMethodForSecondaryAuthentication: methods.length ? (methods[0] === 'mobilePhone' ? 'sms' : 'push') : 'none',
    lastUpdatedDateTime: iso(REF - int(1, 60) * DAY - int(0, 86_399) * 1000),
    defaultMfaMethod: methods.length ? (methods[0] === 'mobilePhone' ? 'mobilePhone' : 'microsoftAuthenticatorPush') : 'none',
  };
});
write('exports/entra-user-registration-details.json', `${JSON.stringify({
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails',
  value: registration,
}, null, 2)}\n`);

// Same report for the partner-portal tenant, downloaded as CSV with Graph column names.
const partnerRows = [
  ['p.noc.lead@partners.telco.example', 'Partner NOC lead', 'True', 'False', ''],
  ['p.ops1@partners.telco.example', 'Partner operator 1', 'False', 'True', 'microsoftAuthenticatorPush'],
  ['p.ops2@partners.telco.example', 'Partner operator 2', 'False', 'True', 'mobilePhone;email'],
  ['p.audit@partners.telco.example', 'Partner auditor', 'FALSE', 'no', ''],
];
write('exports/partner-tenant-registration.csv', [
  'id,userPrincipalName,userDisplayName,userType,isAdmin,isMfaRegistered,isMfaCapable,methodsRegistered,defaultMfaMethod,lastUpdatedDateTime',
  ...partnerRows.map(([u, n, a, m, methods]) => [guid(), u, `"${n}"`, 'member', a, m, m, `"${methods}"`, methods ? methods.split(';')[0] : 'none', iso(REF - int(2, 30) * DAY)].join(',')),
].join('\r\n') + '\r\n');

// ---- Entra sign-in logs (Graph JSON page) ----------------------------------------------------
const signIns: Record<string, unknown>[] = [];
const apps = ['Office 365 Exchange Online', 'Microsoft Teams', 'OfficeHome', 'Azure Portal', 'SharePoint Online'];
function signIn(p: Person, at: number, o: { client?: string; app?: string; req?: string; code?: number; ip?: string; ca?: string; interactive?: boolean }): void {
  const code = o.code ?? 0;
  signIns.push({
    id: guid(),
    createdDateTime: iso(at),
    userDisplayName: `${p.first} ${p.last}`,
    userPrincipalName: upn(p),
    userId: guid(),
    appId: guid(),
    appDisplayName: o.app ?? pick(apps),
    ipAddress: o.ip ?? `10.${int(20, 40)}.${int(0, 255)}.${int(2, 250)}`,
    clientAppUsed: o.client ?? 'Browser',
    correlationId: guid(),
    conditionalAccessStatus: o.ca ?? (code === 53003 ? 'failure' : 'success'),
    isInteractive: o.interactive ?? true,
    riskDetail: 'none', riskLevelAggregated: 'none', riskLevelDuringSignIn: 'none', riskState: 'none',
    riskEventTypes_v2: [],
    resourceDisplayName: o.app ?? 'Office 365 Exchange Online',
    resourceId: guid(),
    authenticationRequirement: o.req ?? 'multiFactorAuthentication',
    status: { errorCode: code, failureReason: code === 0 ? 'Other.' : code === 50126 ? 'Error validating credentials due to invalid username or password.' : 'Access has been blocked by Conditional Access policies.', additionalDetails: code === 0 && (o.req ?? 'multiFactorAuthentication') === 'multiFactorAuthentication' ? 'MFA requirement satisfied by claim in the token' : null },
    deviceDetail: { deviceId: '', displayName: '', operatingSystem: pick(['Windows10', 'MacOs', 'Ios', 'Android']), browser: o.client === 'Browser' || !o.client ? 'Edge 130.0.0' : '', isCompliant: false, isManaged: false, trustType: '' },
    location: { city: pick(['Lisbon', 'Porto', 'Madrid']), state: '', countryOrRegion: pick(['PT', 'ES']), geoCoordinates: {} },
  });
}
const staff = people.filter((p) => p.cloud && !p.guest && p.enabled);
for (let i = 0; i < 90; i++) signIn(pick(staff), REF - int(0, 13) * DAY - int(0, 86_399) * 1000, {});
const byName = (sam: string): Person => people.find((p) => p.sam === sam)!;
const imapUser = staff.filter((p) => !p.admin)[3]!;
const popUser = staff.filter((p) => !p.admin)[7]!;
for (let i = 0; i < 6; i++) signIn(imapUser, REF - int(0, 13) * DAY - int(0, 86_399) * 1000, { client: 'IMAP4', req: 'singleFactorAuthentication', app: 'Office 365 Exchange Online', ip: '203.0.113.47' });
for (let i = 0; i < 3; i++) signIn(popUser, REF - int(0, 13) * DAY - int(0, 86_399) * 1000, { client: 'POP3', req: 'singleFactorAuthentication', app: 'Office 365 Exchange Online', ip: '198.51.100.23' });
signIn(byName('noc.admin'), REF - 2 * DAY - 3600_000, { client: 'Authenticated SMTP', req: 'singleFactorAuthentication', app: 'Office 365 Exchange Online', ip: '10.31.4.20' });
// Password spray over legacy protocols, blocked or failed (good: not findings).
for (let i = 0; i < 8; i++) signIn(pick(staff), REF - int(0, 5) * DAY - int(0, 86_399) * 1000, { client: pick(['IMAP4', 'Exchange ActiveSync', 'Other clients']), req: 'singleFactorAuthentication', code: pick([50126, 53003]), ip: '45.148.10.' + int(2, 250) });
// Password-only browser sign-ins.
signIn(byName('adm.okafor'), REF - 1 * DAY - 7200_000, { req: 'singleFactorAuthentication', app: 'Azure Portal', ca: 'notApplied' });
const sfUser = staff.filter((p) => !p.admin)[11]!;
signIn(sfUser, REF - 4 * DAY, { req: 'singleFactorAuthentication', app: 'OfficeHome', ca: 'notApplied' });
signIn(sfUser, REF - 3 * DAY, { req: 'singleFactorAuthentication', app: 'OfficeHome', ca: 'notApplied' });
signIns.sort((a, b) => String(b.createdDateTime).localeCompare(String(a.createdDateTime)));
write('exports/entra-signins.json', `${JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns', value: signIns }, null, 2)}\n`);

// ---- AD users (Get-ADUser | Export-Csv) -------------------------------------------------------
const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const adCols = ['DistinguishedName', 'Enabled', 'GivenName', 'Name', 'ObjectClass', 'ObjectGUID', 'SamAccountName', 'SID', 'Surname', 'UserPrincipalName', 'AdminCount', 'Description', 'LastLogonDate', 'MemberOf', 'PasswordLastSet', 'PasswordNeverExpires', 'ServicePrincipalName'];
const groupDn = (g: string): string => g === 'Administrators' || g.endsWith('Operators') && ['Server Operators', 'Backup Operators'].includes(g) ? `CN=${g},CN=Builtin,${DN}` : `CN=${g},OU=Groups,OU=Telco,${DN}`;
const adLines = ['#TYPE Microsoft.ActiveDirectory.Management.ADUser', adCols.map(q).join(',')];
let rid = 1105;
for (const p of people.filter((x) => !x.guest)) {
  const name = p.sam.startsWith('svc_') ? p.sam : `${p.first} ${p.last}${p.admin ? ' (admin)' : ''}`;
  const ou = p.sam.startsWith('svc_') ? 'OU=Service Accounts' : p.admin ? 'OU=Admins' : `OU=${p.dept}`;
  const lastLogon = p.lastLogonDaysAgo === null ? '' : usDate(REF - p.lastLogonDaysAgo * DAY - int(0, 40_000) * 1000);
  const pls = usDate(REF - (p.pne ? int(900, 2400) : int(5, 170)) * DAY - int(0, 80_000) * 1000);
  adLines.push([
    `CN=${name},${ou},OU=Telco,${DN}`, p.enabled ? 'True' : 'False', p.sam.startsWith('svc_') ? '' : p.first, name, 'user', guid(), p.sam,
    `S-1-5-21-3623811015-3361044348-30300820-${rid++}`, p.sam.startsWith('svc_') ? '' : p.last, p.sam.startsWith('svc_') ? '' : upn(p),
    p.admin ? '1' : '', p.sam.startsWith('svc_') ? `Service account (${p.dept})` : `${p.dept}`, lastLogon,
    p.groups.map(groupDn).join('\n'), pls, p.pne ? 'True' : 'False', p.spn ?? '',
  ].map(q).join(','));
}
write('exports/ad-users.csv', `${adLines.join('\r\n')}\r\n`);

// ---- Software inventory -----------------------------------------------------------------------
const inv: [string, string, string, string, boolean][] = [
  ['WEB-IIS01', 'Microsoft', 'Internet Information Services', '8.5', true],
  ['WEB-IIS01', 'Microsoft', 'Windows Server 2012 R2 Standard', '6.3.9600.20778', true],
  ['WEB-IIS02', 'Microsoft', 'Internet Information Services', '10.0', true],
  ['WEB-IIS02', 'Microsoft', 'Windows Server 2019 Datacenter', '10.0.17763.6532', true],
  ['APP-JBOSS01', 'Red Hat', 'JBoss Application Server', '5.1.0.GA', true],
  ['APP-JBOSS02', 'Red Hat', 'JBoss EAP', '6.4.0.GA', false],
  ['APP-WF01', 'Red Hat', 'WildFly', '26.1.3.Final', true],
  ['APP-WF02', 'Red Hat', 'WildFly', '35.0.1.Final', false],
  ['MAIL-EX01', 'Microsoft', 'Exchange Server 2016', '15.1.2375.7', true],
  ['MAIL-EX02', 'Microsoft', 'Exchange Server 2019', 'CU14', false],
  ['BSS-TC01', 'Apache', 'Apache Tomcat', '8.5.99', false],
  ['PORTAL-TC02', 'Apache', 'Apache Tomcat', '9.0.98', true],
  ['PORTAL-TC03', 'Apache', 'Apache Tomcat', '10.1.40', true],
  ['CDR-DB02', 'Oracle', 'Oracle Database Server', '19.21.0.0', false],
  ['CDR-DB02', 'Microsoft', 'Windows Server 2016 Standard', '10.0.14393.7515', false],
  ['VPN-GW01', 'Fortinet', 'FortiOS', '6.0.4', true],
  ['WEB-NGX01', 'F5', 'nginx', '1.24.0', true],
];
write('exports/inventory.csv', ['host,vendor,product,version,internet_facing', ...inv.map(([h, v, p, ver, f]) => [h, v, p, ver, f ? 'yes' : 'no'].join(','))].join('\n') + '\n');
// The disaster-recovery site's inventory comes from another tool, as JSON.
write('exports/inventory-dr-site.json', `${JSON.stringify([
  { host: 'DR-WEB-IIS01', vendor: 'Microsoft', product: 'Internet Information Services', version: '7.5', internet_facing: false },
  { host: 'DR-WEB-IIS01', vendor: 'Microsoft', product: 'Windows Server 2008 R2 Enterprise', version: '6.1.7601.24545', internet_facing: false },
  { host: 'DR-APP-JBOSS01', vendor: 'Red Hat', product: 'JBoss EAP', version: '7.4.18.GA', internet_facing: false },
], null, 2)}\n`);

// ---- KEV sample (catalog format) --------------------------------------------------------------
const kev = (cveID: string, vendorProject: string, product: string, vulnerabilityName: string, ransomware: string) => ({
  cveID, vendorProject, product, vulnerabilityName, dateAdded: '2021-11-03', shortDescription: `${vulnerabilityName}.`,
  requiredAction: 'Apply updates per vendor instructions.', dueDate: '2021-11-17', knownRansomwareCampaignUse: ransomware, notes: '', cwes: [],
});
write('kev-sample.json', `${JSON.stringify({
  title: 'cellwatch example: a few entries in the CISA Known Exploited Vulnerabilities catalog format (dates illustrative; use the real catalog from cisa.gov)',
  catalogVersion: '2026.11.20', dateReleased: '2026-11-20T12:00:00.000Z', count: 9,
  vulnerabilities: [
    kev('CVE-2021-26855', 'Microsoft', 'Exchange Server', 'Microsoft Exchange Server Remote Code Execution Vulnerability', 'Known'),
    kev('CVE-2021-34473', 'Microsoft', 'Exchange Server', 'Microsoft Exchange Server Remote Code Execution Vulnerability', 'Known'),
    kev('CVE-2022-41040', 'Microsoft', 'Exchange Server', 'Microsoft Exchange Server Server-Side Request Forgery Vulnerability', 'Known'),
    kev('CVE-2017-12149', 'Red Hat', 'JBoss Application Server', 'Red Hat JBoss Application Server Remote Code Execution Vulnerability', 'Unknown'),
    kev('CVE-2015-7501', 'Red Hat', 'JBoss', 'Red Hat JBoss Multiple Products Deserialization Vulnerability', 'Unknown'),
    kev('CVE-2020-1938', 'Apache', 'Tomcat', 'Apache Tomcat Improper Privilege Management Vulnerability', 'Unknown'),
    kev('CVE-2025-24813', 'Apache', 'Tomcat', 'Apache Tomcat Path Equivalence Vulnerability', 'Unknown'),
    kev('CVE-2017-7269', 'Microsoft', 'Internet Information Services (IIS)', 'Microsoft IIS Buffer Overflow Vulnerability', 'Unknown'),
    kev('CVE-2018-13379', 'Fortinet', 'FortiOS', 'Fortinet FortiOS SSL VPN Path Traversal Vulnerability', 'Known'),
  ],
}, null, 2)}\n`);

// ---- IIS applicationHost.config --------------------------------------------------------------
const appHost = (pools: string, sites: string, locations: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<!-- %windir%\\System32\\inetsrv\\config\\applicationHost.config (excerpt: sections cellwatch reads) -->
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <applicationPools>
${pools}
            <applicationPoolDefaults managedRuntimeVersion="v4.0">
                <processModel identityType="ApplicationPoolIdentity" loadUserProfile="true" setProfileEnvironment="false" />
            </applicationPoolDefaults>
        </applicationPools>
        <sites>
${sites}
            <siteDefaults>
                <logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
            </siteDefaults>
            <applicationDefaults applicationPool="DefaultAppPool" />
        </sites>
    </system.applicationHost>
    <system.webServer>
        <security>
            <authentication>
                <anonymousAuthentication enabled="true" userName="IUSR" />
                <basicAuthentication enabled="false" />
                <windowsAuthentication enabled="false" />
            </authentication>
        </security>
    </system.webServer>
${locations}</configuration>
`;
const site = (name: string, id: number, apps: [string, string, string][], port: number): string => `            <site name="${name}" id="${id}" serverAutoStart="true">
${apps.map(([p, pool, dir]) => `                <application path="${p}" applicationPool="${pool}">
                    <virtualDirectory path="/" physicalPath="${dir}" />
                </application>`).join('\n')}
                <bindings>
                    <binding protocol="https" bindingInformation="*:${port}:" sslFlags="0" />
                </bindings>
            </site>`;
write('exports/WEB-IIS01/applicationHost.config', appHost(
  `            <add name="DefaultAppPool" />
            <add name="CustomerPortal" managedRuntimeVersion="v4.0" />
            <add name="CdrReports" managedRuntimeVersion="v4.0">
                <processModel identityType="LocalSystem" />
            </add>
            <add name="BillingApi" managedRuntimeVersion="v4.0">
                <processModel identityType="SpecificUser" userName="CORP\\svc_billing_adm" password="[enc:IISCngProvider:ExampleOnlyNotARealSecret=:enc]" />
            </add>
            <add name="LegacyTools" managedRuntimeVersion="v2.0">
                <processModel identityType="NetworkService" />
            </add>`,
  [site('Default Web Site', 1, [['/', 'DefaultAppPool', '%SystemDrive%\\inetpub\\wwwroot']], 443),
    site('selfcare.telco.example', 2, [['/', 'CustomerPortal', 'D:\\sites\\selfcare'], ['/cdr', 'CdrReports', 'D:\\sites\\cdr-reports'], ['/api/billing', 'BillingApi', 'D:\\sites\\billing-api']], 8443),
    site('ops-tools', 3, [['/', 'LegacyTools', 'D:\\sites\\ops-tools']], 9443)].join('\n'),
  `    <location path="selfcare.telco.example/cdr">
        <system.webServer>
            <security>
                <authentication>
                    <anonymousAuthentication enabled="true" userName="CORP\\adm.rossi" password="[enc:IISCngProvider:ExampleOnlyNotARealSecret=:enc]" />
                </authentication>
            </security>
        </system.webServer>
    </location>
`));
write('exports/WEB-IIS02/applicationHost.config', appHost(
  `            <add name="DefaultAppPool" />
            <add name="WebMail" managedRuntimeVersion="v4.0" />
            <add name="StatusPage" managedRuntimeVersion="">
                <processModel identityType="ApplicationPoolIdentity" idleTimeout="00:20:00" />
            </add>`,
  [site('Default Web Site', 1, [['/', 'DefaultAppPool', '%SystemDrive%\\inetpub\\wwwroot'], ['/webmail', 'WebMail', 'D:\\sites\\webmail']], 443),
    site('status.telco.example', 2, [['/', 'StatusPage', 'D:\\sites\\status']], 8443)].join('\n'),
  `    <location path="status.telco.example">
        <system.webServer>
            <security>
                <authentication>
                    <anonymousAuthentication enabled="true" userName="" />
                </authentication>
            </security>
        </system.webServer>
    </location>
`));

// ---- systemd units ------------------------------------------------------------------------------
write('exports/APP-WF01/wildfly.service', `[Unit]
Description=The WildFly Application Server
After=syslog.target network.target
Before=httpd.service

[Service]
Environment=LAUNCH_JBOSS_IN_BACKGROUND=1
EnvironmentFile=-/etc/wildfly/wildfly.conf
LimitNOFILE=102642
PIDFile=/run/wildfly/wildfly.pid
ExecStart=/opt/wildfly/bin/launch.sh $WILDFLY_MODE $WILDFLY_CONFIG $WILDFLY_BIND
StandardOutput=null

[Install]
WantedBy=multi-user.target
`);
write('exports/BSS-TC01/tomcat.service', `# /etc/systemd/system/tomcat.service
[Unit]
Description=Apache Tomcat 8.5 (billing mediation UI)
After=network.target

[Service]
Type=forking
User=tomcat
Group=tomcat
Environment="JAVA_HOME=/usr/lib/jvm/jre-1.8.0"
Environment="CATALINA_HOME=/opt/tomcat"
ExecStart=/opt/tomcat/bin/startup.sh
ExecStop=/opt/tomcat/bin/shutdown.sh
NoNewPrivileges=yes

[Install]
WantedBy=multi-user.target
`);
write('exports/PORTAL-TC02/tomcat9.service', `# /lib/systemd/system/tomcat9.service
[Unit]
Description=Apache Tomcat 9 Web Application Server
After=network.target

[Service]
Type=simple
User=root
Group=root
Environment="CATALINA_HOME=/usr/share/tomcat9"
Environment="CATALINA_BASE=/var/lib/tomcat9"
ExecStart=/bin/sh /usr/libexec/tomcat9/tomcat-start.sh
SuccessExitStatus=143

[Install]
WantedBy=multi-user.target
`);
write('exports/WEB-NGX01/nginx.service', `# /lib/systemd/system/nginx.service
[Unit]
Description=A high performance web server and a reverse proxy server
After=network-online.target remote-fs.target nss-lookup.target
Wants=network-online.target

[Service]
Type=forking
PIDFile=/run/nginx.pid
ExecStartPre=/usr/sbin/nginx -t -q -g 'daemon on; master_process on;'
ExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'
ExecReload=/usr/sbin/nginx -g 'daemon on; master_process on;' -s reload
TimeoutStopSec=5
KillMode=mixed

[Install]
WantedBy=multi-user.target
`);

// ---- process-creation events (evtx_dump JSONL and ECS) ----------------------------------------------
let recordId = 48211;
const sysmon1 = (host: string, at: number, image: string, cmd: string, user: string, parent: string): string => JSON.stringify({ Event: {
  System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } }, EventID: 1, Version: 5, Level: 4, Task: 1, Opcode: 0, Keywords: '0x8000000000000000', TimeCreated: { '#attributes': { SystemTime: new Date(at).toISOString() } }, EventRecordID: recordId++, Execution: { '#attributes': { ProcessID: 3120, ThreadID: 4388 } }, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: `${host}.${DOMAIN}`, Security: { '#attributes': { UserID: 'S-1-5-18' } } },
  EventData: { RuleName: '-', UtcTime: new Date(at).toISOString().replace('T', ' ').replace('Z', ''), ProcessGuid: `{${guid()}}`, ProcessId: int(1000, 9000), Image: image, FileVersion: '-', Description: '-', Product: '-', Company: '-', OriginalFileName: image.split('\\').pop(), CommandLine: cmd, CurrentDirectory: 'C:\\Windows\\system32\\', User: user, LogonGuid: `{${guid()}}`, LogonId: '0x3e7', TerminalSessionId: 0, IntegrityLevel: user.includes('SYSTEM') ? 'System' : 'High', Hashes: `SHA256=${Array.from({ length: 64 }, () => Math.floor(rand() * 16).toString(16)).join('')}`, ParentProcessGuid: `{${guid()}}`, ParentProcessId: int(500, 900), ParentImage: parent, ParentCommandLine: parent, ParentUser: 'NT AUTHORITY\\SYSTEM' },
} });
const sec4688 = (host: string, at: number, image: string, cmd: string | null, subjectSid: string, subjectUser: string, parent: string): string => JSON.stringify({ Event: {
  System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '54849625-5478-4994-A5BA-3E3B0328C30D' } }, EventID: 4688, Version: 2, Level: 0, Task: 13312, Opcode: 0, Keywords: '0x8020000000000000', TimeCreated: { '#attributes': { SystemTime: new Date(at).toISOString() } }, EventRecordID: recordId++, Channel: 'Security', Computer: `${host}.${DOMAIN}` },
  EventData: { SubjectUserSid: subjectSid, SubjectUserName: subjectUser, SubjectDomainName: subjectSid === 'S-1-5-18' ? 'CORP' : 'IIS APPPOOL', SubjectLogonId: '0x3e7', NewProcessId: '0x1f2c', NewProcessName: image, TokenElevationType: '%%1936', ProcessId: '0x2a0', ...(cmd === null ? {} : { CommandLine: cmd }), TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-', TargetLogonId: '0x0', ParentProcessName: parent, MandatoryLabel: 'S-1-16-16384' },
} });
const ecs = (host: string, at: number, exe: string, args: string, user: string, uid: string, parent: string): string => JSON.stringify({
  '@timestamp': new Date(at).toISOString(), event: { category: ['process'], type: ['start'], action: 'executed', module: 'auditd' },
  host: { name: host }, process: { executable: exe, command_line: args, pid: int(1000, 60000), parent: { executable: parent } }, user: { name: user, id: uid },
});
const t0 = REF - 3 * DAY;
const procLines = [
  sysmon1('WEB-IIS01', t0 + 1000, 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "CdrReports" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm8c1f -h "C:\\inetpub\\temp\\apppools\\CdrReports\\CdrReports.config" -w "" -m 0', 'NT AUTHORITY\\SYSTEM', 'C:\\Windows\\System32\\svchost.exe'),
  sysmon1('WEB-IIS01', t0 + 2000, 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "CustomerPortal" -v "v4.0" -l "webengine4.dll" -h "C:\\inetpub\\temp\\apppools\\CustomerPortal\\CustomerPortal.config" -w "" -m 0', 'IIS APPPOOL\\CustomerPortal', 'C:\\Windows\\System32\\svchost.exe'),
  sysmon1('WEB-IIS02', t0 + 3000, 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "WebMail" -v "v4.0" -l "webengine4.dll" -h "C:\\inetpub\\temp\\apppools\\WebMail\\WebMail.config" -w "" -m 0', 'IIS APPPOOL\\WebMail', 'C:\\Windows\\System32\\svchost.exe'),
  sysmon1('WEB-IIS01', t0 + 86_400_000, 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "CdrReports" -v "v4.0" -l "webengine4.dll" -h "C:\\inetpub\\temp\\apppools\\CdrReports\\CdrReports.config" -w "" -m 0', 'NT AUTHORITY\\SYSTEM', 'C:\\Windows\\System32\\svchost.exe'),
  sec4688('APP-JBOSS01', t0 + 5000, 'C:\\Program Files\\Java\\jre1.8.0_202\\bin\\java.exe', '"C:\\Program Files\\Java\\jre1.8.0_202\\bin\\java.exe" -server -Xms512m -Xmx2048m -Dprogram.name=run.bat -Djboss.home.dir=D:\\jboss-5.1.0.GA org.jboss.Main -b 0.0.0.0', 'S-1-5-18', 'APP-JBOSS01$', 'C:\\Windows\\System32\\services.exe'),
  sec4688('APP-JBOSS02', t0 + 6000, 'C:\\Program Files\\Java\\jdk1.8.0_381\\bin\\java.exe', '"C:\\Program Files\\Java\\jdk1.8.0_381\\bin\\java.exe" -D[Standalone] -Djboss.home.dir=D:\\jboss-eap-6.4 -jar jboss-modules.jar -mp modules org.jboss.as.standalone', 'S-1-5-21-3623811015-3361044348-30300820-1113', 'svc_jboss', 'C:\\Windows\\System32\\services.exe'),
  ecs('PORTAL-TC02', t0 + 7000, '/usr/lib/jvm/java-11-openjdk-amd64/bin/java', '/usr/lib/jvm/java-11-openjdk-amd64/bin/java -Dcatalina.base=/var/lib/tomcat9 -Dcatalina.home=/usr/share/tomcat9 org.apache.catalina.startup.Bootstrap start', 'root', '0', '/bin/sh'),
  ecs('WEB-NGX01', t0 + 8000, '/usr/sbin/nginx', "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;", 'root', '0', '/usr/lib/systemd/systemd'),
  ecs('WEB-NGX01', t0 + 8100, '/usr/sbin/nginx', 'nginx: worker process', 'www-data', '33', '/usr/sbin/nginx'),
  ecs('BSS-TC01', t0 + 9000, '/usr/lib/jvm/jre-1.8.0/bin/java', '/usr/lib/jvm/jre-1.8.0/bin/java -Dcatalina.home=/opt/tomcat org.apache.catalina.startup.Bootstrap start', 'tomcat', '991', '/bin/bash'),
];
write('exports/process-events.jsonl', `${procLines.join('\n')}\n`);

// ---- log data for the detection defence (--data) ---------------------------------------------------
const logLines: string[] = [];
for (let i = 0; i < 12; i++) {
  const host = pick(['WEB-IIS01', 'WEB-IIS02', 'CDR-DB02']);
  logLines.push(sysmon1(host, t0 + i * 600_000, pick(['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\conhost.exe']), 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p', 'NT AUTHORITY\\SYSTEM', 'C:\\Windows\\System32\\services.exe'));
}
for (let i = 0; i < 6; i++) logLines.push(sec4688('APP-JBOSS01', t0 + i * 900_000, 'C:\\Windows\\System32\\cmd.exe', null, 'S-1-5-18', 'APP-JBOSS01$', 'C:\\Windows\\System32\\services.exe'));
for (let i = 0; i < 4; i++) logLines.push(JSON.stringify({ Event: {
  System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-PowerShell', Guid: 'A0C1853B-5C40-4B15-8766-3CF1C58F985A' } }, EventID: 4104, Level: 5, TimeCreated: { '#attributes': { SystemTime: new Date(t0 + i * 3_600_000).toISOString() } }, EventRecordID: recordId++, Channel: 'Microsoft-Windows-PowerShell/Operational', Computer: `CDR-DB02.${DOMAIN}` },
  EventData: { MessageNumber: 1, MessageTotal: 1, ScriptBlockText: 'Get-Service | Where-Object Status -eq Running', ScriptBlockId: guid(), Path: '' },
} }));
write('logs/WEB-IIS01-CDR-DB02-APP-JBOSS01.jsonl', `${logLines.join('\n')}\n`);
const w3c = ['#Software: Microsoft Internet Information Services 8.5', '#Version: 1.0', `#Date: ${new Date(t0).toISOString().replace('T', ' ').slice(0, 19)}`,
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'];
for (let i = 0; i < 20; i++) {
  const at = new Date(t0 + i * 47_000).toISOString();
  w3c.push(`${at.slice(0, 10)} ${at.slice(11, 19)} 10.20.1.11 ${pick(['GET', 'GET', 'POST'])} ${pick(['/', '/login.aspx', '/cdr/report.aspx', '/api/billing/status'])} - 8443 - 198.51.100.${int(2, 250)} Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - ${pick([200, 200, 302, 404])} 0 0 ${int(15, 900)}`);
}
write('logs/WEB-IIS01/u_ex261117.log', `${w3c.join('\r\n')}\r\n`);

process.stdout.write(`wrote examples to ${OUT}\n`);
