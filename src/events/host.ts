/**
 * Which host an event belongs to, the same way for every detector (Finding.host before the hunt
 * resolves it to the machine's canonical name, host-directory.ts), and which addresses a record
 * shows as the host's own (the evidence that ties an address to a name).
 *
 * Windows logs (and Sysmon for Linux) name the host in `Computer`; auditd in `node` (when
 * `name_format` is set), the journal in `_HOSTNAME`, syslog in `host`; access logs do not name their
 * server (no NCSA shape read carries its address; `%v` names a site), so their host is the folder
 * the file lies in that is named like a host (folder-host.ts). IIS W3C logs in `s-computername` (else the server address); other JSON uses the usual
 * ECS/Winlogbeat names. Zeek logs come from a sensor, so the host is the local side of the
 * connection: the originator when it is an internal address (DNS and HTTP clients inside), else the
 * responder when that is internal (an inbound session to one of our servers), else the responder (an
 * inbound session to one of our public addresses). The HTTP `host` header of Zeek http.log and W3C
 * `cs-host` are deliberately not hosts.
 */
import type { EventFields, FieldValue, SourceRef } from './event.js';
import { folderHost } from './folder-host.js';

const BY_FORMAT: Record<string, readonly string[]> = {
  w3c: ['s-computername', 's-sitename', 's-ip'],
  auditd: ['node'],
  journald: ['_HOSTNAME'],
};

const GENERIC = ['Computer', 'host.name', 'host.hostname', 'hostname', 'Hostname', 'computer_name', 'ComputerName', 'agent.hostname', 'host'];

function text(v: FieldValue | undefined): string {
  return (typeof v === 'string' && v !== '') || typeof v === 'number' ? String(v) : '';
}

function pick(fields: EventFields, names: readonly string[]): string {
  for (const name of names) {
    const v = text(fields[name]);
    if (v) return v;
  }
  return '';
}

/** IPv4 in RFC 1918, carrier-grade NAT (100.64/10) or loopback; IPv6 unique-local (fc00::/7). */
export function isInternalAddress(addr: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(addr);
  if (m) {
    const a = Number(m[1]), b = Number(m[2]);
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^f[cd][0-9a-f]{0,2}:/i.test(addr);
}

/** An IPv4 or IPv6 address (not a name). */
export function isAddress(v: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(v) || (v.includes(':') && /^[0-9a-f:.]+$/i.test(v));
}

/** Addresses that every machine has (loopback, unspecified, link-local): never evidence of one. */
function isShared(addr: string): boolean {
  return /^(127\.|0\.0\.0\.0$|169\.254\.)/.test(addr) || /^(::1?|fe80:.*)$/i.test(addr);
}

function zeekLocalSide(fields: EventFields): string {
  const orig = text(fields['id.orig_h']);
  const resp = text(fields['id.resp_h']);
  if (orig && isInternalAddress(orig)) return orig;
  if (resp && isInternalAddress(resp)) return resp;
  return resp || orig;
}

export function eventHost(fields: EventFields, source?: Pick<SourceRef, 'format'> & Partial<Pick<SourceRef, 'path'>>): string {
  if (source?.format === 'zeek') return zeekLocalSide(fields);
  if (source?.format === 'access') return source.path ? folderHost(source.path) : '';
  const special = source ? BY_FORMAT[source.format] : undefined;
  if (special) {
    const found = pick(fields, special);
    if (found) return found;
  }
  return pick(fields, GENERIC);
}

const truthy = (v: FieldValue | undefined): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');

/**
 * The addresses this record shows as its own host's: W3C `s-ip`, the local end of a Sysmon network
 * connection (event 3: SourceIp when the host initiated it, else DestinationIp), ECS `host.ip`.
 * Loopback, unspecified and link-local addresses are left out. Zeek records show none (a sensor).
 */
const NONE: readonly string[] = Object.freeze([]);

export function ownAddresses(fields: EventFields, source?: Pick<SourceRef, 'format'>): readonly string[] {
  const format = source?.format;
  const sysmon3 = (fields.EventID === 3 || fields.EventID === '3') && fields.Initiated !== undefined;
  const ecs = fields['host.ip'];
  // Most records show no address of their own: no allocation for them (this runs on every event).
  if (format === 'zeek' || (format !== 'w3c' && !sysmon3 && ecs === undefined)) return NONE;
  const out: string[] = [];
  const add = (v: FieldValue | undefined): void => {
    const s = text(v);
    if (s && isAddress(s) && !isShared(s) && !out.includes(s)) out.push(s);
  };
  if (format === 'w3c') add(fields['s-ip']);
  if (sysmon3) add(truthy(fields.Initiated) ? fields.SourceIp : fields.DestinationIp);
  if (Array.isArray(ecs)) for (const v of ecs) add(v as FieldValue);
  else add(ecs);
  return out;
}
