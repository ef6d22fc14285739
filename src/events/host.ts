/**
 * Which host an event belongs to, the same way for every detector (Finding.host).
 *
 * Windows logs (and Sysmon for Linux) name it in `Computer`; auditd in `node` (when `name_format`
 * is set), the journal in `_HOSTNAME`, syslog in `host`; access logs do not name their server.
 * IIS W3C logs in `s-computername` (else the server address);
 * Zeek logs come from a sensor, so the host is the connection's originator (`id.orig_h`: for DNS
 * and HTTP, the client inside the network). Other JSON uses the usual ECS/Winlogbeat names. The
 * HTTP `host` header of Zeek http.log and W3C `cs-host` are deliberately not hosts.
 */
import type { EventFields, SourceRef } from './event.js';

const BY_FORMAT: Record<string, readonly string[]> = {
  w3c: ['s-computername', 's-sitename', 's-ip'],
  zeek: ['id.orig_h'],
  auditd: ['node'],
  journald: ['_HOSTNAME'],
};

const GENERIC = ['Computer', 'host.name', 'host.hostname', 'hostname', 'Hostname', 'computer_name', 'ComputerName', 'agent.hostname', 'host'];

function pick(fields: EventFields, names: readonly string[]): string {
  for (const name of names) {
    const v = fields[name];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
  }
  return '';
}

export function eventHost(fields: EventFields, source?: Pick<SourceRef, 'format'>): string {
  const special = source ? BY_FORMAT[source.format] : undefined;
  if (special) {
    const found = pick(fields, special);
    if (found) return found;
    if (source!.format === 'zeek') return '';
  }
  return pick(fields, GENERIC);
}
