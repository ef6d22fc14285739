/** Shared test helpers: repository paths, the example audit, temp folders, the built CLI. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAudit, type AuditResult } from '../../src/audit/index.js';
import type { Finding } from '../../src/findings/finding.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
export const examples = path.join(repoRoot, 'examples', 'audit');
export const AS_OF = Date.UTC(2026, 10, 28);

let cached: Promise<AuditResult> | null = null;
/** The audit of the committed examples (exports + KEV sample + logs), judged on 2026-11-28. */
export function exampleAudit(): Promise<AuditResult> {
  cached ??= runAudit({
    paths: [path.join(examples, 'exports')],
    kevFiles: [path.join(examples, 'kev-sample.json')],
    dataPaths: [path.join(examples, 'logs')],
    asOf: AS_OF,
  });
  return cached;
}

export function byRule(result: AuditResult, check: string): Finding[] {
  return result.findings.filter((f) => f.rule.id === `audit:${check}`);
}

export function affected(findings: Finding[]): string[] {
  return findings.map((f) => String(f.matched.affected)).sort();
}

/** A temp folder holding the given files (relative name → text). */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cellwatch-audit-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

export function runCli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'src', 'cli', 'main.js'), ...args], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
