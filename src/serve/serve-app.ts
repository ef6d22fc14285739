/**
 * One `serve` node: the event log, the SQLite finding store, the detection loop and the HTTP
 * server, started and stopped together. `stop()` is the clean shutdown (SIGTERM): the server stops
 * taking requests, pending appends finish, detection stops after its batch in hand and commits its
 * checkpoint, and the files are closed. `reload()` (SIGHUP) loads the rules and indicators again.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { DetectorConfig } from '../engine/hunt-options.js';
import { createDetectors, loadDetectors } from '../engine/load-detectors.js';
import type { Detector } from '../findings/detector.js';
import { SqliteFindingStore } from '../store/sqlite-finding-store.js';
import { DetectionLoop } from './detection-loop.js';
import type { RetentionPolicy } from './event-log.js';
import { createServeServer } from './http-server.js';
import type { IngestLimits } from './ingest-routes.js';
import { RateLimiter } from './rate-limit.js';
import { SegmentLog } from './segment-log.js';
import { ensureTokenFile, readTokenFile, tokenSet } from './tokens.js';
import { startSyslogListener, type SyslogListener } from './syslog-listener.js';
import { encodeFlatEvent } from './log-event.js';
import { FindingOutputs, type OutputConfig } from './outputs/finding-outputs.js';
import { mountDashboard } from './dashboard/dashboard-routes.js';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  /** Token file; default DATA/token, generated when absent. */
  tokenFile?: string;
  detectors: DetectorConfig;
  limits: IngestLimits;
  /** Events per second per token (0 = unlimited). */
  eventsPerSecond: number;
  latenessMs: number;
  retention: RetentionPolicy;
  /** Status and warning lines for the operator. */
  say: (line: string) => void;
  /** Syslog listeners (RFC 5424/3164 over UDP and TCP) on the same address; absent = none. */
  syslog?: { udpPort?: number; tcpPort?: number };
  /** Webhooks and syslog/CEF forwarding of new findings (outputs/); absent = none. */
  outputs?: OutputConfig;
}

export const DEFAULT_LIMITS: IngestLimits = { maxBodyBytes: 32 << 20, maxEventsPerRequest: 50_000, maxBacklog: 2_000_000 };
export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeMs: 7 * 24 * 3600_000, maxBytes: 10 * 2 ** 30 };
const RETENTION_EVERY_MS = 60_000;

export class ServeApp {
  private retentionTimer: NodeJS.Timeout | undefined;
  /** Rule reloads so far (SIGHUP or the dashboard). */
  reloads = 0;
  /** The syslog listeners, when asked for (ServeOptions.syslog). */
  syslog: SyslogListener | undefined;

  private constructor(
    readonly options: ServeOptions,
    readonly log: SegmentLog,
    readonly store: SqliteFindingStore,
    readonly detection: DetectionLoop,
    readonly server: Server,
    readonly outputs: FindingOutputs | undefined,
    /** The token file in use and whether it was just generated. */
    readonly token: { file: string; generated: boolean },
  ) {}

  static async start(options: ServeOptions): Promise<ServeApp> {
    const { dataDir, say } = options;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const tokenFile = options.tokenFile ?? path.join(dataDir, 'token');
    const generated = options.tokenFile ? false : ensureTokenFile(tokenFile);
    const tokens = tokenSet(readTokenFile(tokenFile));
    const detectors = await buildDetectors(options.detectors, say);
    let started: ServeApp | undefined;
    const log = await SegmentLog.open(path.join(dataDir, 'log'), { onWarning: (l) => say(`warning: ${l}`) });
    const store = new SqliteFindingStore(path.join(dataDir, 'cellwatch.db'));
    let outputs: FindingOutputs | undefined;
    try {
      outputs = options.outputs ? new FindingOutputs(options.outputs, store, dataDir, say) : undefined;
    } catch (err) {
      await log.close();
      store.close();
      throw err;
    }
    const detection = new DetectionLoop(log, store, detectors, {
      latenessMs: options.latenessMs, onProblem: (l) => say(`warning: ${l}`),
      onBatch: (b) => { if (b.newFindings) outputs?.pull(); },
    });
    detection.start();
    outputs?.start();
    const server = createServeServer({
      log, store, tokens, limits: options.limits,
      rate: new RateLimiter(options.eventsPerSecond), clusterUuid: clusterUuid(dataDir),
      backlog: () => log.endOffset - detection.processed,
      status: () => ({ log: { start: log.startOffset, end: log.endOffset }, detection: { processed: detection.processed, problems: detection.problems }, outputs: outputs?.stats() ?? [] }),
      onError: (l) => say(`error: ${l}`),
      dashboard: mountDashboard({
        store, log, tokens, dataDir, detectors: options.detectors, say,
        reload: () => started!.reload(), rulesVersion: () => started?.reloads ?? 0,
      }),
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => resolve());
      });
    } catch (err) {
      await detection.stop();
      await outputs?.stop();
      await log.close();
      store.close();
      throw err;
    }
    const app = new ServeApp(options, log, store, detection, server, outputs, { file: tokenFile, generated });
    started = app;
    if (options.syslog) {
      try {
        app.syslog = await startSyslogInto(log, options.host, options.syslog, say);
      } catch (err) {
        await app.stop();
        throw err;
      }
    }
    app.retentionTimer = setInterval(() => app.applyRetention(), RETENTION_EVERY_MS);
    app.retentionTimer.unref();
    return app;
  }

  get address(): { host: string; port: number } {
    const a = this.server.address() as AddressInfo;
    return { host: a.address, port: a.port };
  }

  applyRetention(): number {
    const keepFrom = this.log.loadCheckpoint()?.replayFrom ?? this.log.startOffset;
    const removed = this.log.applyRetention(this.options.retention, keepFrom);
    if (removed) this.options.say(`retention: removed ${removed} old log segment${removed > 1 ? 's' : ''}`);
    return removed;
  }

  /** Loads the rules and indicators again; detection rebuilds correlation windows by replaying. */
  async reload(): Promise<void> {
    this.detection.reload(await buildDetectors(this.options.detectors, this.options.say));
    this.outputs?.reload();
    this.reloads++;
  }

  async stop(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.syslog?.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await closed;
    await this.detection.stop();
    await this.outputs?.stop();
    await this.log.close();
    this.store.close();
  }
}

/**
 * Syslog messages go into the same durable log as HTTP ingest: a TCP connection is paused until its
 * batch is fsynced (the listener waits on the promise); UDP has no acknowledgement to give.
 */
async function startSyslogInto(log: SegmentLog, host: string, ports: { udpPort?: number; tcpPort?: number }, say: (line: string) => void): Promise<SyslogListener> {
  return startSyslogListener({
    host, udpPort: ports.udpPort, tcpPort: ports.tcpPort,
    onEvents: async (batch) => { await log.append(batch.map((e) => encodeFlatEvent(e.source.format, e.time, e.fields))); },
    onProblem: (line) => say(`warning: syslog: ${line}`),
  });
}

/** Loads rules and intel once; the result builds fresh detectors (empty correlation state) on each call. */
async function buildDetectors(config: DetectorConfig, say: (line: string) => void): Promise<() => Detector[]> {
  const loaded = await loadDetectors(config);
  for (const p of loaded.intelProblems) say(`warning: ${p}`);
  say(`detectors: ${loaded.sigma.compiled} Sigma rules, ${loaded.indicators.length} indicators`);
  return () => createDetectors(loaded, { mode: 'inline', onProblem: (t) => say(`warning: correlation: ${t}`) });
}

/** A stable id for the handshake, kept in the data dir. */
function clusterUuid(dataDir: string): string {
  const file = path.join(dataDir, 'cluster-uuid');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = randomUUID();
  writeFileSync(file, `${id}\n`);
  return id;
}
