/**
 * Web-root context: script pages whose file times do not fit their web root. Lower-level findings:
 * a deployment can explain them, a planted shell usually has one of them.
 *
 * A web root is the part of a path up to `wwwroot`, `htdocs` or `public_html`, or up to the
 * application folder under `webapps`, `deployments` or `deploy` (IIS, Apache, Tomcat, JBoss/WildFly).
 * Its install time is the oldest modification time of the platform's own files (`iisstart.htm`,
 * `iisstart.png`, `welcome.png` anywhere in the root, the application's `WEB-INF/web.xml`) when present, else the median of its files.
 * - **added after install**: a script modified more than a day after the install time in a folder
 *   whose other files (median) were not;
 * - **time-stomped**: a script older than the platform's own files by more than a day, or (without
 *   those files) a month older than every one of at least three neighbours.
 */
import { toIso } from '../events/timestamp.js';

const DAY = 86_400_000;
const MONTH = 30 * DAY;
const ROOT_NAMES = new Set(['wwwroot', 'htdocs', 'public_html']);
const APP_PARENTS = new Set(['webapps', 'deployments', 'deploy']);
const MARKER_NAMES = new Set(['iisstart.htm', 'iisstart.png', 'welcome.png']);
const isMarker = (inner: string): boolean => MARKER_NAMES.has(inner.slice(inner.lastIndexOf('/') + 1)) || inner === 'web-inf/web.xml';
export const SCRIPT_EXTENSIONS = new Set([
  'aspx', 'asp', 'ashx', 'asmx', 'ascx', 'asa', 'cer', 'cshtml', 'vbhtml', 'svc', 'php', 'php5', 'phtml', 'jsp', 'jspx', 'jspf', 'jsw', 'jsv', 'cfm',
]);

export interface ContextFinding {
  path: string;
  mtime: number;
  kind: 'added-after-install' | 'time-stomped';
  /** Human detail: the times compared. */
  detail: Record<string, string>;
}

interface Entry {
  path: string;
  /** Path inside the web root, lower-case. */
  inner: string;
  folder: string;
  mtime: number;
  script: boolean;
}

/** The web root prefix of a `/`-separated relative path, or undefined. */
export function webRootOf(rel: string): string | undefined {
  const parts = rel.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!.toLowerCase();
    if (ROOT_NAMES.has(p)) return parts.slice(0, i + 1).join('/');
    if (APP_PARENTS.has(p) && i + 2 < parts.length) return parts.slice(0, i + 2).join('/');
  }
  return undefined;
}

const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

export class WebRootContext {
  private readonly roots = new Map<string, Entry[]>();

  /** Note a swept file (path for findings, root-relative path, modification time). */
  add(path: string, rel: string, mtime: number): void {
    const root = webRootOf(rel);
    if (root === undefined) return;
    const inner = rel.slice(root.length + 1);
    const slash = inner.lastIndexOf('/');
    const name = inner.slice(slash + 1);
    const entry = { path, inner: inner.toLowerCase(), folder: slash < 0 ? '' : inner.slice(0, slash), mtime, script: SCRIPT_EXTENSIONS.has(extensionOf(name)) };
    const list = this.roots.get(root);
    if (list) list.push(entry);
    else this.roots.set(root, [entry]);
  }

  *findings(): Generator<ContextFinding> {
    for (const [root, entries] of this.roots) {
      const markers = entries.filter((e) => isMarker(e.inner)).map((e) => e.mtime);
      const install = markers.length > 0 ? Math.min(...markers) : median(entries.map((e) => e.mtime));
      const byFolder = new Map<string, Entry[]>();
      for (const e of entries) {
        const list = byFolder.get(e.folder);
        if (list) list.push(e);
        else byFolder.set(e.folder, [e]);
      }
      for (const e of entries) {
        if (!e.script) continue;
        const neighbours = byFolder.get(e.folder)!.filter((n) => n !== e).map((n) => n.mtime);
        const neighboursMedian = neighbours.length > 0 ? median(neighbours) : undefined;
        const detail: Record<string, string> = { webRoot: root, modified: toIso(e.mtime), platformInstalled: toIso(install) };
        if (neighboursMedian !== undefined) detail.neighboursMedian = toIso(neighboursMedian);
        if (e.mtime > install + DAY && (neighboursMedian === undefined || neighboursMedian <= install + DAY)) {
          yield { path: e.path, mtime: e.mtime, kind: 'added-after-install', detail };
        } else if (markers.length > 0 ? e.mtime < install - DAY : neighbours.length >= 3 && e.mtime < Math.min(...neighbours) - MONTH) {
          yield { path: e.path, mtime: e.mtime, kind: 'time-stomped', detail };
        }
      }
    }
  }
}
