/** Public API of the posture audit. */
export { runAudit, type AuditOptions } from './run-audit.js';
export { DEFENCES, DEFENCE_TITLES, formatProblem, type AuditResult, type AuditProblem, type DefenceScore, type Defence } from './model.js';
export { CHECKS } from './checks/index.js';
export { compareVersions, parseVersion, inRange } from './vendor-version.js';
export { renderAuditTable } from './render-table.js';
export { renderAuditHtml } from './render-html.js';
