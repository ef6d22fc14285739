/**
 * systemd unit files (`systemctl cat nginx.service`, or copies of /etc/systemd/system/*.service and
 * /usr/lib/systemd/system/*.service). A file may hold several units when produced by `systemctl cat`
 * (each starts with a `# /path/to/unit.service` comment). Later assignments override earlier ones,
 * as drop-ins do.
 */
import type { SourceRef } from '../../events/event.js';
import type { AuditCollector } from '../model.js';
import { hostFromPath } from './iis-config.js';

export interface SystemdUnit {
  source: SourceRef;
  host: string;
  /** Unit name (`tomcat.service`), from the `systemctl cat` header or the file name. */
  name: string;
  description: string | null;
  execStart: string | null;
  /** null when no User= line exists (the service runs as root). */
  user: string | null;
  userLine: number | null;
  group: string | null;
  dynamicUser: boolean;
}

export function isSystemdUnit(text: string): boolean {
  return /^\s*\[(Service|Unit)\]\s*$/m.test(text) && /^\s*\[Service\]\s*$/m.test(text);
}

export function readSystemdUnits(path: string, text: string, collector: AuditCollector): SystemdUnit[] | null {
  const host = hostFromPath(path, /[\w@.-]+\.service/);
  const base = path.split(/[\\/]/).pop() ?? path;
  const fileUnit = /([\w@.-]+\.service)$/.exec(base)?.[1] ?? base;
  const units: SystemdUnit[] = [];
  let unit: SystemdUnit | null = null;
  let section = '';
  const lines = text.split('\n');
  const start = (name: string, line: number): SystemdUnit => {
    const existing = units.find((u) => u.name === name);
    if (existing) return existing;
    const u: SystemdUnit = { source: { path, record: line, format: 'systemd' }, host, name, description: null, execStart: null, user: null, userLine: null, group: null, dynamicUser: false };
    units.push(u);
    return u;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const t = raw.trim();
    const header = /^#\s+(\/\S+\/([\w@.-]+\.service)(?:\.d\/[\w.-]+\.conf)?)\s*$/.exec(t);
    if (header) {
      unit = start(header[2]!, i + 1);
      continue;
    }
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    const sec = /^\[([^\]]+)\]$/.exec(t);
    if (sec) {
      section = sec[1]!;
      if (unit === null) unit = start(fileUnit, i + 1);
      continue;
    }
    const kv = /^([A-Za-z][\w]*)\s*=\s*(.*)$/.exec(t);
    if (!kv) {
      collector.problem(path, `not a unit-file line: ${t.slice(0, 60)}`, i + 1);
      continue;
    }
    if (unit === null) unit = start(fileUnit, i + 1);
    const [, key, value] = kv;
    if (section === 'Unit' && key === 'Description') unit.description = value!;
    if (section !== 'Service') continue;
    if (key === 'ExecStart' && value!.trim() !== '') unit.execStart = value!.trim();
    if (key === 'User') {
      unit.user = value!.trim();
      unit.userLine = i + 1;
    }
    if (key === 'Group') unit.group = value!.trim();
    if (key === 'DynamicUser') unit.dynamicUser = /^(yes|true|1|on)$/i.test(value!.trim());
  }
  if (units.length === 0) {
    collector.problem(path, 'no [Service] section found', undefined, true);
    return null;
  }
  return units;
}
