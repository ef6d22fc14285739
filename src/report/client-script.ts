/**
 * The report page's script (inline, no dependencies). It reads the JSON embedded in
 * <script type="application/json" id="cw-data"> and builds every view with DOM APIs: data is only
 * ever set through textContent / attributes, never parsed as HTML.
 *
 * One part per file under `page-script/`, each plain ES2017 inside String.raw (no backticks, no
 * template placeholders inside); this file joins them between the data prologue and the start.
 */
import { DOM_HELPERS } from './page-script/dom-helpers.js';
import { REPORT_HELPERS } from './page-script/report-helpers.js';
import { FINDING_COLUMNS } from './page-script/finding-columns.js';
import { SUMMARY_VIEW } from './page-script/summary-view.js';
import { TIMELINE_VIEW } from './page-script/timeline-view.js';
import { TECHNIQUE_VIEW } from './page-script/technique-view.js';
import { FINDINGS_TABLE_VIEW } from './page-script/findings-table-view.js';
import { HOSTS_VIEW } from './page-script/hosts-view.js';
import { DETAIL_VIEW } from './page-script/detail-view.js';

const PROLOGUE = String.raw`
(function () {
'use strict';
var D = JSON.parse(document.getElementById('cw-data').textContent);
var S = D.summary, F = D.findings, C = F.f;
var LEVELS = D.levels, COLOURS = D.levelColours;
var N = F.count;
var ROW_H = 26;
`;

const START = String.raw`
document.getElementById('meta').textContent = S.tool.name + ' ' + S.tool.version + ' \u00b7 hunt started ' + fmtIso(S.startedAt) + ' \u00b7 report generated ' + fmtIso(D.generatedAt);
renderSummary();
renderTimeline();
renderAttack();
renderTable();
renderHosts();
document.body.setAttribute('data-ready', '1');
})();
`;

/** The whole script: the page's data, then each part (function declarations), then the start. */
export const CLIENT_SCRIPT = [PROLOGUE, DOM_HELPERS, REPORT_HELPERS, FINDING_COLUMNS, SUMMARY_VIEW, TIMELINE_VIEW, TECHNIQUE_VIEW, FINDINGS_TABLE_VIEW, HOSTS_VIEW, DETAIL_VIEW, START].join('');
