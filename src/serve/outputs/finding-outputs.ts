/**
 * Serve's outputs: webhooks and syslog forwarders, each a DeliveryChannel fed from the finding
 * store after every detection batch. Built once at start; `reload()` (SIGHUP) reads the webhook
 * header file again; `stats()` goes to `GET /api/v1/status`.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import type { Level } from '../../findings/finding.js';
import type { FindingStore } from '../../store/finding-store.js';
import { cefLine } from './cef-line.js';
import { DeliveryChannel, type ChannelStats, type Send } from './delivery-channel.js';
import { DeliveryPosition } from './delivery-position.js';
import { readHeaderFile } from './header-file.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './retry-backoff.js';
import { syslogMessage, type SyslogOrigin } from './syslog-message.js';
import { parseSyslogTarget, syslogSender, targetName, UDP_MAX } from './syslog-sender.js';
import { shownUrl, webhookSender } from './webhook-sender.js';

export type ForwardFormat = 'cef' | 'json';

export interface OutputConfig {
  webhooks: string[];
  webhookLevel: Level;
  webhookHeaderFile?: string;
  /** `udp://host:port` or `tcp://host:port`. */
  forwardSyslog: string[];
  forwardFormat: ForwardFormat;
  forwardLevel: Level;
  /** cellwatch's version, for the User-Agent and the CEF header. */
  version: string;
  /** Findings each output holds before it drops new ones (default 10,000). */
  queueCapacity?: number;
  backoff?: BackoffPolicy;
  /** Tests: the syslog header's host, pid and clock. */
  origin?: SyslogOrigin;
  now?: () => Date;
}

export const DEFAULT_QUEUE_CAPACITY = 10_000;

export class FindingOutputs {
  private headers: Record<string, string> = {};
  private readonly channels: DeliveryChannel[] = [];
  private readonly closers: (() => void)[] = [];

  /** Throws a one-line Error for a bad header file or target. */
  constructor(private readonly config: OutputConfig, store: FindingStore, dataDir: string, private readonly say: (line: string) => void) {
    if (config.webhookHeaderFile) this.headers = readHeaderFile(config.webhookHeaderFile);
    const dir = path.join(dataDir, 'outputs');
    const common = { capacity: config.queueCapacity ?? DEFAULT_QUEUE_CAPACITY, backoff: config.backoff ?? DEFAULT_BACKOFF, say };
    const add = (name: string, minLevel: Level, send: Send): void => {
      this.channels.push(new DeliveryChannel(store, send, { ...common, name, minLevel, position: new DeliveryPosition(dir, name) }));
    };
    for (const url of config.webhooks) {
      add(`webhook ${shownUrl(url)}`, config.webhookLevel, webhookSender(url, `cellwatch/${config.version}`, () => this.headers));
    }
    const origin = config.origin ?? { hostname: hostname(), procId: String(process.pid) };
    const now = config.now ?? (() => new Date());
    for (const value of config.forwardSyslog) {
      const target = parseSyslogTarget(value);
      const sender = syslogSender(target);
      this.closers.push(() => sender.close());
      add(`syslog ${targetName(target)} (${config.forwardFormat})`, config.forwardLevel, (finding, id, signal) => {
        let msg = config.forwardFormat === 'cef' ? cefLine(finding, id, config.version) : JSON.stringify(finding);
        if (target.protocol === 'udp' && config.forwardFormat === 'json' && Buffer.byteLength(msg) > UDP_MAX - 512) {
          msg = JSON.stringify({ ...finding, event: `(left out: over the UDP datagram limit; GET /api/v1/findings has it)` });
        }
        return sender.send(syslogMessage(finding.rule.level, msg, origin, now()), signal);
      });
    }
  }

  get size(): number {
    return this.channels.length;
  }

  start(): void {
    for (const c of this.channels) c.start();
  }

  /** After a detection batch stored new findings. */
  pull(): void {
    for (const c of this.channels) c.pull();
  }

  /** SIGHUP: the webhook header file again (kept as it was when it cannot be read). */
  reload(): void {
    if (!this.config.webhookHeaderFile) return;
    try {
      this.headers = readHeaderFile(this.config.webhookHeaderFile);
    } catch (err) {
      this.say(`warning: webhook headers not reloaded, keeping the loaded ones: ${(err as Error).message}`);
    }
  }

  stats(): ChannelStats[] {
    return this.channels.map((c) => c.stats());
  }

  async stop(): Promise<void> {
    await Promise.all(this.channels.map((c) => c.stop()));
    for (const close of this.closers) close();
  }
}
