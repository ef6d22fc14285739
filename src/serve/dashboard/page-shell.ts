/**
 * The dashboard's HTML: the login page (a plain form, no script) and the page shell the
 * dashboard script fills in. Every dynamic value goes through escapeHtml; the script and style
 * are separate files from this server, allowed by a strict Content-Security-Policy (no inline
 * script or style, no other origin).
 */
import { escapeHtml } from '../../report/html-page.js';

export const DASHBOARD_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
  "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');

/** Headers of every dashboard answer: the CSP, no sniffing, no framing, no caching. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const head = (title: string, extra = ''): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/dashboard/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/dashboard/static/dashboard.css">${extra}
</head>`;

/** A small shield, so browsers do not ask for /favicon.ico (which needs an API token). */
export const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1 2 3.5V8c0 3.3 2.6 6 6 7 3.4-1 6-3.7 6-7V3.5z" fill="#1d2733"/><path d="M5 8.5 7 10.5 11 6" stroke="#e3b505" stroke-width="1.6" fill="none"/></svg>';

export function loginPage(message = ''): string {
  return `${head('cellwatch — sign in')}
<body class="login">
<form method="post" action="/dashboard/login" class="login-box">
<h1>cellwatch serve</h1>
<p>Sign in with a token from the server's token file (<code>--token-file</code>, default <code>DATA/token</code>).</p>
${message ? `<p class="error" id="login-error">${escapeHtml(message)}</p>` : ''}
<label>Token <input type="password" name="token" id="login-token" autocomplete="current-password" required></label>
<label>Your name (recorded with triage actions) <input type="text" name="name" id="login-name" maxlength="80" autocomplete="username"></label>
<button type="submit" id="login-submit">Sign in</button>
</form>
</body></html>
`;
}

const TABS: readonly [string, string][] = [
  ['findings', 'Findings'], ['hosts', 'Hosts'], ['attack', 'ATT&CK'], ['coverage', 'Coverage'], ['audit', 'Audit'],
];

/** The page the script fills in; the CSRF token and the actor are in meta elements it reads. */
export function dashboardPage(actor: string, csrf: string): string {
  return `${head('cellwatch — triage', `\n<meta name="cw-csrf" content="${escapeHtml(csrf)}">`)}
<body>
<header>
<h1>cellwatch</h1>
<nav id="tabs">${TABS.map(([id, label]) => `<a href="#${id}" data-tab="${id}">${escapeHtml(label)}</a>`).join('')}</nav>
<span class="spacer"></span>
<span id="status-line" class="meta"></span>
<button type="button" id="reload-rules" title="Load the rules and intel again (as SIGHUP does)">Reload rules</button>
<span class="meta" id="actor">${escapeHtml(actor)}</span>
<form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button type="submit" id="logout">Sign out</button></form>
</header>
<div id="notice" hidden></div>
<main>
<section id="view-findings" class="view">
<form id="filters" class="filters">
<label>Level <select name="level"><option value="">any</option><option value="low">low+</option><option value="medium">medium+</option><option value="high">high+</option><option value="critical">critical</option></select></label>
<label>Rule <select name="rule"><option value="">any</option></select></label>
<label>Host <select name="host"><option value="">any</option></select></label>
<label>Technique <input name="technique" size="10" placeholder="T1003"></label>
<label>Status <select name="status"><option value="">any</option><option>new</option><option>acknowledged</option><option>closed</option></select></label>
<label>From <input name="since" size="20" placeholder="2026-11-28T00:00Z"></label>
<label>To <input name="until" size="20" placeholder="ISO time"></label>
<button type="reset" id="filters-reset">Clear</button>
</form>
<p class="meta" id="findings-count"></p>
<div class="split">
<div class="list"><table id="findings-table"><thead><tr><th>Time</th><th>Level</th><th>Rule</th><th>Host</th><th>ATT&amp;CK</th><th>Status</th><th>Assignee</th></tr></thead><tbody id="findings-rows"></tbody></table></div>
<aside id="detail" hidden></aside>
</div>
</section>
<section id="view-hosts" class="view" hidden><table><thead><tr><th>Host</th><th>Last event</th><th>Findings</th></tr></thead><tbody id="hosts-rows"></tbody></table></section>
<section id="view-attack" class="view" hidden><div id="attack-grid" class="attack-grid"></div></section>
<section id="view-coverage" class="view" hidden><p class="meta" id="coverage-meta"></p><table><thead><tr><th>Technique</th><th>Name</th><th>Rules</th><th>Events seen</th><th>Why not</th></tr></thead><tbody id="coverage-rows"></tbody></table></section>
<section id="view-audit" class="view" hidden>
<p>Import the output of <code>cellwatch audit … --format jsonl</code>; it replaces the previous import.</p>
<p><input type="file" id="audit-file" accept=".jsonl,.json,.ndjson,application/x-ndjson"> <button type="button" id="audit-upload">Import</button></p>
<p class="meta" id="audit-meta"></p><div id="audit-results"></div>
</section>
</main>
<script src="/dashboard/static/dashboard.js"></script>
</body></html>
`;
}
