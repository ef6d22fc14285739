/**
 * A finding as one ArcSight CEF line (CEF version 0):
 *   CEF:0|cellwatch|cellwatch|VERSION|rule id|rule title|severity|extension
 * Header fields escape `\` and `|` with a backslash; extension values escape `\` and `=`, and
 * newlines as `\n` / `\r`. Other control characters (C0, DEL, C1, bidi overrides) are shown as
 * `\x1b` / `\u202e` (text/visible-controls.ts) before escaping, in the header also newlines, so a
 * hostile event value can neither split the line nor forge a field.
 *
 * Severity: informational 1, low 3, medium 5, high 8, critical 10. Extension keys:
 *   rt       finding time (ms since the epoch; absent when the event had none)
 *   dvchost  the host whose log produced the finding (its canonical name)
 *   cat      detector (sigma, ioc)
 *   cs1      ATT&CK technique ids, comma-separated (cs1Label=mitreAttack)
 *   cs2      indicator source, for ioc findings (cs2Label=intelSource)
 *   filePath source path (serve-log for live events), cn1 its record (cn1Label=sourceRecord)
 *   externalId  the deterministic finding id
 *   msg      the matched fields as JSON (cut at 1,000 characters, then `…`)
 */
import type { Finding, Level } from '../../findings/finding.js';
import { visibleCode } from '../../text/visible-controls.js';

export const CEF_SEVERITY: Record<Level, number> = { informational: 1, low: 3, medium: 5, high: 8, critical: 10 };

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_BUT_LINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** ArcSight's msg holds 1,023 characters. */
const MSG_MAX = 1000;
const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);
const show = (c: string): string => visibleCode(c.charCodeAt(0));

export function cefHeaderField(value: string): string {
  return value.replace(CONTROLS, show).replace(/[\\|]/g, (c) => `\\${c}`);
}

export function cefExtensionValue(value: string): string {
  return value.replace(CONTROLS_BUT_LINES, show).replace(/[\\=]/g, (c) => `\\${c}`).replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));
}

export function cefLine(finding: Finding, id: string, version: string): string {
  const ext: [string, string | number | undefined][] = [
    ['rt', finding.ts ? Date.parse(finding.ts) : undefined],
    ['dvchost', finding.host || undefined],
    ['cat', finding.detector],
    ['cs1Label', finding.attack.length ? 'mitreAttack' : undefined],
    ['cs1', finding.attack.length ? finding.attack.join(',') : undefined],
    ['cs2Label', finding.intel ? 'intelSource' : undefined],
    ['cs2', finding.intel?.source],
    ['filePath', finding.source.path],
    ['cn1Label', finding.source.record !== undefined ? 'sourceRecord' : undefined],
    ['cn1', finding.source.record],
    ['externalId', id],
    ['msg', cut(JSON.stringify(finding.matched), MSG_MAX)],
  ];
  const header = ['CEF:0', 'cellwatch', 'cellwatch', version, finding.rule.id, finding.rule.title].map((v, i) => (i === 0 ? v : cefHeaderField(v)));
  const extension = ext.filter(([, v]) => v !== undefined && !Number.isNaN(v))
    .map(([k, v]) => `${k}=${typeof v === 'number' ? String(v) : cefExtensionValue(v!)}`).join(' ');
  return `${header.join('|')}|${CEF_SEVERITY[finding.rule.level] ?? 0}|${extension}`;
}
