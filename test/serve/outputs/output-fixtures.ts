/** Rules, events and waiting helpers shared by the webhook and syslog forwarding tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import type { OutputConfig } from '../../../src/serve/outputs/finding-outputs.js';
import { caughtUp, type Running } from '../serve-helpers.js';

export const HIGH_RULE = '0b5e7c2a-6f1d-4c3b-9a8e-1d2c3b4a5f61';
export const MEDIUM_RULE = '1c6f8d3b-7a2e-4d4c-8b9f-2e3d4c5b6a72';

/** A rules folder: a high rule on `trigger-high` (title given) and a medium one on `trigger-medium`. */
export function rulesDir(highTitle = 'Test trigger high'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cellwatch-output-rules-'));
  const rule = (id: string, title: string, needle: string, level: string, tag: string): string => `title: ${JSON.stringify(title)}
id: ${id}
status: test
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        CommandLine|contains: '${needle}'
    condition: selection
tags:
    - ${tag}
level: ${level}
`;
  writeFileSync(path.join(dir, 'rules.yml'), `${rule(HIGH_RULE, highTitle, 'trigger-high', 'high', 'attack.t1059.001')}---\n${rule(MEDIUM_RULE, 'Test trigger medium', 'trigger-medium', 'medium', 'attack.t1082')}`);
  return dir;
}

export const T0 = Date.parse('2026-11-28T22:00:00Z');

/** A Winlogbeat Sysmon process event at T0 + `seq` seconds. */
export function proc(seq: number, commandLine: string, host = 'WS-0142.corp.telco.example'): Record<string, unknown> {
  return {
    '@timestamp': new Date(T0 + seq * 1000).toISOString(), agent: { type: 'winlogbeat' }, event: { code: '1' },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: '1',
      computer_name: host, record_id: String(seq),
      event_data: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: commandLine, User: 'CORP\\j.doe' },
    },
  };
}

export async function send(r: Running, events: Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${r.base}/api/v1/events`, {
    method: 'POST', body: events.map((e) => JSON.stringify(e)).join('\n'), headers: { Authorization: `Bearer ${r.token}` },
  });
  assert.equal(res.status, 200);
  await caughtUp(r);
}

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 10));
  }
}

export interface OutputStats {
  output: string;
  delivered: number;
  dropped: number;
  failed: number;
  retries: number;
  queued: number;
  failing?: string;
}

export async function outputStats(r: Running): Promise<OutputStats[]> {
  const res = await fetch(`${r.base}/api/v1/status`, { headers: { Authorization: `Bearer ${r.token}` } });
  return ((await res.json()) as { outputs: OutputStats[] }).outputs;
}

/** Outputs config with no output and fast retries; tests add theirs. */
export function outputs(over: Partial<OutputConfig>): OutputConfig {
  return {
    webhooks: [], webhookLevel: 'high', forwardSyslog: [], forwardFormat: 'cef', forwardLevel: 'high', version: 'test',
    backoff: { baseMs: 20, maxMs: 200 }, ...over,
  };
}
