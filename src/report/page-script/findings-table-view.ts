/**
 * Part of the report page's script (`../client-script.ts`): the findings tab: a virtual-scrolling table with sorting and filters.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const FINDINGS_TABLE_VIEW = String.raw`
// ---------- findings table ----------
var view = new Uint32Array(0);
var sortKey = 'time', sortDir = 1;
var state = { level: 0, rule: -1, host: -1, tech: '', text: '' };
var rankOf = {};
function rankTable(list, keyFn) {
  var idx = list.map(function (_, i) { return i; });
  idx.sort(function (a, b) { var x = keyFn(list[a]), y = keyFn(list[b]); return x < y ? -1 : x > y ? 1 : 0; });
  var rank = new Uint32Array(list.length); idx.forEach(function (i, r) { rank[i] = r; }); return rank;
}
function sortKeys() {
  if (rankOf.rule) return;
  rankOf.rule = rankTable(F.rules, function (r) { return r[1].toLowerCase(); });
  rankOf.host = rankTable(F.hosts, function (h) { return h.toLowerCase(); });
  rankOf.attack = rankTable(F.attackSets, function (a) { return a.join(','); });
  rankOf.source = rankTable(F.sources, function (s) { return s[0]; });
  rankOf.matched = rankTable(F.matchedSets, function (m) { return m.length && m[0] !== -1 ? String(F.v[m[1]]).toLowerCase() : ''; });
}
var COLS = [
  { key: 'time', label: 'Time (UTC)' }, { key: 'level', label: 'Level' }, { key: 'rule', label: 'Rule' },
  { key: 'host', label: 'Host' }, { key: 'attack', label: 'ATT&CK' }, { key: 'source', label: 'Source' }, { key: 'matched', label: 'Matched' }
];
function cmp(key) {
  switch (key) {
    case 'time': return function (a, b) { var x = T[a], y = T[b]; if (isNaN(x)) return isNaN(y) ? 0 : -1; if (isNaN(y)) return 1; return x - y; };
    case 'level': return function (a, b) { return RL[a] - RL[b]; };
    case 'rule': return function (a, b) { return rankOf.rule[C.r[a]] - rankOf.rule[C.r[b]]; };
    case 'host': return function (a, b) { return rankOf.host[C.h[a]] - rankOf.host[C.h[b]]; };
    case 'attack': return function (a, b) { return rankOf.attack[C.a[a]] - rankOf.attack[C.a[b]]; };
    case 'source': return function (a, b) { return (rankOf.source[C.s[a]] - rankOf.source[C.s[b]]) || (REC[a] - REC[b]); };
    default: return function (a, b) { return rankOf.matched[C.m[a]] - rankOf.matched[C.m[b]]; };
  }
}
function containsFlags(list, textOf, needle) {
  var out = new Uint8Array(list.length);
  for (var i = 0; i < list.length; i++) if (textOf(list[i]).toLowerCase().indexOf(needle) >= 0) out[i] = 1;
  return out;
}
function valueText(v) { return typeof v === 'string' ? v : JSON.stringify(v); }
function flatText(flat) { var parts = []; for (var j = 0; j < flat.length; j++) if (flat[j] >= 0) parts.push(valueText(F.v[flat[j]])); return parts.join('\u0001'); }
function applyFilters() {
  sortKeys();
  var needle = state.text.trim().toLowerCase();
  var fr, fh, fa, fs, fm, fe, ftech;
  if (needle) {
    fr = containsFlags(F.rules, function (r) { return r[0] + '\u0001' + r[1] + '\u0001' + r[3]; }, needle);
    fh = containsFlags(F.hosts, function (h) { return h; }, needle);
    fa = containsFlags(F.attackSets, function (a) { return a.join('\u0001'); }, needle);
    fs = containsFlags(F.sources, function (s) { return s[0] + '\u0001' + s[1]; }, needle);
    fm = containsFlags(F.matchedSets, flatText, needle);
    fe = containsFlags(F.events, flatText, needle);
  }
  if (state.tech) { ftech = new Uint8Array(F.attackSets.length); F.attackSets.forEach(function (a, j) { if (a.indexOf(state.tech) >= 0) ftech[j] = 1; }); }
  var out = new Uint32Array(N), n = 0;
  for (var i = 0; i < N; i++) {
    if (RL[i] < state.level) continue;
    if (state.rule >= 0 && C.r[i] !== state.rule) continue;
    if (state.host >= 0 && C.h[i] !== state.host) continue;
    if (ftech && !ftech[C.a[i]]) continue;
    if (needle && !(fr[C.r[i]] || fh[C.h[i]] || fa[C.a[i]] || fs[C.s[i]] || fm[C.m[i]] || (C.e[i] >= 0 && fe[C.e[i]]) || String(REC[i]) === needle)) continue;
    out[n++] = i;
  }
  view = out.slice(0, n);
  var c = cmp(sortKey), dir = sortDir;
  if (!(sortKey === 'time' && dir === 1)) {
    var arr = Array.prototype.slice.call(view);
    arr.sort(function (a, b) { return dir * c(a, b) || (a - b); });
    view = Uint32Array.from(arr);
  } else {
    var arr2 = Array.prototype.slice.call(view);
    arr2.sort(function (a, b) { return c(a, b) || (a - b); });
    view = Uint32Array.from(arr2);
  }
  document.getElementById('f-count').textContent = 'Showing ' + fmtNum(n) + ' of ' + fmtNum(N) + ' findings';
  document.getElementById('f-count').setAttribute('data-shown', String(n));
  document.getElementById('f-rows').style.height = (n * ROW_H) + 'px';
  document.getElementById('f-scroll').scrollTop = 0;
  document.querySelectorAll('#f-head > div').forEach(function (h) {
    h.setAttribute('aria-sort', h.getAttribute('data-key') === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
  });
  renderRows(true);
}
var rendered = { from: -1, to: -1 };
function rowCells(i) {
  var rule = F.rules[C.r[i]], src = F.sources[C.s[i]];
  var r = el('div', 'grid-row');
  var lvl = el('div'); lvl.appendChild(levelBadge(RL[i]));
  add(r, el('div', 'mono', fmtTime(T[i])), lvl, el('div', null, rule[1]), el('div', null, F.hosts[C.h[i]] || '(no host)'),
    el('div', null, F.attackSets[C.a[i]].join(', ')), el('div', 'mono', baseName(src[0]) + ':' + REC[i]), el('div', 'mono', matchedText(i)));
  r.children[2].title = rule[1] + ' (' + rule[0] + ')';
  r.children[5].title = src[0] + ':' + REC[i] + ' (' + src[1] + ')';
  r.children[6].title = matchedText(i).slice(0, 1000);
  return r;
}
function renderRows(force) {
  var sc = document.getElementById('f-scroll'), box = document.getElementById('f-rows');
  var from = Math.max(0, Math.floor(sc.scrollTop / ROW_H) - 10);
  var to = Math.min(view.length, Math.ceil((sc.scrollTop + sc.clientHeight) / ROW_H) + 10);
  if (!force && from === rendered.from && to === rendered.to) return;
  rendered = { from: from, to: to };
  var frag = document.createDocumentFragment();
  for (var k = from; k < to; k++) {
    var i = view[k], r = rowCells(i);
    r.style.top = (k * ROW_H) + 'px';
    r.setAttribute('data-index', String(i));
    r.setAttribute('role', 'row');
    r.tabIndex = 0;
    frag.appendChild(r);
  }
  box.textContent = '';
  box.appendChild(frag);
  if (!view.length) box.appendChild(el('div', 'empty', N ? 'No finding matches the filters.' : 'No findings.'));
}
function optionList(select, items) {
  items.forEach(function (it) { var o = el('option', null, it[1]); o.value = String(it[0]); select.appendChild(o); });
}
function setFilter(change) {
  for (var k in change) state[k] = change[k];
  document.getElementById('f-level').value = String(state.level);
  document.getElementById('f-rule').value = String(state.rule);
  document.getElementById('f-host').value = String(state.host);
  document.getElementById('f-tech').value = state.tech;
  document.getElementById('f-text').value = state.text;
  applyFilters();
  document.getElementById('findings').scrollIntoView();
}
function renderTable() {
  var head = document.getElementById('f-head');
  COLS.forEach(function (c) {
    var h = el('div', null, c.label);
    h.setAttribute('data-key', c.key);
    h.setAttribute('role', 'columnheader');
    h.addEventListener('click', function () { if (sortKey === c.key) sortDir = -sortDir; else { sortKey = c.key; sortDir = c.key === 'level' ? -1 : 1; } applyFilters(); });
    head.appendChild(h);
  });
  var lvl = document.getElementById('f-level');
  optionList(lvl, [[0, 'any level']].concat(LEVELS.slice(1).map(function (l, j) { return [j + 1, l + (j + 1 < LEVELS.length - 1 ? ' and above' : '')]; })));
  var ruleCount = new Uint32Array(F.rules.length), hostCount = new Uint32Array(F.hosts.length), techCount = {};
  for (var i = 0; i < N; i++) { ruleCount[C.r[i]]++; hostCount[C.h[i]]++; }
  var setCount = new Uint32Array(F.attackSets.length); for (i = 0; i < N; i++) setCount[C.a[i]]++;
  F.attackSets.forEach(function (a, j) { a.forEach(function (id) { techCount[id] = (techCount[id] || 0) + setCount[j]; }); });
  optionList(document.getElementById('f-rule'), [[-1, 'all rules']].concat(F.rules.map(function (r, j) { return [j, r[1] + ' (' + ruleCount[j] + ')']; }).sort(function (a, b) { return a[1] < b[1] ? -1 : 1; })));
  optionList(document.getElementById('f-host'), [[-1, 'all hosts']].concat(F.hosts.map(function (h, j) { return [j, (h || '(no host)') + ' (' + hostCount[j] + ')']; }).sort(function (a, b) { return a[1] < b[1] ? -1 : 1; })));
  optionList(document.getElementById('f-tech'), [['', 'all techniques']].concat(Object.keys(techCount).sort().map(function (id) { var info = D.techniques[id]; return [id, id + (info && info.name ? ' ' + info.name : '') + ' (' + techCount[id] + ')']; })));
  document.getElementById('f-level').addEventListener('change', function (e) { state.level = Number(e.target.value); applyFilters(); });
  document.getElementById('f-rule').addEventListener('change', function (e) { state.rule = Number(e.target.value); applyFilters(); });
  document.getElementById('f-host').addEventListener('change', function (e) { state.host = Number(e.target.value); applyFilters(); });
  document.getElementById('f-tech').addEventListener('change', function (e) { state.tech = e.target.value; applyFilters(); });
  var timer = null;
  document.getElementById('f-text').addEventListener('input', function (e) { clearTimeout(timer); timer = setTimeout(function () { state.text = e.target.value; applyFilters(); }, 200); });
  document.getElementById('f-reset').addEventListener('click', function () { sortKey = 'time'; sortDir = 1; setFilter({ level: 0, rule: -1, host: -1, tech: '', text: '' }); });
  var sc = document.getElementById('f-scroll');
  sc.addEventListener('scroll', function () { renderRows(false); });
  var rows = document.getElementById('f-rows');
  rows.addEventListener('click', function (e) { var r = e.target.closest('.grid-row'); if (r) openDetail(Number(r.getAttribute('data-index'))); });
  rows.addEventListener('keydown', function (e) { if (e.key === 'Enter') { var r = e.target.closest('.grid-row'); if (r) openDetail(Number(r.getAttribute('data-index'))); } });
  applyFilters();
}

`;
