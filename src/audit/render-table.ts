/**
 * The audit as text: one block per defence (score, then its findings, highest level first),
 * then the overall score.
 */
import type { Finding } from '../findings/finding.js';
import { DEFENCES, type AuditResult } from './model.js';
import { visibleLine } from '../text/visible-controls.js';

function ev(f: Finding): { evidence: string; gallium_step: string; fix: string } {
  return f.event as { evidence: string; gallium_step: string; fix: string };
}

export function scoreText(score: number | null): string {
  return score === null ? 'not assessed' : `${score}/100`;
}

export function renderAuditTable(result: AuditResult, opts: { colour?: (level: string, text: string) => string; details?: boolean } = {}): string {
  const paint = opts.colour ?? ((_l: string, t: string) => t);
  const out: string[] = [];
  for (const d of DEFENCES) {
    const s = result.scores.find((x) => x.defence === d)!;
    const levels = (['critical', 'high', 'medium', 'low', 'informational'] as const).filter((l) => s.byLevel[l] > 0).map((l) => `${s.byLevel[l]} ${l}`);
    out.push(`== ${d.toUpperCase()}: ${s.title}  score ${scoreText(s.score)}  (${s.subjects} checked, ${s.findings} finding${s.findings === 1 ? '' : 's'}${levels.length ? `: ${levels.join(', ')}` : ''})`);
    for (const f of result.findings.filter((x) => x.defence === d)) {
      // Export data (account names, hosts, evidence) is shown with control characters visible.
      const e = ev(f);
      const where = visibleLine(f.source.record > 0 ? `${f.source.path}:${f.source.record}` : f.source.path);
      const affected = String(f.matched.affected ?? '');
      const host = f.host && !affected.includes(f.host) ? ` [${f.host}]` : '';
      out.push(`  ${paint(f.rule.level, f.rule.level.toUpperCase().padEnd(6))} ${f.rule.id.replace(/^audit:/, '')}  ${visibleLine(affected + host)}`);
      out.push(`         ${visibleLine(e.evidence)}`);
      out.push(`         at ${where}; enables ${f.attack.join(', ')}`);
      if (opts.details) {
        out.push(`         step: ${e.gallium_step}`);
        out.push(`         fix: ${e.fix}`);
      }
    }
    out.push('');
  }
  const assessed = result.scores.filter((s) => s.score !== null).length;
  out.push(`Overall: ${scoreText(result.overall)} (mean of ${assessed} assessed defence${assessed === 1 ? '' : 's'}; ${result.findings.length} findings)`);
  out.push('Score per defence = 100 × (1 − Σ weight ÷ subjects checked); each subject (account, inventory row, service, log source) weighs its worst gap: high 1, medium 0.5, low 0.2; detection averages its log sources and its techniques.');
  if (result.problems.length > 0) out.push(`${result.problems.length} input problem${result.problems.length === 1 ? '' : 's'} (listed on stderr).`);
  return `${out.join('\n')}\n`;
}
