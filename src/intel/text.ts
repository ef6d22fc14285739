/**
 * Free-text advisories: domains, IPv4/IPv6 addresses and CIDR blocks, URLs and MD5/SHA-1/SHA-256
 * hashes pulled out of prose, after refanging (`[.]`, `(.)`, `hxxp`, `[:]`, `[://]`).
 *
 * Dropped as false positives, each reported as `file:line N: skipped …`:
 * - names whose last label is a file extension (`mimikatz.exe`, `run.ps1`, `data.zip`) or not a
 *   known top-level domain (`System.Management.Automation`);
 * - the domains reserved for examples and tests (example.com/.net/.org, *.test, *.invalid,
 *   *.localhost, *.example) and a short list of well-known vendor and reference sites that
 *   advisories cite (microsoft.com, github.com, mitre.org, virustotal.com …);
 * - dotted numbers that are version numbers (preceded by `version`, `v`, `build`, or with more
 *   than four parts);
 * - hosts inside URLs are not also taken as domains (a URL on github.com must not flag github.com).
 * Private and reserved addresses follow the policy every importer shares (address-policy.ts).
 */
import ipaddr from 'ipaddr.js';
import type { Indicator, IndicatorType } from './indicator.js';
import { makeIndicator, refang } from './indicator.js';
import type { ImportResult } from './import-result.js';

const FILE_EXTENSIONS = new Set(
  ('exe dll sys ps1 psm1 psd1 bat cmd vbs vbe js jse wsf hta scr cpl ocx msi msp lnk inf reg txt log ini cfg conf config ' +
    'xml json yaml yml csv tsv zip rar 7z gz tgz tar bz2 xz cab iso img vhd dmp tmp dat bin doc docx docm xls xlsx xlsm ppt pptx ' +
    'pdf rtf html htm aspx asp ashx asmx jsp jspx php war jar class py pyc sh pl rb go evtx etl pcap pcapng png jpg jpeg gif bmp ico ' +
    'db sqlite bak old tlb pdb manifest mui drv efi').split(' '),
);

/** Top-level domains recognised in prose: every two-letter country code, plus common generic ones. */
const GENERIC_TLDS = new Set(
  ('com net org info biz edu gov mil int arpa name pro mobi asia tel travel jobs aero coop museum cat xyz top site online club ' +
    'vip app dev io cloud live tech store shop space website fun icu work link click host press news blog today life world ' +
    'email services support network digital solutions agency company center group global systems zone win bid loan date ' +
    'download review stream racing party trade science men cricket faith accountant gdn kim ltd ink red pw tk ml ga cf gq ' +
    'moe wang xin ren club fit best casa cyou rest bar one page').split(' '),
);

const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org', 'example.edu'];
const RESERVED_TLDS = new Set(['test', 'invalid', 'localhost', 'example', 'local', 'internal', 'lan', 'corp', 'home']);
const WELL_KNOWN = [
  'microsoft.com', 'windows.com', 'windowsupdate.com', 'office.com', 'live.com', 'azure.com', 'github.com',
  'githubusercontent.com', 'google.com', 'mitre.org', 'virustotal.com', 'twitter.com', 'x.com', 'linkedin.com',
  'cisa.gov', 'us-cert.gov', 'paloaltonetworks.com', 'cybereason.com', 'oasis-open.org', 'w3.org', 'apple.com',
];

function underAny(host: string, list: string[]): boolean {
  return list.some((d) => host === d || host.endsWith(`.${d}`));
}

const URL_RE = /\b(?:https?|ftp|ftps|sftp|wss?):\/\/[^\s"'<>`{}|\\^[\]]+/gi;
const IPV4_RE = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?(?![\w]|\.\d)/g;
const IPV6_RE = /(?<![\w:.])((?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3}))(\/\d{1,3})?(?![\w:])/gi;
const HASH_RE = /(?<![0-9a-z])([0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-z])/gi;
const DOMAIN_RE = /(?<![\w.-])((?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62})(?![\w-]|\.[a-z0-9])/gi;
const VERSION_BEFORE = /(?:version|ver\.?|v|build|release|firmware|patch)\s*$/i;

export function importText(path: string, text: string, defaultSource: string): ImportResult {
  const indicators: Indicator[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  const add = (type: IndicatorType, value: string, lineNo: number): void => {
    const made = makeIndicator(type, value, { source: defaultSource, tags: [], note: `from ${path} line ${lineNo}` });
    if ('reason' in made) {
      problems.push(`${path}:line ${lineNo}: ${made.reason}`);
      return;
    }
    const key = `${made.indicator.type}:${made.indicator.value.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    indicators.push(made.indicator);
  };
  const skip = (lineNo: number, what: string, reason: string): void => {
    problems.push(`${path}:line ${lineNo}: skipped ${what}: ${reason}`);
  };
  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    let line = refang(raw);
    // URLs first; then blank them so their hosts, paths and query strings are not read again.
    line = line.replace(URL_RE, (m) => {
      const url = m.replace(/[.,;:!?)\]'"]+$/, '');
      const host = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(url)?.[1]?.toLowerCase() ?? '';
      if (underAny(host, WELL_KNOWN)) skip(lineNo, url, 'URL on a well-known legitimate site cited by the text');
      else if (RESERVED_TLDS.has(host.slice(host.lastIndexOf('.') + 1)) || underAny(host, RESERVED_DOMAINS)) skip(lineNo, url, 'URL on a reserved example or internal name');
      else add('url', url, lineNo);
      return ' '.repeat(m.length);
    });
    line = line.replace(HASH_RE, (m) => {
      if (/^(.)\1+$/.test(m)) skip(lineNo, m, 'a run of one digit is not a hash');
      else add(m.length === 32 ? 'md5' : m.length === 40 ? 'sha1' : 'sha256', m, lineNo);
      return ' '.repeat(m.length);
    });
    line = line.replace(IPV4_RE, (m, addr: string, prefix: string | undefined, offset: number) => {
      if (VERSION_BEFORE.test(line.slice(Math.max(0, offset - 12), offset))) {
        skip(lineNo, m, 'looks like a version number');
        return ' '.repeat(m.length);
      }
      if (!ipaddr.IPv4.isValidFourPartDecimal(addr)) {
        skip(lineNo, m, 'not a valid IPv4 address (looks like a version number)');
        return ' '.repeat(m.length);
      }
      add(prefix ? 'cidr' : 'ipv4', m, lineNo);
      return ' '.repeat(m.length);
    });
    line = line.replace(/(?<![\w.])\d+(?:\.\d+){4,}(?![\w.])/g, (m) => {
      skip(lineNo, m, 'looks like a version number');
      return ' '.repeat(m.length);
    });
    line = line.replace(IPV6_RE, (m, addr: string, prefix: string | undefined) => {
      if (!addr.includes('::') && addr.split(':').length < 8 && !/\d+\.\d+/.test(addr)) return m;
      if (!ipaddr.IPv6.isValid(addr)) return m;
      add(prefix ? 'cidr' : 'ipv6', m, lineNo);
      return ' '.repeat(m.length);
    });
    for (const m of line.matchAll(DOMAIN_RE)) {
      const name = m[1]!.toLowerCase().replace(/\.$/, '');
      const tld = name.slice(name.lastIndexOf('.') + 1);
      if (FILE_EXTENSIONS.has(tld)) skip(lineNo, m[1]!, `.${tld} is a file extension; a file name, not a domain`);
      else if (RESERVED_TLDS.has(tld) || underAny(name, RESERVED_DOMAINS)) skip(lineNo, m[1]!, 'reserved example or internal name');
      else if (underAny(name, WELL_KNOWN)) skip(lineNo, m[1]!, 'well-known legitimate site cited by the text');
      else if (!(tld.length === 2 && /^[a-z]{2}$/.test(tld)) && !GENERIC_TLDS.has(tld)) {
        skip(lineNo, m[1]!, `.${tld} is not a known top-level domain`);
      } else add('domain', name, lineNo);
    }
  });
  return { indicators, problems, format: 'text' };
}
