/**
 * The audit as one self-contained HTML page (inline CSS, no script, no network).
 */
import type { Finding } from '../findings/finding.js';
import { DEFENCES, formatProblem, type AuditResult } from './model.js';
import { scoreText } from './render-table.js';

function esc(s: unknown): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const COLOURS: Record<string, string> = { critical: '#7b1fa2', high: '#c62828', medium: '#ef6c00', low: '#1565c0', informational: '#546e7a' };

function row(f: Finding): string {
  const e = f.event as { evidence: string; gallium_step: string; fix: string };
  return `<tr><td><span class="lvl" style="background:${COLOURS[f.rule.level]}">${esc(f.rule.level)}</span></td>` +
    `<td><b>${esc(f.rule.title)}</b><br><code>${esc(f.rule.id)}</code></td>` +
    `<td>${esc(f.matched.affected)}${f.host ? `<br><small>${esc(f.host)}</small>` : ''}</td>` +
    `<td>${esc(e.evidence)}<br><small>${esc(f.source.path)}${f.source.record > 0 ? `:${f.source.record}` : ''}</small></td>` +
    `<td>${esc(e.gallium_step)}<br><small>${esc(f.attack.join(', '))}</small></td>` +
    `<td>${esc(e.fix)}</td></tr>`;
}

export function renderAuditHtml(result: AuditResult, meta: { generated: string; version: string }): string {
  const sections = DEFENCES.map((d) => {
    const s = result.scores.find((x) => x.defence === d)!;
    const list = result.findings.filter((f) => f.defence === d);
    return `<section><h2>${esc(s.title)} <span class="score">${esc(scoreText(s.score))}</span></h2>` +
      `<p>${s.subjects} checked, ${s.findings} finding(s)</p>` +
      (list.length === 0 ? '<p>No gaps found.</p>' :
        `<table><thead><tr><th>Level</th><th>Gap</th><th>Affected</th><th>Evidence</th><th>GALLIUM step</th><th>Fix</th></tr></thead><tbody>${list.map(row).join('')}</tbody></table>`) +
      '</section>';
  }).join('\n');
  const overview = `<table class="overview"><thead><tr><th>Defence</th><th>Score</th><th>Checked</th><th>High</th><th>Medium</th><th>Low</th></tr></thead><tbody>${
    result.scores.map((s) => `<tr><td>${esc(s.title)}</td><td><b>${esc(scoreText(s.score))}</b></td><td>${s.subjects}</td><td>${s.byLevel.high + s.byLevel.critical}</td><td>${s.byLevel.medium}</td><td>${s.byLevel.low}</td></tr>`).join('')
  }</tbody></table>`;
  const problems = result.problems.length === 0 ? '' :
    `<section><h2>Input problems (${result.problems.length})</h2><ul>${result.problems.map((p) => `<li>${esc(formatProblem(p))}</li>`).join('')}</ul></section>`;
  const notes = result.notes.length === 0 ? '' : `<section><h2>Notes</h2><ul>${result.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
  const inputs = `<section><h2>Inputs</h2><ul>${result.inputs.map((i) => `<li>${esc(i.path)}: ${esc(i.kind)}, ${i.records} record(s)</li>`).join('')}</ul></section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cellwatch audit</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{margin-bottom:0}.score{float:right;font-size:.9em;color:#333}
section{margin:1.5em 0;border-top:2px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f5f5f5}.lvl{color:#fff;border-radius:3px;padding:1px 5px;font-size:.85em}
code{font-size:.85em;color:#555}small{color:#666}
table.overview{width:auto}table.overview td,table.overview th{padding:4px 14px}
section td:nth-child(3){min-width:11em;max-width:16em;overflow-wrap:anywhere}section td:nth-child(4){width:30%}
</style></head><body>
<h1>cellwatch audit</h1>
<p>Overall score <b>${esc(scoreText(result.overall))}</b> · ${result.findings.length} findings · generated ${esc(meta.generated)} by cellwatch ${esc(meta.version)}</p>
<p><small>Score per defence = 100 × (1 − Σ weight ÷ subjects checked); a subject weighs its worst gap: high 1, medium 0.5, low 0.2; detection averages its log sources and its techniques. Overall = mean of the assessed defences.</small></p>
${overview}
${sections}
${problems}
${notes}
${inputs}
</body></html>
`;
}
