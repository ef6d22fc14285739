/**
 * One host per machine. The logs name a machine several ways (`WEB-IIS01` in its IIS logs,
 * `WEB-IIS01.corp.nordtel.example` in its Windows logs, `172.16.10.11` in Zeek); the hunt gathers
 * evidence from every record (HostEvidence: the host values seen and the addresses records show as
 * their own host's, host.ts) and resolves each value to a canonical host once all files are read.
 *
 * The evidence is a set, and resolution depends on the set alone, so the result is the same
 * whatever the file order and the number of worker threads.
 *
 * Resolution:
 * - A short name joins the one FQDN whose first label it is (case-insensitive); with two such
 *   FQDNs (`web01.a.example`, `web01.b.example`) nothing is joined.
 * - An address joins the machine whose records show it as their own, when exactly one machine
 *   does (an address two machines claim, e.g. behind NAT, joins none).
 * - The canonical host is the machine's FQDN, else its short name, else its address (the first in
 *   sort order among spellings); the other values are its aliases.
 */
import { isAddress } from './host.js';

/** Plain-data form of the evidence (posted from worker threads). */
export interface HostEvidenceData {
  /** Host values seen (names or addresses). */
  hosts: string[];
  /** [host value, address the record shows as that host's own]. */
  links: [string, string][];
}

export class HostEvidence {
  private readonly hosts = new Set<string>();
  private readonly links = new Map<string, Set<string>>();

  /** The previous observation: runs of records from one host cost a comparison, not a set lookup. */
  private lastHost = '';
  private lastAddress: string | undefined;

  /** One record's host value and own addresses (called for every event of a hunt). */
  observe(host: string, addresses: readonly string[]): void {
    if (!host) return;
    const n = addresses.length;
    if (host === this.lastHost && (n === 0 || (n === 1 && addresses[0] === this.lastAddress))) return;
    this.lastHost = host;
    this.lastAddress = n === 1 ? addresses[0] : undefined;
    this.hosts.add(host);
    if (addresses.length === 0) return;
    let set = this.links.get(host);
    if (!set) this.links.set(host, (set = new Set()));
    for (const a of addresses) set.add(a);
  }

  merge(data: HostEvidenceData): void {
    for (const h of data.hosts) this.hosts.add(h);
    for (const [h, a] of data.links) this.observe(h, [a]);
  }

  toData(): HostEvidenceData {
    const links: [string, string][] = [];
    for (const [h, set] of this.links) for (const a of set) links.push([h, a]);
    return { hosts: [...this.hosts], links };
  }
}

export interface ResolvedHost {
  host: string;
  /** The machine's other names and addresses, sorted; [] when it has none. */
  aliases: string[];
}

export interface HostDirectory {
  /** The canonical host for a host value (the value itself when the logs tie it to nothing). */
  resolve(value: string): ResolvedHost;
}

const isFqdn = (v: string): boolean => v.includes('.') && !isAddress(v);
const firstLabel = (v: string): string => v.slice(0, v.indexOf('.')).toLowerCase();
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Machine key of each name (lower-case), joining short names to their single FQDN. */
function machineOfNames(names: readonly string[]): Map<string, string> {
  const fqdnsByLabel = new Map<string, Set<string>>();
  for (const n of names) {
    if (!isFqdn(n)) continue;
    const label = firstLabel(n);
    let set = fqdnsByLabel.get(label);
    if (!set) fqdnsByLabel.set(label, (set = new Set()));
    set.add(n.toLowerCase());
  }
  const machine = new Map<string, string>();
  for (const n of names) {
    const key = n.toLowerCase();
    const fqdns = fqdnsByLabel.get(isFqdn(n) ? firstLabel(n) : key);
    machine.set(key, fqdns && fqdns.size === 1 ? [...fqdns][0]! : key);
  }
  return machine;
}

/** Canonical spelling among a machine's members: FQDN, else short name, else address; first in sort order. */
function canonicalOf(members: readonly string[]): string {
  const rank = (v: string): number => (isAddress(v) ? 2 : isFqdn(v) ? 0 : 1);
  return [...members].sort((a, b) => rank(a) - rank(b) || byText(a, b))[0]!;
}

export function resolveHosts(data: HostEvidenceData): HostDirectory {
  const names = data.hosts.filter((h) => !isAddress(h));
  for (const [h] of data.links) if (!isAddress(h)) names.push(h);
  const machineOf = machineOfNames(names);
  const valueMachine = new Map<string, string>();
  for (const n of names) valueMachine.set(n, machineOf.get(n.toLowerCase())!);

  const claims = new Map<string, Set<string>>();
  for (const [h, a] of data.links) {
    const m = valueMachine.get(h);
    if (m === undefined) continue;
    let set = claims.get(a);
    if (!set) claims.set(a, (set = new Set()));
    set.add(m);
  }
  for (const [a, machines] of claims) if (machines.size === 1) valueMachine.set(a, [...machines][0]!);

  const members = new Map<string, Set<string>>();
  for (const [v, m] of valueMachine) {
    let set = members.get(m);
    if (!set) members.set(m, (set = new Set()));
    set.add(v);
  }
  const resolved = new Map<string, ResolvedHost>();
  for (const set of members.values()) {
    const all = [...set].sort(byText);
    const host = canonicalOf(all);
    const entry = { host, aliases: all.filter((v) => v !== host) };
    for (const v of all) {
      resolved.set(v, entry);
      if (!resolved.has(v.toLowerCase())) resolved.set(v.toLowerCase(), entry);
    }
  }
  return {
    resolve(value: string): ResolvedHost {
      return resolved.get(value) ?? resolved.get(value.toLowerCase()) ?? { host: value, aliases: [] };
    },
  };
}
