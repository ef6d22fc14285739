/**
 * The counts `cellwatch search` prints on stderr after its results: matches per file and per host
 * (canonical hosts, as the hunt names them).
 */
import type { HostDirectory } from '../events/host-directory.js';
import { textTable } from '../text/text-table.js';

export function matchCounts(): { add(path: string, host: string): void; text(hosts: HostDirectory): string } {
  const files = new Map<string, number>();
  const hosts = new Map<string, number>();
  let total = 0;
  const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    add(path, host) {
      total++;
      files.set(path, (files.get(path) ?? 0) + 1);
      hosts.set(host, (hosts.get(host) ?? 0) + 1);
    },
    text(directory) {
      const byHost = new Map<string, number>();
      for (const [raw, n] of hosts) {
        const host = raw ? directory.resolve(raw).host : '-';
        byHost.set(host, (byHost.get(host) ?? 0) + n);
      }
      if (total === 0) return 'no matching events\n';
      return `${total} matching events\nper file\n${textTable([{ title: 'matches', right: true }, { title: 'file', max: 100 }], sorted(files).map(([p, n]) => [n, p]))}`
        + `per host\n${textTable([{ title: 'matches', right: true }, { title: 'host' }], sorted(byHost).map(([h, n]) => [n, h]))}`;
    },
  };
}
