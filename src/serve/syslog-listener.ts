/**
 * Syslog over the network, for `cellwatch serve`: a UDP listener (one datagram = one message,
 * RFC 5426) and a TCP listener (RFC 6587: octet counting or LF/NUL framing, detected per
 * connection, see syslog-framing.ts). Messages are parsed as the file reader parses lines
 * (sources/syslog) and handed over in batches to `onEvents`; the listener knows nothing of what
 * happens next.
 *
 * - Back-pressure: when `onEvents` returns a promise, the TCP connection is paused until it
 *   settles. UDP cannot be paused: while more than `maxPendingBatches` deliveries are unsettled,
 *   datagrams are dropped and counted, and the count is reported once deliveries catch up.
 * - Bad input never stops the listener: an unparseable message, an oversize message, a refused
 *   connection or a failed delivery is one `onProblem` line naming the peer and the message.
 * - A message without a hostname gets the sender's address as `host`.
 * - Events: `source.path` is `udp://ADDR:PORT` or `tcp://ADDR:PORT` of the sender, `source.record`
 *   the message's number (per listener for UDP, per connection for TCP), `raw` the message text.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { HuntEvent } from '../events/event.js';
import { parseSyslogMessage } from '../sources/syslog/parse-syslog-message.js';
import { SyslogFrameDecoder, trimTerminators } from './syslog-framing.js';

export interface SyslogListenerOptions {
  /** Address to bind (default 127.0.0.1; `0.0.0.0` or `::` to accept from the network). */
  host?: string;
  /** UDP port (0 = any free port); left out = no UDP listener. */
  udpPort?: number;
  /** TCP port (0 = any free port); left out = no TCP listener. */
  tcpPort?: number;
  /** Longest message accepted, in bytes (default 64 KiB). */
  maxMessageBytes?: number;
  /** Open TCP connections at most (default 256); more are refused and reported. */
  maxConnections?: number;
  /** A TCP connection silent this long is closed (default 300 000 ms; 0 = never). */
  idleTimeoutMs?: number;
  /** UDP deliveries that may be unsettled at once before datagrams are dropped (default 64). */
  maxPendingBatches?: number;
  /** Reference time for BSD timestamps without a year (default Date.now). */
  now?: () => number;
  onEvents(batch: HuntEvent[]): void | Promise<void>;
  onProblem(text: string): void;
}

export interface SyslogListener {
  /** Bound ports (null when that transport is off). */
  readonly udpPort: number | null;
  readonly tcpPort: number | null;
  /** Messages turned into events, problems reported, UDP datagrams dropped. */
  readonly stats: { messages: number; problems: number; dropped: number };
  close(): Promise<void>;
}

const SNIPPET = 80;

/** `udp://192.0.2.1:514`, `tcp://[2001:db8::1]:51514`. */
function peerName(transport: 'udp' | 'tcp', address: string, port: number): string {
  return `${transport}://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

function snippet(text: string): string {
  const t = text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text;
  return JSON.stringify(t);
}

class Listener implements SyslogListener {
  udpPort: number | null = null;
  tcpPort: number | null = null;
  readonly stats = { messages: 0, problems: 0, dropped: 0 };
  private udp: UdpSocket | null = null;
  private tcp: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private udpRecord = 0;
  private udpQueue: HuntEvent[] = [];
  private udpFlushScheduled = false;
  private udpPending = 0;
  private droppedReported = 0;
  private readonly maxMessage: number;
  private readonly now: () => number;

  constructor(private readonly o: SyslogListenerOptions) {
    this.maxMessage = o.maxMessageBytes ?? 64 * 1024;
    this.now = o.now ?? Date.now;
  }

  problem(text: string): void {
    this.stats.problems++;
    try {
      this.o.onProblem(text);
    } catch {
      // a failing problem sink must not stop the listener
    }
  }

  /** Parse one message into an event, or report it. */
  toEvent(bytes: Buffer, peer: string, address: string, record: number): HuntEvent | null {
    const text = bytes.toString('utf8');
    const parsed = parseSyslogMessage(text, this.now());
    if (typeof parsed === 'string') {
      this.problem(`${peer}: message ${record}: ${parsed}: ${snippet(text)}`);
      return null;
    }
    // A Sysmon for Linux event names its host in Computer; other messages without a HOSTNAME get the sender's.
    if (!parsed.embeddedEvent && parsed.fields.host === undefined) parsed.fields.host = address;
    this.stats.messages++;
    return { fields: parsed.fields, source: { path: peer, record, format: 'syslog' }, time: parsed.time, raw: text };
  }

  /** Hand a batch over; resolves when the consumer is done with it (never rejects). */
  deliver(batch: HuntEvent[], peer: string): Promise<void> | null {
    let result: void | Promise<void>;
    try {
      result = this.o.onEvents(batch);
    } catch (err) {
      this.problem(`${peer}: delivering ${batch.length} events failed: ${(err as Error)?.message ?? String(err)}`);
      return null;
    }
    if (!result || typeof (result as Promise<void>).then !== 'function') return null;
    return (result as Promise<void>).then(undefined, (err: unknown) => {
      this.problem(`${peer}: delivering ${batch.length} events failed: ${(err as Error)?.message ?? String(err)}`);
    });
  }

  async listenUdp(host: string, port: number): Promise<void> {
    const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    this.udp = udp;
    udp.on('error', (err) => this.problem(`udp: ${err.message}`));
    udp.on('message', (msg, rinfo) => this.onDatagram(msg, peerName('udp', rinfo.address, rinfo.port), rinfo.address));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    this.udpPort = udp.address().port;
  }

  private onDatagram(msg: Buffer, peer: string, address: string): void {
    const record = ++this.udpRecord;
    if (this.udpPending >= (this.o.maxPendingBatches ?? 64)) {
      this.stats.dropped++;
      return;
    }
    if (msg.length > this.maxMessage) {
      this.problem(`${peer}: message ${record}: datagram of ${msg.length} bytes is over the ${this.maxMessage}-byte limit, dropped`);
      return;
    }
    const message = trimTerminators(msg);
    if (message.length === 0) return;
    const event = this.toEvent(message, peer, address, record);
    if (!event) return;
    this.udpQueue.push(event);
    if (!this.udpFlushScheduled) {
      this.udpFlushScheduled = true;
      setImmediate(() => this.flushUdp());
    }
  }

  private flushUdp(): void {
    this.udpFlushScheduled = false;
    const batch = this.udpQueue;
    this.udpQueue = [];
    if (batch.length === 0) return;
    const pending = this.deliver(batch, 'udp');
    if (!pending) return;
    this.udpPending++;
    void pending.then(() => {
      this.udpPending--;
      const dropped = this.stats.dropped - this.droppedReported;
      if (this.udpPending === 0 && dropped > 0) {
        this.droppedReported = this.stats.dropped;
        this.problem(`udp: ${dropped} datagrams dropped while event delivery was busy`);
      }
    });
  }

  async listenTcp(host: string, port: number): Promise<void> {
    const server = createServer((socket) => this.onConnection(socket));
    this.tcp = server;
    server.on('error', (err) => this.problem(`tcp: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.tcpPort = typeof address === 'object' && address ? address.port : port;
  }

  private onConnection(socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    const peer = peerName('tcp', address, socket.remotePort ?? 0);
    socket.on('error', (err) => this.problem(`${peer}: ${err.message}`));
    const max = this.o.maxConnections ?? 256;
    if (this.sockets.size >= max) {
      this.problem(`${peer}: connection refused: ${max} connections already open`);
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const idle = this.o.idleTimeoutMs ?? 300_000;
    if (idle > 0) {
      socket.setTimeout(idle, () => {
        this.problem(`${peer}: idle for ${idle} ms, connection closed`);
        socket.destroy();
      });
    }
    let record = 0;
    let batch: HuntEvent[] = [];
    const decoder = new SyslogFrameDecoder(this.maxMessage, {
      message: (bytes) => {
        const event = this.toEvent(bytes, peer, address, ++record);
        if (event) batch.push(event);
      },
      problem: (reason) => this.problem(`${peer}: after message ${record}: ${reason}`),
    });
    const flush = (): void => {
      if (batch.length === 0) return;
      const pending = this.deliver(batch, peer);
      batch = [];
      if (!pending) return;
      socket.pause();
      if (idle > 0) socket.setTimeout(0);
      void pending.then(() => {
        if (socket.destroyed) return;
        if (idle > 0) socket.setTimeout(idle);
        socket.resume();
      });
    };
    socket.on('data', (chunk: Buffer) => {
      const ok = decoder.push(chunk);
      flush();
      if (!ok) socket.destroy();
    });
    socket.on('end', () => {
      decoder.end();
      flush();
      socket.end();
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const closing: Promise<void>[] = [];
    if (this.tcp) {
      const server = this.tcp;
      closing.push(new Promise((resolve) => server.close(() => resolve())));
    }
    if (this.udp) {
      const udp = this.udp;
      closing.push(new Promise((resolve) => udp.close(() => resolve())));
    }
    this.tcp = null;
    this.udp = null;
    await Promise.all(closing);
  }
}

/** Start the listeners asked for; rejects (naming the port) when one cannot bind. */
export async function startSyslogListener(options: SyslogListenerOptions): Promise<SyslogListener> {
  const listener = new Listener(options);
  const host = options.host ?? '127.0.0.1';
  try {
    if (options.udpPort !== undefined) await listener.listenUdp(host, options.udpPort);
    if (options.tcpPort !== undefined) await listener.listenTcp(host, options.tcpPort);
  } catch (err) {
    await listener.close();
    throw new Error(`syslog listener on ${host}: ${(err as Error).message}`);
  }
  return listener;
}
