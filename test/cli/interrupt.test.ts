/**
 * Ctrl-C in the middle of a real hunt: a child process hunting a generated log noisy enough to
 * spill findings to temporary run files is sent SIGINT; afterwards no spill file and no temporary
 * output may be left, and the earlier output file must be untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliPath } from './run-cli.js';

const EVENTS = 40_000; // × 2 rules = 80,000 findings: one spill at 50,000, then more work to do

function rule(n: number): string {
  return [
    `title: Every process creation ${n}`, `id: 6a0c9b5e-1f2d-4c3b-8a7e-00000000000${n}`, 'status: test',
    'logsource:', '    category: process_creation', '    product: windows',
    'detection:', '    selection:', '        EventID: 1', '    condition: selection', 'level: low', '',
  ].join('\n');
}

async function writeLog(file: string): Promise<void> {
  const out = createWriteStream(file);
  const start = Date.UTC(2019, 2, 4, 10);
  let chunk = '';
  for (let i = 0; i < EVENTS; i++) {
    // Times out of order, so the store has to sort and merge.
    const ts = new Date(start + ((i * 7919) % EVENTS) * 1000).toISOString();
    chunk += `${JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WEB-IIS01', TimeCreated: ts, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `cmd /c whoami ${i}` })}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => { out.once('drain', () => r()); });
      chunk = '';
    }
  }
  await new Promise<void>((resolve) => { out.end(chunk, () => resolve()); });
}

const spillDirs = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('cellwatch-findings-'));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('SIGINT mid-hunt removes spill files and the temporary output, keeps the earlier output', { timeout: 120_000 }, async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cellwatch-interrupt-'));
  try {
    const logs = path.join(root, 'logs');
    const rules = path.join(root, 'rules');
    const temp = path.join(root, 'tmp');
    const results = path.join(root, 'results');
    for (const d of [logs, rules, temp, results]) mkdirSync(d);
    writeFileSync(path.join(rules, 'one.yml'), rule(1));
    writeFileSync(path.join(rules, 'two.yml'), rule(2));
    await writeLog(path.join(logs, 'sysmon.jsonl'));
    const output = path.join(results, 'findings.jsonl');
    const earlier = '{"earlier":"run, kept"}\n';
    writeFileSync(output, earlier);

    const child = spawn(process.execPath, [cliPath, 'hunt', logs, '--no-builtin', '--rules', rules, '--format', 'jsonl', '--output', output, '--threads', '1', '--no-progress'], {
      env: { ...process.env, TMPDIR: temp, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });

    // Wait until the store has spilled a run file and the temporary output exists: mid-run.
    let spilled = false;
    for (let waited = 0; waited < 100_000 && child.exitCode === null; waited += 20) {
      spilled = spillDirs(temp).some((d) => readdirSync(path.join(temp, d)).length > 0);
      if (spilled) break;
      await sleep(20);
    }
    assert.ok(spilled, `no spill file appeared before the hunt ended (stderr: ${stderr})`);
    assert.equal(child.exitCode, null, 'the hunt had already finished: the input is too small to interrupt');
    assert.equal(readdirSync(results).length, 2, 'the temporary output sits beside the target while the hunt runs');
    child.kill('SIGINT');
    const { code, signal } = await exited;

    assert.equal(signal, null, `the process handled ${signal} itself`);
    assert.equal(code, 130);
    assert.match(stderr, /interrupted \(SIGINT\)/);
    assert.deepEqual(spillDirs(temp), [], 'spill files left behind');
    assert.deepEqual(readdirSync(results), ['findings.jsonl'], 'temporary output left behind');
    assert.equal(readFileSync(output, 'utf8'), earlier);
    assert.ok(existsSync(path.join(logs, 'sysmon.jsonl')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
