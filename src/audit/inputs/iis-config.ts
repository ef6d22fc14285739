/**
 * IIS `%windir%\System32\inetsrv\config\applicationHost.config`: application pools and the identity
 * they run as (processModel identityType / userName, with applicationPoolDefaults), the sites and
 * applications mapped to each pool, and anonymous-authentication identities (server-wide and per
 * `<location>`). Elements are read with their line numbers; well-formedness is checked first.
 */
import { packageOnFirstUse } from '../../content/package-on-first-use.js';
import type { SourceRef } from '../../events/event.js';
import type { AuditCollector } from '../model.js';

/** The XML checker, loaded when an IIS configuration is first read (not when any command starts). */
const xmlParser = packageOnFirstUse<typeof import('fast-xml-parser')>('fast-xml-parser');

export interface IisPool {
  source: SourceRef;
  name: string;
  /** LocalSystem, LocalService, NetworkService, SpecificUser, ApplicationPoolIdentity. */
  identityType: string;
  /** For SpecificUser. */
  userName: string | null;
  /** True when the identity came from applicationPoolDefaults (or the IIS default). */
  inherited: boolean;
  /** `site/app` paths served by the pool. */
  applications: string[];
}

export interface IisAnonymousIdentity {
  source: SourceRef;
  /** `<location path>`, '' for the server-wide setting. */
  location: string;
  enabled: boolean;
  /** '' means "use the application pool identity"; null means inherited from the server level. */
  userName: string | null;
}

export interface IisConfig {
  path: string;
  host: string;
  pools: IisPool[];
  anonymous: IisAnonymousIdentity[];
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
  line: number;
  selfClosing: boolean;
  closing: boolean;
}

function* tags(text: string): Generator<Tag> {
  let line = 1;
  let last = 0;
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = m.index;
    if (m[2] === undefined) continue;
    const attrs: Record<string, string> = {};
    const ar = /([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    let a: RegExpExecArray | null;
    while ((a = ar.exec(m[3] ?? '')) !== null) attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
    yield { name: m[2], attrs, line, selfClosing: m[4] === '/', closing: m[1] === '/' };
  }
}

function decode(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Host name from the file name (`WEB-IIS01.applicationHost.config`, `WEB-IIS01_nginx.service`: an
 * upper-case host before the first `.` or `_`) or from the folder (`WEB-IIS01/applicationHost.config`).
 */
export function hostFromPath(path: string, suffix: RegExp): string {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? '';
  const m = /^([A-Z0-9][A-Z0-9-]*[A-Z0-9])[._](.+)$/.exec(base);
  if (m && new RegExp(`^${suffix.source}$`, 'i').test(m[2]!)) return m[1]!;
  const dir = parts[parts.length - 2] ?? '';
  return /^[A-Z0-9][A-Z0-9-]{1,62}$/.test(dir) && /[-\d]/.test(dir) ? dir : '';
}

export function isIisConfig(text: string): boolean {
  return /<configuration[\s>]/.test(text) && /<system\.applicationHost[\s>]/.test(text);
}

interface PoolIdentity {
  identityType: string;
  userName: string | null;
}

interface SiteApplication {
  site: string;
  path: string;
  pool: string | null;
}

export function readIisConfig(path: string, text: string, collector: AuditCollector): IisConfig | null {
  const valid = xmlParser().XMLValidator.validate(text);
  if (valid !== true) {
    collector.problem(path, `not well-formed XML: ${valid.err.msg}`, valid.err.line, true);
    return null;
  }
  const host = hostFromPath(path, /applicationHost\.config/);
  const pools: IisPool[] = [];
  const anonymous: IisAnonymousIdentity[] = [];
  const stack: Tag[] = [];
  let defaults: PoolIdentity = { identityType: 'ApplicationPoolIdentity', userName: null };
  let defaultAppPool = 'DefaultAppPool';
  const apps: SiteApplication[] = [];
  let currentPool: { pool: IisPool } | null = null;
  let site = '';
  let location = '';
  const src = (line: number): SourceRef => ({ path, record: line, format: 'iis-config' });
  for (const t of tags(text)) {
    if (t.closing) {
      const open = stack.pop();
      if (open?.name === 'add' && currentPool && stack[stack.length - 1]?.name === 'applicationPools') currentPool = null;
      if (open?.name === 'site') site = '';
      if (open?.name === 'location') location = '';
      continue;
    }
    const parent = stack[stack.length - 1]?.name ?? '';
    switch (t.name) {
      case 'add':
        if (parent === 'applicationPools' && t.attrs.name !== undefined) {
          const pool: IisPool = { source: src(t.line), name: t.attrs.name, identityType: '', userName: null, inherited: true, applications: [] };
          pools.push(pool);
          currentPool = t.selfClosing ? null : { pool };
        }
        break;
      case 'processModel':
        if (parent === 'applicationPoolDefaults') {
          defaults = { identityType: t.attrs.identityType ?? defaults.identityType, userName: t.attrs.userName ?? null };
        } else if (parent === 'add' && currentPool) {
          if (t.attrs.identityType !== undefined) {
            currentPool.pool.identityType = t.attrs.identityType;
            currentPool.pool.inherited = false;
          }
          if (t.attrs.userName !== undefined) currentPool.pool.userName = t.attrs.userName;
          currentPool.pool.source = src(t.line);
        }
        break;
      case 'site':
        site = t.attrs.name ?? '';
        break;
      case 'application':
        if (site !== '') apps.push({ site, path: t.attrs.path ?? '/', pool: t.attrs.applicationPool ?? null });
        break;
      case 'applicationDefaults':
        if (parent === 'sites' && t.attrs.applicationPool) defaultAppPool = t.attrs.applicationPool;
        break;
      case 'location':
        location = t.attrs.path ?? '';
        break;
      case 'anonymousAuthentication':
        anonymous.push({
          source: src(t.line),
          location,
          enabled: (t.attrs.enabled ?? 'false').toLowerCase() === 'true',
          userName: t.attrs.userName ?? (location === '' ? 'IUSR' : null),
        });
        break;
      default:
        break;
    }
    if (!t.selfClosing) stack.push(t);
  }
  resolvePools(pools, defaults, apps, defaultAppPool);
  return { path, host, pools, anonymous };
}

/** Pools without their own identity take the defaults; each application joins its pool (or the default pool). */
function resolvePools(pools: IisPool[], defaults: PoolIdentity, apps: readonly SiteApplication[], defaultAppPool: string): void {
  for (const p of pools) {
    if (p.identityType === '') {
      p.identityType = defaults.identityType;
      if (p.userName === null) p.userName = defaults.userName;
    }
  }
  for (const a of apps) {
    const poolName = a.pool ?? defaultAppPool;
    const pool = pools.find((p) => p.name.toLowerCase() === poolName.toLowerCase());
    if (pool) pool.applications.push(`${a.site}${a.path === '/' ? '' : a.path}`);
  }
}
