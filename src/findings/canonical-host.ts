/**
 * A finding with its host resolved to the machine's canonical host (events/host-directory.ts):
 * `host` becomes the canonical name and `host_aliases` lists the machine's other names and
 * addresses. Shared by the hunt's finding store (resolved once every file is read) and `serve`
 * (resolved with the evidence seen so far).
 */
import type { HostDirectory } from '../events/host-directory.js';
import type { Finding } from './finding.js';

export function withCanonicalHost(f: Finding, hosts: HostDirectory): Finding {
  if (!f.host) return f;
  const r = hosts.resolve(f.host);
  if (r.host === f.host && r.aliases.length === 0) return f;
  const out: Finding = { ...f, host: r.host };
  if (r.aliases.length) out.host_aliases = r.aliases;
  return out;
}
