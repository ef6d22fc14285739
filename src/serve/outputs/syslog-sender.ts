/**
 * Forwarding to a SIEM's syslog receiver: `udp://HOST:PORT` (one datagram per message) or
 * `tcp://HOST:PORT` (one connection, messages octet-counted). A TCP connection that fails or
 * closes is opened again on the next delivery; the delivery channel's backoff paces those
 * attempts. TCP syslog has no acknowledgement: a message counts as delivered once the socket took
 * it, so a connection that breaks can lose what was still in its buffers (see docs/serve.md).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import { DeliveryError } from './delivery-channel.js';
import { octetCounted } from './syslog-message.js';

export interface SyslogTarget {
  protocol: 'udp' | 'tcp';
  host: string;
  port: number;
}

/** `udp://host:port` or `tcp://host:port` (`[::1]` for IPv6); throws a one-line Error otherwise. */
export function parseSyslogTarget(value: string): SyslogTarget {
  const m = /^(udp|tcp):\/\/(?:\[([^\]]+)\]|([^:/[\]]+)):(\d{1,5})\/?$/i.exec(value);
  const port = m ? Number(m[4]) : NaN;
  if (!m || port < 1 || port > 65535) throw new Error('expected udp://HOST:PORT or tcp://HOST:PORT');
  return { protocol: m[1]!.toLowerCase() as 'udp' | 'tcp', host: m[2] ?? m[3]!, port };
}

export function targetName(t: SyslogTarget): string {
  return `${t.protocol}://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

/** Largest UDP payload over IPv4. */
export const UDP_MAX = 65_507;
const CONNECT_TIMEOUT_MS = 10_000;

export interface SyslogSender {
  send(message: string, signal: AbortSignal): Promise<void>;
  close(): void;
}

export function syslogSender(target: SyslogTarget): SyslogSender {
  return target.protocol === 'udp' ? udpSender(target) : tcpSender(target);
}

async function address(host: string): Promise<{ address: string; family: 4 | 6 }> {
  const family = isIP(host);
  if (family) return { address: host, family: family as 4 | 6 };
  const found = await lookup(host);
  return { address: found.address, family: found.family as 4 | 6 };
}

function udpSender(target: SyslogTarget): SyslogSender {
  let socket: { udp: UdpSocket; address: string } | null = null;
  return {
    async send(message) {
      const data = Buffer.from(message, 'utf8');
      if (data.length > UDP_MAX) throw new DeliveryError(`message of ${data.length} bytes is over the UDP limit`, true);
      if (!socket) {
        const a = await address(target.host);
        const udp = createSocket(a.family === 6 ? 'udp6' : 'udp4');
        udp.on('error', () => { udp.close(); socket = null; });
        udp.unref();
        socket = { udp, address: a.address };
      }
      const s = socket;
      await new Promise<void>((resolve, reject) => {
        s.udp.send(data, target.port, s.address, (err) => (err ? reject(new DeliveryError(err.message)) : resolve()));
      });
    },
    close() {
      socket?.udp.close();
      socket = null;
    },
  };
}

function tcpSender(target: SyslogTarget): SyslogSender {
  let socket: Socket | null = null;
  const connect = (signal: AbortSignal): Promise<Socket> => new Promise((resolve, reject) => {
    const s = new Socket();
    const onAbort = (): void => fail(new Error('stopping'));
    const fail = (err: Error): void => {
      signal.removeEventListener('abort', onAbort);
      s.destroy();
      reject(new DeliveryError(`cannot connect to ${targetName(target)}: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    };
    s.setTimeout(CONNECT_TIMEOUT_MS, () => fail(new Error('timed out')));
    s.once('error', fail);
    signal.addEventListener('abort', onAbort, { once: true });
    s.connect(target.port, target.host, () => {
      signal.removeEventListener('abort', onAbort);
      s.setTimeout(0);
      s.removeListener('error', fail);
      // The receiver closing or resetting the connection: the next delivery connects again.
      s.on('error', () => s.destroy());
      s.once('close', () => { if (socket === s) socket = null; });
      s.on('data', () => undefined); // receivers do not answer; whatever they send is ignored
      s.setKeepAlive(true, 30_000);
      resolve(s);
    });
  });
  return {
    async send(message, signal) {
      if (socket?.destroyed) socket = null;
      socket ??= await connect(signal);
      const s = socket;
      await new Promise<void>((resolve, reject) => {
        s.write(octetCounted(message), (err) => {
          if (!err) return resolve();
          s.destroy();
          if (socket === s) socket = null;
          reject(new DeliveryError(`${targetName(target)}: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
        });
      });
    },
    close() {
      socket?.end();
      socket = null;
    },
  };
}
