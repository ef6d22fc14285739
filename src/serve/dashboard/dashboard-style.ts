/** The dashboard's style sheet (served as /dashboard/static/dashboard.css). Level colours are the report's. */
import { LEVEL_COLOURS } from '../../report/level-style.js';

const levels = Object.entries(LEVEL_COLOURS)
  .map(([level, colour]) => `.lvl-${level}{background:${colour}}`).join('\n');

export const DASHBOARD_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#1d2733;background:#f4f6f9}
header{display:flex;align-items:center;gap:12px;padding:8px 16px;background:#1d2733;color:#fff}
header h1{font-size:18px;margin:0}
header form{margin:0}
nav a{color:#c9d4e3;text-decoration:none;padding:6px 10px;border-radius:4px}
nav a.active,nav a:hover{background:#34465c;color:#fff}
.spacer{flex:1}
.meta{color:#6b7a8c;font-size:12px}
header .meta{color:#c9d4e3}
button{font:inherit;cursor:pointer;padding:3px 10px;border:1px solid #9aa8b8;border-radius:4px;background:#fff}
#notice{margin:8px 16px;padding:8px 12px;background:#fff4d6;border:1px solid #e3b505;border-radius:4px}
main{padding:12px 16px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;margin-bottom:6px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#4b5a6b}
.filters select,.filters input{font:inherit;padding:2px 4px;max-width:260px}
.split{display:flex;gap:12px;align-items:flex-start}
table{border-collapse:collapse;background:#fff;width:100%}
.list{flex:1 1 auto;min-width:0;overflow-x:auto}
#findings-table td.rule{min-width:220px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e1e6ec;vertical-align:top}
th{background:#e8edf3;font-weight:600;font-size:12px}
#findings-rows tr{cursor:pointer}
#findings-rows tr:hover{background:#eef4fb}
#findings-rows tr.open{background:#dcebfb}
td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
td.empty{color:#6b7a8c;padding:16px}
.lvl{display:inline-block;min-width:70px;text-align:center;color:#fff;border-radius:3px;padding:0 6px;font-size:12px}
${levels}
.st-new{font-weight:600}
.st-closed{color:#6b7a8c}
#detail{flex:0 0 min(540px,45%);background:#fff;border:1px solid #d5dce4;border-radius:6px;padding:10px 14px;max-height:calc(100vh - 150px);overflow:auto;position:relative}
#detail h2{font-size:16px;margin:4px 24px 4px 0}
#detail h3{font-size:13px;margin:12px 0 4px;color:#34465c}
#detail .close{position:absolute;right:8px;top:8px}
pre.json,pre.notes{background:#f4f6f9;padding:6px 8px;border-radius:4px;white-space:pre-wrap;word-break:break-all;font-size:12px;margin:0}
.triage{display:flex;flex-wrap:wrap;gap:8px;align-items:end}
.triage label{display:flex;flex-direction:column;font-size:12px}
.triage label.wide{flex:1 1 100%}
.triage textarea{font:inherit;width:100%}
.history{font-size:12px;padding-left:18px}
.context{font-size:12px;padding-left:18px;margin:4px 0}
.context summary{cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.this-event{font-weight:600;font-size:12px;margin:2px 0}
.attack-grid{display:flex;gap:8px;overflow-x:auto;align-items:flex-start}
.tactic{min-width:150px;flex:0 0 170px}
.tactic h3{font-size:12px;text-transform:capitalize;margin:0 0 6px}
.tech{display:block;width:100%;text-align:left;margin-bottom:4px;color:#fff;border:0;padding:4px 6px}
.tech span{display:block;font-size:11px}
.tech .count{font-weight:700}
tr.unseen td{color:#8a4b12}
.login{display:flex;justify-content:center;padding-top:10vh}
.login-box{background:#fff;padding:24px 28px;border-radius:8px;border:1px solid #d5dce4;width:380px;display:flex;flex-direction:column;gap:12px}
.login-box h1{margin:0;font-size:20px}
.login-box label{display:flex;flex-direction:column;font-size:13px;gap:4px}
.login-box input{font:inherit;padding:4px 6px}
.error{color:#b3261e;font-weight:600}
`;
