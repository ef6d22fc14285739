/**
 * `serve`'s output flags: webhooks and syslog/CEF forwarding of new findings, each with its own
 * level threshold (`--webhook-level`, `--forward-level`; default high).
 */
import { existsSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Level } from '../findings/finding.js';
import type { ForwardFormat, OutputConfig } from '../serve/outputs/finding-outputs.js';
import { readHeaderFile } from '../serve/outputs/header-file.js';
import { parseSyslogTarget } from '../serve/outputs/syslog-sender.js';
import { choice, parseLevel } from './options.js';
import { UsageError } from './usage-error.js';

export interface ServeOutputFlags {
  webhook: string[];
  webhookLevel: Level;
  webhookHeaderFile?: string;
  forwardSyslog: string[];
  forwardFormat: ForwardFormat;
  forwardLevel: Level;
}

function collectUrl(value: string, previous: string[] = []): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http:// or https:// URL');
  return [...previous, value];
}

function collectTarget(value: string, previous: string[] = []): string[] {
  try {
    parseSyslogTarget(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return [...previous, value];
}

export function addServeOutputOptions(command: Command): Command {
  return command
    .option('--webhook <url>', 'POST each new finding at or above --webhook-level as JSON to this URL (repeatable)', collectUrl, [])
    .option('--webhook-level <level>', 'lowest level sent to webhooks', parseLevel, 'high' as Level)
    .option('--webhook-header-file <file>', "extra webhook request headers, 'Name: value' per line (e.g. Authorization); reloaded on SIGHUP")
    .option('--forward-syslog <url>', 'forward new findings to a SIEM over syslog: udp://HOST:PORT or tcp://HOST:PORT (repeatable)', collectTarget, [])
    .addOption(new Option('--forward-format <format>', 'forwarded message: ArcSight CEF or the Finding JSON').argParser(choice(['cef', 'json'] as const)).default('cef'))
    .option('--forward-level <level>', 'lowest level forwarded over syslog', parseLevel, 'high' as Level);
}

/** The outputs asked for, or undefined when none; bad combinations are usage errors. */
export function outputConfigFrom(flags: ServeOutputFlags, version: string): OutputConfig | undefined {
  if (flags.webhookHeaderFile) {
    if (!flags.webhook.length) throw new UsageError('--webhook-header-file needs --webhook');
    if (!existsSync(flags.webhookHeaderFile)) throw new UsageError(`${flags.webhookHeaderFile}: no such file`);
    try {
      readHeaderFile(flags.webhookHeaderFile);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  if (!flags.webhook.length && !flags.forwardSyslog.length) return undefined;
  return {
    webhooks: flags.webhook, webhookLevel: flags.webhookLevel, webhookHeaderFile: flags.webhookHeaderFile,
    forwardSyslog: flags.forwardSyslog, forwardFormat: flags.forwardFormat, forwardLevel: flags.forwardLevel, version,
  };
}
