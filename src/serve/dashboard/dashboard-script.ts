/**
 * The dashboard page's script (served as /dashboard/static/dashboard.js; no dependencies, no
 * build step). It fetches JSON from /dashboard/api and builds every view with DOM APIs: data is
 * only ever set through textContent, value and attributes, never parsed as HTML. The findings
 * list polls a change stamp every 2 s and fetches again when it moves (no reload needed).
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside. `el` and `add`
 * are the report page's (`src/report/page-script/dom-helpers.ts`).
 */
import { DOM_HELPERS } from '../../report/page-script/dom-helpers.js';

export const DASHBOARD_SCRIPT = String.raw`
(function () {
'use strict';
var CSRF = document.querySelector('meta[name="cw-csrf"]').getAttribute('content');
var POLL_MS = 2000;
var state = { stamp: null, filters: '', openId: null, facetsStamp: null };

function $(id) { return document.getElementById(id); }
` + DOM_HELPERS + String.raw`
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function fmtTime(iso) { return iso ? iso.replace('T', ' ').replace('Z', '') : '(no time)'; }
function td(text, cls) { return el('td', cls, text); }
function levelBadge(level) { return el('span', 'lvl lvl-' + level, level); }
function pre(value) { return el('pre', 'json', JSON.stringify(value, null, 2)); }

function notice(text) {
  var n = $('notice');
  n.textContent = text;
  n.hidden = !text;
}

function api(path, options) {
  options = options || {};
  var headers = options.headers || {};
  if (options.method === 'POST') headers['X-CSRF-Token'] = CSRF;
  return fetch('/dashboard/api/' + path, { method: options.method || 'GET', headers: headers, body: options.body, credentials: 'same-origin' })
    .then(function (res) {
      if (res.status === 401) { window.location.href = '/dashboard/login'; throw new Error('signed out'); }
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + res.status);
        return body;
      });
    });
}
function postJson(path, value) {
  return api(path, { method: 'POST', body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } });
}
function failed(err) { if (err.message !== 'signed out') notice(err.message); }

// ---------- tabs ----------
var TABS = ['findings', 'hosts', 'attack', 'coverage', 'audit'];
var loaders = {};
function showTab() {
  var tab = (window.location.hash || '#findings').slice(1);
  if (TABS.indexOf(tab) < 0) tab = 'findings';
  TABS.forEach(function (t) {
    $('view-' + t).hidden = t !== tab;
    document.querySelector('#tabs a[data-tab="' + t + '"]').classList.toggle('active', t === tab);
  });
  if (loaders[tab]) loaders[tab]();
}
window.addEventListener('hashchange', showTab);

// ---------- findings ----------
function filterQuery() {
  var form = $('filters'), q = new URLSearchParams();
  ['level', 'rule', 'host', 'technique', 'status', 'since', 'until'].forEach(function (k) {
    var v = form.elements[k].value.trim();
    if (v) q.set(k, v);
  });
  return q.toString();
}

function fillSelect(select, items, label) {
  var keep = select.value;
  while (select.options.length > 1) select.remove(1);
  items.forEach(function (item) {
    var o = el('option', null, label(item));
    o.value = item.id !== undefined ? item.id : item.host;
    select.appendChild(o);
  });
  select.value = keep;
}

function loadFacets() {
  return api('facets').then(function (f) {
    var form = $('filters');
    fillSelect(form.elements.rule, f.rules, function (r) { return r.title + ' (' + r.findings + ')'; });
    fillSelect(form.elements.host, f.hosts, function (h) { return h.host + ' (' + h.findings + ')'; });
  });
}

function findingRow(f) {
  var tr = el('tr');
  tr.dataset.id = f.id;
  if (f.id === state.openId) tr.classList.add('open');
  var lvl = el('td');
  add(lvl, levelBadge(f.level));
  add(tr, td(fmtTime(f.ts), 'time'), lvl, td(f.rule.title, 'rule'), td(f.host), td(f.attack.join(' ')),
    td(f.status, 'status st-' + f.status), td(f.assignee));
  tr.addEventListener('click', function () { openFinding(f.id); });
  return tr;
}

function loadFindings() {
  var q = filterQuery();
  return api('findings?' + q).then(function (data) {
    state.stamp = data.stamp;
    state.filters = q;
    var body = clear($('findings-rows'));
    data.findings.forEach(function (f) { body.appendChild(findingRow(f)); });
    if (data.findings.length === 0) add(body, add(el('tr'), add(el('td', 'empty', 'No findings match.'))));
    var count = $('findings-count');
    count.textContent = data.total === data.findings.length ? data.total + ' findings' : 'newest ' + data.findings.length + ' of ' + data.total + ' findings';
    count.dataset.total = String(data.total);
    $('status-line').textContent = 'live · updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
    notice('');
  }).catch(failed);
}

function poll() {
  if (document.hidden || $('view-findings').hidden) return;
  api('stamp').then(function (s) {
    if (s.stamp === state.stamp) return;
    loadFacets().catch(failed);
    loadFindings();
    if (state.openId) openFinding(state.openId, true);
  }).catch(failed);
}

$('filters').addEventListener('change', function () { loadFindings(); });
$('filters').addEventListener('submit', function (e) { e.preventDefault(); loadFindings(); });
$('filters').addEventListener('reset', function () { setTimeout(loadFindings, 0); });
loaders.findings = function () { loadFacets().catch(failed); loadFindings(); };

// ---------- one finding ----------
function section(title) { var s = el('section'); add(s, el('h3', null, title)); return s; }

function contextList(events, cls) {
  var ol = el('ol', 'context ' + cls);
  events.forEach(function (e) {
    var li = el('li');
    var d = el('details');
    var summary = el('summary', null, fmtTime(e.time) + '  #' + e.offset + '  ' + eventLine(e.fields));
    add(li, add(d, summary, pre(e.fields)));
    ol.appendChild(li);
  });
  return ol;
}

function eventLine(fields) {
  var keys = ['EventID', 'Image', 'CommandLine', 'TargetFilename', 'QueryName', 'cs-uri-stem', 'message'];
  var parts = [];
  keys.forEach(function (k) { if (fields[k] !== undefined && fields[k] !== null) parts.push(k + '=' + String(fields[k]).slice(0, 160)); });
  return parts.join('  ') || JSON.stringify(fields).slice(0, 200);
}

function triageForm(d) {
  var form = el('form', 'triage');
  form.id = 'triage-form';
  var status = el('select');
  status.name = 'status';
  ['new', 'acknowledged', 'closed'].forEach(function (s) { var o = el('option', null, s); o.value = s; status.appendChild(o); });
  status.value = d.status;
  var assignee = el('input');
  assignee.name = 'assignee';
  assignee.value = d.assignee;
  assignee.maxLength = 120;
  var note = el('textarea');
  note.name = 'note';
  note.rows = 2;
  note.placeholder = 'Add a note';
  var save = el('button', null, 'Save');
  save.type = 'submit';
  add(form, add(el('label', null, 'Status '), status), add(el('label', null, 'Assignee '), assignee), add(el('label', 'wide', 'Note '), note), save);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    postJson('findings/' + d.id + '/triage', { status: status.value, assignee: assignee.value, note: note.value })
      .then(function () { openFinding(d.id); loadFindings(); }).catch(failed);
  });
  return form;
}

function historyList(history) {
  var ul = el('ul', 'history');
  ul.id = 'history';
  history.forEach(function (h) { ul.appendChild(el('li', null, fmtTime(h.at) + '  ' + h.actor + '  ' + h.action + ': ' + h.detail)); });
  if (history.length === 0) ul.appendChild(el('li', 'meta', 'No triage action yet.'));
  return ul;
}

function renderDetail(d) {
  var f = d.finding, box = clear($('detail'));
  var close = el('button', 'close', '×');
  close.type = 'button';
  close.addEventListener('click', function () { state.openId = null; box.hidden = true; });
  add(box, close, add(el('h2'), levelBadge(f.rule.level), document.createTextNode(' ' + f.rule.title)));
  add(box, el('p', 'meta', fmtTime(f.ts) + ' · ' + f.host + ' · ' + f.detector + ' · ' + f.rule.id + (f.attack.length ? ' · ' + f.attack.join(', ') : '')));
  add(box, add(section('Triage'), triageForm(d), historyList(d.history)));
  if (d.notes) add(box, add(section('Notes'), el('pre', 'notes', d.notes)));
  add(box, add(section('Matched'), pre(f.matched)));
  var ev = pre(f.event);
  ev.id = 'detail-event';
  add(box, add(section('Event'), ev));
  var c = d.context, ctx = section('Same host around it (' + c.host + ')');
  if (c.note) add(ctx, el('p', 'meta', c.note));
  else add(ctx, el('p', 'meta', c.before.length + ' before, ' + c.after.length + ' after'), contextList(c.before, 'before'), el('p', 'this-event', '▶ this event, record #' + c.event.offset), contextList(c.after, 'after'));
  add(box, ctx);
  box.hidden = false;
}

function openFinding(id, quiet) {
  state.openId = id;
  Array.prototype.forEach.call(document.querySelectorAll('#findings-rows tr'), function (tr) { tr.classList.toggle('open', tr.dataset.id === id); });
  return api('findings/' + id).then(function (d) {
    if (quiet && document.activeElement && $('detail').contains(document.activeElement)) return;
    renderDetail(d);
  }).catch(failed);
}

// ---------- hosts, ATT&CK, coverage, audit ----------
loaders.hosts = function () {
  api('hosts').then(function (hosts) {
    var body = clear($('hosts-rows'));
    hosts.forEach(function (h) { add(body, add(el('tr'), td(h.host), td(fmtTime(h.lastSeen), 'time'), td(h.findings))); });
  }).catch(failed);
};

loaders.attack = function () {
  api('attack').then(function (columns) {
    var grid = clear($('attack-grid'));
    if (columns.length === 0) grid.appendChild(el('p', 'meta', 'No finding carries an ATT&CK technique yet.'));
    columns.forEach(function (c) {
      var col = add(el('div', 'tactic'), el('h3', null, c.tactic));
      c.techniques.forEach(function (t) {
        var cell = el('button', 'tech lvl-' + t.level);
        cell.type = 'button';
        cell.dataset.technique = t.id;
        add(cell, el('b', null, t.id), el('span', null, t.name), el('span', 'count', t.findings));
        cell.addEventListener('click', function () { $('filters').elements.technique.value = t.id; window.location.hash = '#findings'; });
        col.appendChild(cell);
      });
      grid.appendChild(col);
    });
  }).catch(failed);
};

loaders.coverage = function () {
  $('coverage-meta').textContent = 'Scanning the event log…';
  api('coverage').then(function (c) {
    $('coverage-meta').textContent = c.rules + ' rules loaded (' + c.unsupported + ' unsupported); ' + c.log.scanned + ' log records looked at' + (c.log.skipped ? ', ' + c.log.skipped + ' older ones skipped' : '');
    var body = clear($('coverage-rows'));
    c.rows.forEach(function (r) {
      var seen = r.seen === true ? 'yes' : r.seen === false ? 'no' : 'n/a';
      add(body, add(el('tr', r.seen ? 'seen' : 'unseen'), td(r.technique), td(r.name), td(r.rules.map(function (x) { return x.title; }).join('; ')), td(seen), td(r.reason)));
    });
  }).catch(failed);
};

loaders.audit = function () {
  api('audit').then(function (a) {
    var box = clear($('audit-results'));
    if (!a) { $('audit-meta').textContent = 'No audit imported yet.'; return; }
    $('audit-meta').textContent = a.findings.length + ' gaps, imported ' + fmtTime(a.importedAt) + ' by ' + a.actor;
    var groups = {};
    a.findings.forEach(function (f) { var k = f.defence || 'other'; (groups[k] = groups[k] || []).push(f); });
    Object.keys(groups).sort().forEach(function (k) {
      var table = el('table', 'audit');
      groups[k].forEach(function (f) {
        var lvl = el('td');
        add(lvl, levelBadge(f.rule.level));
        var ev = f.event || {};
        add(table, add(el('tr'), lvl, td(f.rule.title), td(ev.affected || f.host), td(ev.evidence || ''), td(ev.fix || '')));
      });
      add(box, el('h3', null, k + ' (' + groups[k].length + ')'), table);
    });
  }).catch(failed);
};

$('audit-upload').addEventListener('click', function () {
  var file = $('audit-file').files[0];
  if (!file) { notice('Choose the JSONL file of cellwatch audit --format jsonl first.'); return; }
  file.text().then(function (text) {
    return api('audit', { method: 'POST', body: text, headers: { 'Content-Type': 'application/x-ndjson' } });
  }).then(function (r) { notice('Imported ' + r.imported + ' audit findings.'); loaders.audit(); }).catch(failed);
});

$('reload-rules').addEventListener('click', function () {
  var b = $('reload-rules');
  b.disabled = true;
  api('reload', { method: 'POST' }).then(function () { notice('Rules and intel reloaded.'); })
    .catch(failed).then(function () { b.disabled = false; });
});

showTab();
setInterval(poll, POLL_MS);
document.body.dataset.ready = '1';
})();
`;
