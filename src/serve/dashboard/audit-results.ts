/**
 * Imported audit results: the dashboard takes the output of `cellwatch audit … --format jsonl`
 * (one audit Finding per line) as an upload and keeps the last import in DATA/audit-results.json
 * (written to a temporary file and renamed), with who imported it and when. A line that is not an
 * audit finding rejects the whole upload with a 400 naming the line.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isLevel, type Finding } from '../../findings/finding.js';
import { HttpError } from '../http-error.js';

export const AUDIT_FILE = 'audit-results.json';

export interface AuditImport {
  importedAt: string;
  actor: string;
  findings: Finding[];
}

function auditFinding(line: string, n: number): Finding {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    throw new HttpError(400, `line ${n}: invalid JSON: ${(err as Error).message}`);
  }
  const f = v as Partial<Finding> | null;
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new HttpError(400, `line ${n}: not a JSON object`);
  if (f.detector !== 'audit') throw new HttpError(400, `line ${n}: not an audit finding (detector is ${JSON.stringify(f.detector)}, expected "audit"; use cellwatch audit --format jsonl)`);
  const rule = f.rule as Partial<Finding['rule']> | undefined;
  if (!rule || typeof rule.id !== 'string' || typeof rule.title !== 'string' || typeof rule.level !== 'string' || !isLevel(rule.level)) {
    throw new HttpError(400, `line ${n}: rule needs id, title and a level`);
  }
  return f as Finding;
}

export function parseAuditJsonl(text: string): Finding[] {
  const out: Finding[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line) out.push(auditFinding(line, i + 1));
  });
  if (out.length === 0) throw new HttpError(400, 'no audit finding in the upload (expected the JSON lines of cellwatch audit --format jsonl)');
  return out;
}

export class AuditResults {
  private readonly file: string;

  constructor(dataDir: string, private readonly onProblem: (line: string) => void) {
    this.file = path.join(dataDir, AUDIT_FILE);
  }

  load(): AuditImport | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.onProblem(`${this.file}: unreadable (${(err as Error).message})`);
      return null;
    }
    try {
      return JSON.parse(text) as AuditImport;
    } catch (err) {
      this.onProblem(`${this.file}: not JSON (${(err as Error).message}); import the audit again`);
      return null;
    }
  }

  save(text: string, actor: string): AuditImport {
    const imported: AuditImport = { importedAt: new Date().toISOString(), actor, findings: parseAuditJsonl(text) };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(imported), { mode: 0o600 });
    renameSync(tmp, this.file);
    return imported;
  }
}
