/** Helpers for tests that run a `serve` node in-process: start it on a free port, send requests. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS, DEFAULT_RETENTION, ServeApp, type ServeOptions } from '../../src/serve/serve-app.js';
import type { Finding } from '../../src/findings/finding.js';

export interface Running {
  app: ServeApp;
  base: string;
  token: string;
  dataDir: string;
  lines: string[];
}

export async function startServe(t: { after: (fn: () => Promise<void> | void) => void }, overrides: Partial<ServeOptions> = {}, dataDir?: string): Promise<Running> {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'cellwatch-serve-'));
  const lines: string[] = [];
  const app = await ServeApp.start({
    host: '127.0.0.1', port: 0, dataDir: dir,
    detectors: { rulePaths: [], intelFiles: [], noBuiltin: false },
    limits: DEFAULT_LIMITS, eventsPerSecond: 0, latenessMs: 60_000, retention: DEFAULT_RETENTION,
    say: (l) => lines.push(l),
    ...overrides,
  });
  let stopped = false;
  const stop = app.stop.bind(app);
  app.stop = async () => { if (!stopped) { stopped = true; await stop(); } };
  t.after(async () => {
    await app.stop();
    if (!dataDir) rmSync(dir, { recursive: true, force: true });
  });
  const token = readFileSync(app.token.file, 'utf8').trim();
  return { app, base: `http://127.0.0.1:${app.address.port}`, token, dataDir: dir, lines };
}

/** Waits until detection has processed everything in the log. */
export async function caughtUp(r: Running): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (r.app.detection.processed >= r.app.log.endOffset) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`detection stuck at ${r.app.detection.processed} of ${r.app.log.endOffset}`);
}

export async function getFindings(r: Running, query = ''): Promise<Finding[]> {
  const res = await fetch(`${r.base}/api/v1/findings${query}`, { headers: { Authorization: `Bearer ${r.token}` } });
  if (res.status !== 200) throw new Error(`findings: ${res.status} ${await res.text()}`);
  return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Finding);
}

/** A finding without its source (which differs between the live log and a hunt's files). */
export function withoutSource(f: Finding): string {
  const { source: _source, ...rest } = f;
  return JSON.stringify(rest);
}
