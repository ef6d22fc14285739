/** The report page's stylesheet (inline; no fonts or images from outside). */
export const PAGE_STYLE = String.raw`
:root { --bg:#f6f7f9; --fg:#1d2430; --muted:#5f6b7a; --line:#d9dee5; --card:#fff; --accent:#22557a; --row:26px; }
* { box-sizing: border-box; }
html, body { margin:0; padding:0; background:var(--bg); color:var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { background:#17324a; color:#fff; padding:14px 24px; display:flex; flex-wrap:wrap; align-items:baseline; gap:8px 24px; }
header h1 { margin:0; font-size:20px; font-weight:600; }
header .meta { color:#c5d3df; font-size:13px; }
nav { position:sticky; top:0; z-index:5; background:#fff; border-bottom:1px solid var(--line); padding:6px 24px; display:flex; gap:18px; }
nav a { color:var(--accent); text-decoration:none; font-weight:500; }
main { padding:8px 24px 48px; max-width:1600px; margin:0 auto; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 18px; margin:16px 0; }
h2 { margin:0 0 10px; font-size:17px; }
h3 { margin:14px 0 6px; font-size:14px; }
.muted { color:var(--muted); }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(160px, 1fr)); gap:10px; }
.card { border:1px solid var(--line); border-radius:6px; padding:8px 10px; background:#fbfcfd; }
.card .k { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.03em; }
.card .v { font-size:20px; font-weight:600; font-variant-numeric:tabular-nums; word-break:break-word; }
.card .v.small { font-size:13px; font-weight:500; }
.levels { display:flex; flex-wrap:wrap; gap:8px; margin:10px 0; }
.lvl { display:inline-block; border-radius:4px; padding:1px 7px; color:#fff; font-size:12px; font-weight:600; white-space:nowrap; }
.lvl.informational { color:#fff; }
.lvl.medium { color:#2a2100; }
.chip { border-radius:14px; padding:3px 10px; font-weight:600; color:#fff; }
.chip.medium { color:#2a2100; }
.chip .n { font-variant-numeric:tabular-nums; margin-left:6px; }
table.plain { border-collapse:collapse; width:100%; font-size:13px; }
table.plain th, table.plain td { text-align:left; border-bottom:1px solid var(--line); padding:3px 8px; vertical-align:top; }
table.plain td.num, table.plain th.num { text-align:right; font-variant-numeric:tabular-nums; }
.scroll-x { overflow-x:auto; }
.two { display:grid; grid-template-columns:1fr 1fr; gap:16px; }
@media (max-width: 1000px) { .two { grid-template-columns:1fr; } }
ul.plain { margin:4px 0; padding-left:18px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size:12.5px; }
#timeline-body svg { display:block; max-width:100%; }
#timeline-body svg text { font-size:11px; fill:#334; }
.chain { margin:8px 0 0; padding-left:26px; font-size:13px; }
.chain li { margin:2px 0; }
.attack-grid { display:flex; gap:8px; overflow-x:auto; padding-bottom:6px; }
.tactic { min-width:150px; flex:1 0 150px; }
.tactic h3 { margin:0 0 6px; font-size:12px; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); border-bottom:2px solid var(--line); padding-bottom:3px; }
.tech { border-radius:5px; padding:5px 7px; margin:0 0 6px; color:#fff; cursor:pointer; font-size:12.5px; }
.tech.medium { color:#2a2100; }
.tech b { display:block; }
.tech .c { font-size:11.5px; opacity:.9; }
.filters { display:flex; flex-wrap:wrap; gap:8px 12px; align-items:center; margin-bottom:8px; }
.filters label { font-size:12.5px; color:var(--muted); display:flex; gap:4px; align-items:center; }
.filters select, .filters input { font:inherit; padding:3px 6px; border:1px solid #b8c1cc; border-radius:4px; max-width:260px; }
.filters input[type=search] { width:260px; }
button { font:inherit; padding:3px 10px; border:1px solid #b8c1cc; border-radius:4px; background:#fff; cursor:pointer; }
button:hover { background:#eef3f7; }
#f-count { font-weight:600; margin-left:auto; font-variant-numeric:tabular-nums; }
.grid-row { display:grid; grid-template-columns: 196px 96px minmax(180px, 2fr) 130px 140px minmax(140px, 1.2fr) minmax(160px, 2fr);
  align-items:center; height:var(--row); border-bottom:1px solid #edf0f3; font-size:12.5px; }
.grid-row > div { padding:0 6px; overflow:hidden; white-space:nowrap; text-overflow:ellipsis; }
.grid-head { font-weight:600; background:#eef2f6; border:1px solid var(--line); border-bottom:none; user-select:none; }
.grid-head > div { cursor:pointer; }
.grid-head > div[aria-sort=ascending]::after { content:" \25B2"; font-size:10px; }
.grid-head > div[aria-sort=descending]::after { content:" \25BC"; font-size:10px; }
#f-scroll { position:relative; height:540px; overflow:auto; border:1px solid var(--line); }
#f-rows { position:relative; }
#f-rows .grid-row { position:absolute; left:0; right:0; cursor:pointer; background:#fff; }
#f-rows .grid-row:hover, #f-rows .grid-row:focus { background:#eef5fb; outline:none; }
.empty { padding:16px; color:var(--muted); }
details.host { border:1px solid var(--line); border-radius:6px; margin:8px 0; padding:4px 10px; }
details.host summary { cursor:pointer; font-weight:600; padding:4px 0; }
details.host summary .muted { font-weight:400; margin-left:8px; }
.host-list .grid-row { grid-template-columns: 196px 96px minmax(200px, 3fr) 140px minmax(160px, 2fr); cursor:pointer; }
.host-list .grid-row:hover { background:#eef5fb; }
#detail { position:fixed; top:0; right:0; bottom:0; width:min(760px, 96vw); background:#fff; border-left:1px solid var(--line);
  box-shadow:-6px 0 18px rgba(0,0,0,.12); z-index:20; display:flex; flex-direction:column; }
#detail[hidden] { display:none; }
#detail .bar { display:flex; align-items:center; gap:10px; padding:10px 14px; border-bottom:1px solid var(--line); }
#detail .bar h2 { margin:0; font-size:15px; flex:1; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
#detail .note { padding:6px 14px; color:#7a4b00; background:#fff7e6; font-size:12.5px; }
#detail pre { margin:0; padding:12px 14px; overflow:auto; flex:1; white-space:pre-wrap; word-break:break-all; }
footer { color:var(--muted); font-size:12px; text-align:center; padding:18px; }
`;
