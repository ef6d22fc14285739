/**
 * `cellwatch serve`: live detection. Shippers send events over HTTP (Elasticsearch bulk API or
 * JSON/NDJSON); each is acknowledged once durable in the local event log, and detected with the
 * same rules and indicators as `hunt`. SIGTERM/SIGINT stop cleanly, SIGHUP reloads rules and intel.
 */
import { existsSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_LIMITS, DEFAULT_RETENTION, ServeApp } from '../serve/serve-app.js';
import { collect, collectPlaceholder, FILTERS_HELP } from './options.js';
import { UsageError } from './usage-error.js';
import { addServeOutputOptions, outputConfigFrom, type ServeOutputFlags } from './serve-output-options.js';
import { version } from '../content/package-version.js';

interface ServeFlags extends ServeOutputFlags {
  listen: { host: string; port: number };
  data: string;
  tokenFile?: string;
  rules: string[];
  filters: string[];
  intel: string[];
  builtin: boolean;
  placeholder: Record<string, string[]>;
  maxBodyMb: number;
  maxEvents: number;
  rate: number;
  lateness: number;
  retentionDays: number;
  retentionGb: number;
  syslogUdp?: number;
  syslogTcp?: number;
}

export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new InvalidArgumentError('expected HOST:PORT, e.g. 127.0.0.1:8470 or [::1]:8470');
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

function port(what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d{1,5}$/.test(value) || n > 65535) throw new InvalidArgumentError(`expected ${what} number (0-65535; 0 = any free port)`);
    return n;
  };
}

function positive(what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected ${what} (a number ≥ 0)`);
    return n;
  };
}

export function register(program: Command): void {
  const command = program
    .command('serve')
    .description('live detection: take events from shippers (Elasticsearch bulk API, JSON/NDJSON over HTTP), store them durably, detect as they arrive')
    .addOption(new Option('--listen <host:port>', 'address to listen on').argParser(parseListen)
      .default({ host: '127.0.0.1', port: 8470 }, '127.0.0.1:8470'))
    .option('--data <dir>', 'data folder: event log, findings database, token', './cellwatch-data')
    .option('--token-file <file>', 'API tokens, one per line (default: DATA/token, generated when absent)')
    .option('-r, --rules <path>', 'Sigma rule file or folder (repeatable; added to the built-in rules)', collect, [])
    .option('--filters <path>', `${FILTERS_HELP}; reloaded on SIGHUP`, collect, [])
    .option('-i, --intel <file>', 'indicator file (repeatable)', collect, [])
    .option('--no-builtin', 'leave out the built-in GALLIUM rules and intel pack')
    .option('-p, --placeholder <name=value>', 'value for a Sigma %placeholder% (repeatable)', collectPlaceholder, {})
    .option('--max-body-mb <n>', 'largest request body, MiB', positive('MiB'), DEFAULT_LIMITS.maxBodyBytes / 2 ** 20)
    .option('--max-events <n>', 'most events in one request', positive('a count'), DEFAULT_LIMITS.maxEventsPerRequest)
    .option('--rate <n>', 'events per second per token (0 = no limit)', positive('events per second'), 0)
    .option('--lateness <seconds>', 'how late an event may arrive and still be correlated in time order', positive('seconds'), 60)
    .option('--retention-days <n>', 'delete log segments older than this (0 = keep)', positive('days'), DEFAULT_RETENTION.maxAgeMs / 86_400_000)
    .option('--retention-gb <n>', 'keep the event log under this size (0 = no limit)', positive('GiB'), DEFAULT_RETENTION.maxBytes / 2 ** 30)
    .option('--syslog-udp <port>', 'also receive syslog (RFC 5424/3164) over UDP on this port, same address as --listen', port('a UDP port'))
    .option('--syslog-tcp <port>', 'also receive syslog over TCP (octet-counted or newline-framed) on this port', port('a TCP port'));
  addServeOutputOptions(command)
    .action(async (flags: ServeFlags) => {
      await serve(flags);
    });
}

async function serve(flags: ServeFlags): Promise<void> {
  for (const p of [...flags.rules, ...flags.filters, ...flags.intel, ...(flags.tokenFile ? [flags.tokenFile] : [])]) {
    if (!existsSync(p)) throw new UsageError(`${p}: no such file or folder`);
  }
  const outputs = outputConfigFrom(flags, version);
  const say = (line: string): void => { process.stderr.write(`${line}\n`); };
  let app: ServeApp;
  try {
    app = await ServeApp.start({
      host: flags.listen.host, port: flags.listen.port, dataDir: flags.data, tokenFile: flags.tokenFile,
      detectors: { rulePaths: flags.rules, filterPaths: flags.filters, intelFiles: flags.intel, noBuiltin: !flags.builtin, placeholders: flags.placeholder },
      limits: { ...DEFAULT_LIMITS, maxBodyBytes: Math.round(flags.maxBodyMb * 2 ** 20), maxEventsPerRequest: Math.round(flags.maxEvents) },
      eventsPerSecond: flags.rate,
      latenessMs: flags.lateness * 1000,
      retention: { maxAgeMs: flags.retentionDays * 86_400_000, maxBytes: Math.round(flags.retentionGb * 2 ** 30) },
      say,
      outputs,
      syslog: flags.syslogUdp !== undefined || flags.syslogTcp !== undefined ? { udpPort: flags.syslogUdp, tcpPort: flags.syslogTcp } : undefined,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UsageError(`cannot listen on ${flags.listen.host}:${flags.listen.port}: ${code}`);
    }
    throw err;
  }
  const { host, port } = app.address;
  const shown = host.includes(':') ? `[${host}]` : host;
  if (app.token.generated) say(`token: generated ${app.token.file} (mode 0600)`);
  else say(`token: ${app.token.file}`);
  say(`cellwatch serve: listening on http://${shown}:${port} (data in ${flags.data}; log at offset ${app.log.endOffset})`);
  say(`dashboard: http://${shown}:${port}/dashboard/ (sign in with a token)`);
  if (app.syslog?.udpPort != null) say(`syslog: udp://${shown}:${app.syslog.udpPort}`);
  if (app.syslog?.tcpPort != null) say(`syslog: tcp://${shown}:${app.syslog.tcpPort}`);
  for (const o of app.outputs?.stats() ?? []) say(`output: ${o.output}, level ${o.level} and above`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping (finishing appends, committing the checkpoint)`);
      app.stop().then(() => { say('stopped'); resolve(); }, (err: unknown) => { say(`error while stopping: ${(err as Error).message}`); process.exitCode = 1; resolve(); });
    };
    // serve owns its shutdown: a generic "exit on signal" handler would skip the final checkpoint.
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', () => {
      say('SIGHUP: reloading rules, filters, intel and webhook headers');
      app.reload().catch((err: unknown) => say(`reload failed, keeping the loaded rules: ${(err as Error).message}`));
    });
  });
}
