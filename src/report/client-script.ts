/**
 * The report page's script (inline, no dependencies). It reads the JSON embedded in
 * <script type="application/json" id="cw-data"> and builds every view with DOM APIs: data is only
 * ever set through textContent / attributes, never parsed as HTML.
 *
 * Written as plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
'use strict';
var D = JSON.parse(document.getElementById('cw-data').textContent);
var S = D.summary, F = D.findings, C = F.f;
var LEVELS = D.levels, COLOURS = D.levelColours;
var N = F.count;
var ROW_H = 26;

// ---------- helpers ----------
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function add(parent) { for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]); return parent; }
var SVGNS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  var e = document.createElementNS(SVGNS, tag);
  for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
  return e;
}
function svgTitle(node, text) { var t = document.createElementNS(SVGNS, 'title'); t.textContent = text; node.appendChild(t); return node; }
function fmtNum(n) { return Number(n).toLocaleString('en-US'); }
function fmtTime(ms) { return isNaN(ms) ? '(no time)' : new Date(ms).toISOString().replace('T', ' ').replace('Z', ''); }
function fmtIso(iso) { if (!iso) return '(none)'; var t = Date.parse(iso); return isNaN(t) ? iso : fmtTime(t); }
function fmtBytes(b) { var u = ['B', 'KB', 'MB', 'GB', 'TB']; var i = 0; b = Number(b) || 0; while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; } return (i ? b.toFixed(1) : String(b)) + ' ' + u[i]; }
function fmtMs(ms) { ms = Number(ms) || 0; if (ms < 1000) return ms + ' ms'; var s = ms / 1000; if (s < 120) return s.toFixed(1) + ' s'; return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s'; }
function baseName(p) { var m = /[^\\/]*$/.exec(p); return m && m[0] ? m[0] : p; }
function levelBadge(rank) { var name = LEVELS[rank] || 'informational'; var b = el('span', 'lvl ' + name, name); b.style.background = COLOURS[rank]; return b; }
function colourText(node, rank) { node.style.background = COLOURS[rank]; node.classList.add(LEVELS[rank]); return node; }

// ---------- decode the columns ----------
var T = new Float64Array(N), RL = new Uint8Array(N), REC = new Float64Array(N), lastRec = new Float64Array(F.sources.length);
var last = null;
for (var i = 0; i < N; i++) {
  REC[i] = lastRec[C.s[i]] += C.n[i];
  var d = C.t[i];
  if (d === null) T[i] = NaN; else { last = last === null ? d : last + d; T[i] = last; }
  RL[i] = F.rules[C.r[i]][2];
}
function kvObject(flat) {
  if (!flat || flat.length === 0) return {};
  if (flat[0] === -1) return F.v[flat[1]];
  var o = {};
  for (var j = 0; j + 1 < flat.length; j += 2) o[String(F.v[flat[j]])] = F.v[flat[j + 1]];
  return o;
}
function matchedText(i) {
  var flat = F.matchedSets[C.m[i]], parts = [];
  if (flat.length && flat[0] === -1) return JSON.stringify(F.v[flat[1]]);
  for (var j = 0; j + 1 < flat.length; j += 2) { var v = F.v[flat[j + 1]]; parts.push(F.v[flat[j]] + '=' + (typeof v === 'string' ? v : JSON.stringify(v))); }
  return parts.join('  ');
}
function findingObject(i) {
  var rule = F.rules[C.r[i]], src = F.sources[C.s[i]];
  var o = {
    ts: isNaN(T[i]) ? '' : new Date(T[i]).toISOString(),
    detector: rule[3],
    rule: { id: rule[0], title: rule[1], level: LEVELS[rule[2]] },
    attack: F.attackSets[C.a[i]],
    host: F.hosts[C.h[i]],
    source: { path: src[0], record: REC[i], format: src[1] },
    matched: kvObject(F.matchedSets[C.m[i]])
  };
  var x = F.x[String(i)];
  if (x !== undefined) { var extra = F.v[x]; for (var k in extra) o[k] = extra[k]; }
  o.event = C.e[i] >= 0 ? kvObject(F.events[C.e[i]]) : null;
  return o;
}

// ---------- summary ----------
function card(key, label, value, small) {
  var c = el('div', 'card');
  add(c, el('div', 'k', label));
  var v = el('div', 'v' + (small ? ' small' : ''), value);
  v.setAttribute('data-k', key);
  return add(c, v);
}
function renderSummary() {
  var body = document.getElementById('summary-body');
  var formats = {};
  S.inputs.forEach(function (inp) { var f = formats[inp.format] || (formats[inp.format] = { files: 0, events: 0, bytes: 0 }); f.files++; f.events += inp.events; f.bytes += inp.bytes; });
  var fmtNames = Object.keys(formats).sort();
  var bytes = S.inputs.reduce(function (a, b) { return a + (b.bytes || 0); }, 0);
  var cards = el('div', 'cards');
  add(cards,
    card('files', 'Files scanned', fmtNum(S.inputs.length)),
    card('bytes', 'Bytes read', fmtBytes(bytes)),
    card('formats', 'Formats', fmtNames.length ? fmtNames.join(', ') : '(none)', true),
    card('events', 'Events', fmtNum(S.events)),
    card('badRecords', 'Bad records', fmtNum(S.badRecords)),
    card('skipped', 'Skipped inputs', fmtNum(S.skippedInputs.length)),
    card('first', 'First event', fmtIso(S.firstEvent), true),
    card('last', 'Last event', fmtIso(S.lastEvent), true),
    card('findings', 'Findings', fmtNum(S.findings)),
    card('sigma', 'Sigma rules loaded', fmtNum(S.rules.sigma)),
    card('indicators', 'Indicators loaded', fmtNum(S.rules.indicators)),
    card('elapsed', 'Elapsed', fmtMs(S.elapsedMs), true));
  add(body, cards);
  var lv = el('div', 'levels');
  for (var r = LEVELS.length - 1; r >= 0; r--) {
    var chip = colourText(el('span', 'chip', LEVELS[r]), r);
    var n = el('span', 'n', fmtNum(S.byLevel[LEVELS[r]] || 0));
    n.setAttribute('data-k', 'level-' + LEVELS[r]);
    add(lv, add(chip, n));
  }
  add(body, add(el('h3', null, 'Findings by level'), null), lv);

  var two = el('div', 'two');
  var left = el('div'), right = el('div');
  add(two, left, right);
  add(body, two);

  // formats and inputs
  add(left, el('h3', null, 'Inputs by format'));
  var ft = el('table', 'plain');
  add(ft, headRow(['Format', 'Files', 'Events', 'Size'], [0, 1, 1, 1]));
  fmtNames.forEach(function (name) { var f = formats[name]; add(ft, row([name, fmtNum(f.files), fmtNum(f.events), fmtBytes(f.bytes)], [0, 1, 1, 1])); });
  add(left, ft);
  if (S.inputs.length) {
    var det = el('details'); add(det, el('summary', null, 'All ' + fmtNum(S.inputs.length) + ' input files'));
    var it = el('table', 'plain');
    add(it, headRow(['Path', 'Format', 'Events', 'Size', 'Bad records'], [0, 0, 1, 1, 1]));
    S.inputs.slice(0, 1000).forEach(function (inp) { add(it, row([inp.path, inp.format, fmtNum(inp.events), fmtBytes(inp.bytes), fmtNum(inp.problems)], [0, 0, 1, 1, 1])); });
    add(det, add(el('div', 'scroll-x'), it));
    if (S.inputs.length > 1000) add(det, el('p', 'muted', 'First 1,000 of ' + fmtNum(S.inputs.length) + ' files shown.'));
    add(left, det);
  }
  if (S.skippedInputs.length) {
    add(left, el('h3', null, 'Skipped inputs (' + fmtNum(S.skippedInputs.length) + ')'));
    var ul = el('ul', 'plain mono');
    S.skippedInputs.slice(0, 200).forEach(function (s) { add(ul, el('li', null, s)); });
    add(left, ul);
  }
  if (S.problems.length) {
    add(left, el('h3', null, 'Bad records (first ' + fmtNum(S.problems.length) + ' of ' + fmtNum(S.badRecords) + ')'));
    var pl = el('ul', 'plain mono');
    S.problems.slice(0, 200).forEach(function (s) { add(pl, el('li', null, s)); });
    add(left, pl);
  }
  // rules
  add(right, el('h3', null, 'Rules that fired (' + fmtNum(S.byRule.length) + ')'));
  var ruleRows = S.byRule.slice().sort(function (a, b) { return (LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level)) || (b.count - a.count); });
  var ruleTable = function (list) {
    var rt = el('table', 'plain');
    add(rt, headRow(['Rule', 'Level', 'Detector', 'Findings'], [0, 0, 0, 1]));
    list.forEach(function (r) {
      var tr = row([r.title, '', r.detector, fmtNum(r.count)], [0, 0, 0, 1]);
      tr.children[0].title = r.id;
      tr.children[1].appendChild(levelBadge(Math.max(0, LEVELS.indexOf(r.level))));
      add(rt, tr);
    });
    return add(el('div', 'scroll-x'), rt);
  };
  add(right, ruleTable(ruleRows.slice(0, 12)));
  if (ruleRows.length > 12) {
    var more = el('details');
    add(more, el('summary', null, 'The other ' + fmtNum(ruleRows.length - 12) + ' rules'), ruleTable(ruleRows.slice(12, 1000)));
    add(right, more);
  }
  var lim = F.limits;
  var notes = [];
  if (lim.eventsOmitted) notes.push(fmtNum(lim.eventsOmitted) + ' findings carry no embedded event (only the first ' + fmtNum(lim.eventsPerRule) + ' events of each rule are embedded, to keep this file small); open their source file at the record shown.');
  if (lim.valuesTrimmed) notes.push(fmtNum(lim.valuesTrimmed) + ' value(s) longer than ' + fmtNum(lim.valueChars) + ' characters were trimmed.');
  if (lim.fieldsDropped) notes.push(fmtNum(lim.fieldsDropped) + ' field(s) beyond ' + fmtNum(lim.fieldsPerEvent) + ' per event were left out.');
  if (N !== S.findings) notes.push('The report holds ' + fmtNum(N) + ' findings; the hunt counted ' + fmtNum(S.findings) + '.');
  if (notes.length) { var nl = el('ul', 'plain muted'); notes.forEach(function (t) { add(nl, el('li', null, t)); }); add(body, nl); }
}
function headRow(cells, num) { var tr = el('tr'); cells.forEach(function (c, i) { add(tr, el('th', num[i] ? 'num' : null, c)); }); return tr; }
function row(cells, num) { var tr = el('tr'); cells.forEach(function (c, i) { add(tr, el('td', num[i] ? 'num' : null, c)); }); return tr; }

// ---------- timeline ----------
function renderTimeline() {
  var body = document.getElementById('timeline-body');
  var timed = [];
  for (var i = 0; i < N; i++) if (!isNaN(T[i])) timed.push(i);
  if (timed.length === 0) { add(body, el('p', 'empty', N ? 'No finding carries a time.' : 'No findings.')); return; }
  timed.sort(function (a, b) { return (T[a] - T[b]) || (a - b); });
  var t0 = T[timed[0]], t1 = T[timed[timed.length - 1]];
  if (t1 === t0) { t0 -= 60000; t1 += 60000; }
  // lanes: hosts by first finding
  var laneOf = {}, lanes = [], MAXL = 40;
  timed.forEach(function (i) { var h = C.h[i]; if (laneOf[h] === undefined) { laneOf[h] = lanes.length < MAXL ? lanes.length : MAXL; if (lanes.length < MAXL) lanes.push(F.hosts[h] || '(no host)'); } });
  var hostCount = Object.keys(laneOf).length;
  if (hostCount > MAXL) lanes.push('(' + fmtNum(hostCount - MAXL) + ' more hosts)');
  var W = Math.max(700, Math.min(1500, body.clientWidth || 1100)), LEFT = 170, RIGHT = 20, TOP = 22, LANE = 30;
  var H = TOP + lanes.length * LANE + 34, PW = W - LEFT - RIGHT;
  var BIN = 5, bins = Math.max(1, Math.floor(PW / BIN));
  function x(t) { return LEFT + (t - t0) / (t1 - t0) * PW; }
  var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Findings over time by host' });
  // lanes
  lanes.forEach(function (name, l) {
    var y = TOP + l * LANE;
    add(s, svg('rect', { x: LEFT, y: y, width: PW, height: LANE, fill: l % 2 ? '#ffffff' : '#f3f6f9' }));
    var label = svg('text', { x: LEFT - 8, y: y + LANE / 2 + 4, 'text-anchor': 'end' });
    label.textContent = name.length > 24 ? name.slice(0, 23) + '\u2026' : name;
    svgTitle(label, name);
    add(s, label);
  });
  // axis ticks
  var ticks = 6;
  for (var k = 0; k <= ticks; k++) {
    var tt = t0 + (t1 - t0) * k / ticks, xx = x(tt);
    add(s, svg('line', { x1: xx, x2: xx, y1: TOP, y2: TOP + lanes.length * LANE, stroke: '#d5dbe2', 'stroke-dasharray': '2,3' }));
    var lab = svg('text', { x: xx, y: H - 16, 'text-anchor': k === 0 ? 'start' : k === ticks ? 'end' : 'middle' });
    lab.textContent = fmtTime(tt).slice(0, 19);
    add(s, lab);
  }
  // binned markers
  var cells = {};
  timed.forEach(function (i) {
    var l = laneOf[C.h[i]], b = Math.min(bins - 1, Math.floor((T[i] - t0) / (t1 - t0) * bins));
    var key = l * bins + b, c = cells[key];
    if (!c) c = cells[key] = { l: l, b: b, n: 0, max: 0, rules: {}, from: T[i], to: T[i] };
    c.n++; if (RL[i] > c.max) c.max = RL[i]; c.rules[C.r[i]] = (c.rules[C.r[i]] || 0) + 1; c.to = T[i];
  });
  Object.keys(cells).forEach(function (key) {
    var c = cells[key];
    var cx = LEFT + (c.b + 0.5) * PW / bins, cy = TOP + c.l * LANE + LANE / 2;
    var r = Math.min(11, 3.5 + Math.log(c.n) / Math.LN2);
    var dot = svg('circle', { cx: cx, cy: cy, r: r, fill: COLOURS[c.max], stroke: '#fff', 'stroke-width': 1, 'class': 'tl-dot' });
    var names = Object.keys(c.rules).sort(function (a, b) { return c.rules[b] - c.rules[a]; });
    var tip = lanes[c.l] + '\n' + fmtTime(c.from) + (c.to !== c.from ? ' \u2013 ' + fmtTime(c.to) : '') + '\n' + fmtNum(c.n) + ' finding(s), highest ' + LEVELS[c.max];
    names.slice(0, 6).forEach(function (r) { tip += '\n\u2022 ' + F.rules[r][1] + ' (' + c.rules[r] + ')'; });
    if (names.length > 6) tip += '\n\u2026 ' + (names.length - 6) + ' more rules';
    svgTitle(dot, tip);
    add(s, dot);
  });
  // attack chain: first sighting of each rule, in time order
  var seen = {}, steps = [];
  timed.forEach(function (i) { var r = C.r[i]; if (!seen[r]) { seen[r] = true; steps.push(i); } });
  if (steps.length > 30) {
    // Too many rules to draw: keep the 30 most severe first sightings (earliest first among equals), in time order.
    var pos = {}; steps.forEach(function (i, n) { pos[i] = n; });
    steps = steps.slice().sort(function (a, b) { return (RL[b] - RL[a]) || (pos[a] - pos[b]); }).slice(0, 30)
      .sort(function (a, b) { return pos[a] - pos[b]; });
  }
  var pts = steps.map(function (i) { return [x(T[i]), TOP + laneOf[C.h[i]] * LANE + LANE / 2]; });
  if (pts.length > 1) add(s, svg('polyline', { points: pts.map(function (p) { return p[0].toFixed(1) + ',' + p[1].toFixed(1); }).join(' '), fill: 'none', stroke: '#17324a', 'stroke-width': 1.4, 'stroke-opacity': 0.55 }));
  var labelAt = {};
  steps.forEach(function (i, n) {
    var p = pts[n], g = svg('g', { 'class': 'tl-step' });
    add(g, svg('path', { d: 'M' + p[0] + ' ' + (p[1] - 7) + ' l7 7 l-7 7 l-7 -7 z', fill: COLOURS[RL[i]], stroke: '#17324a', 'stroke-width': 1.2 }));
    // Step numbers go above the marker, else below, else (too crowded) only in the tooltip.
    var lane = laneOf[C.h[i]], above = labelAt['a' + lane], below = labelAt['b' + lane], y = null;
    if (above === undefined || p[0] - above >= 16) { y = p[1] - 10; labelAt['a' + lane] = p[0]; }
    else if (below === undefined || p[0] - below >= 16) { y = p[1] + 19; labelAt['b' + lane] = p[0]; }
    if (y !== null) {
      var num = svg('text', { x: p[0], y: y, 'text-anchor': 'middle', 'font-weight': 600 });
      num.textContent = String(n + 1);
      add(g, num);
    }
    svgTitle(g, (n + 1) + '. ' + fmtTime(T[i]) + ' ' + F.hosts[C.h[i]] + '\n' + F.rules[C.r[i]][1] + ' [' + LEVELS[RL[i]] + ']');
    g.addEventListener('click', function () { openDetail(i); });
    add(s, g);
  });
  add(body, s);
  var legend = el('div', 'levels');
  for (var lvl = LEVELS.length - 1; lvl >= 0; lvl--) add(legend, levelBadge(lvl));
  add(legend, el('span', 'muted', 'Circles: findings per host and time slice (size grows with count, colour = highest level). Diamonds: first sighting of each rule, joined in time order.'));
  add(body, legend);
  add(body, el('h3', null, 'Attack chain: first sighting of each rule'));
  var ol = el('ol', 'chain');
  steps.forEach(function (i) {
    var li = el('li');
    add(li, el('span', 'mono', fmtTime(T[i]) + ' '), el('b', null, F.hosts[C.h[i]] || '(no host)'), document.createTextNode(' \u2014 ' + F.rules[C.r[i]][1] + ' '), levelBadge(RL[i]));
    var a = F.attackSets[C.a[i]];
    if (a.length) add(li, el('span', 'muted', ' ' + a.join(', ')));
    li.style.cursor = 'pointer';
    li.addEventListener('click', function () { openDetail(i); });
    add(ol, li);
  });
  add(body, ol);
}

// ---------- ATT&CK ----------
function renderAttack() {
  var body = document.getElementById('attack-body');
  var perSet = {};
  for (var i = 0; i < N; i++) { var a = C.a[i], p = perSet[a] || (perSet[a] = { n: 0, max: 0, rules: {} }); p.n++; if (RL[i] > p.max) p.max = RL[i]; p.rules[C.r[i]] = (p.rules[C.r[i]] || 0) + 1; }
  var tech = {};
  Object.keys(perSet).forEach(function (a) {
    var p = perSet[a];
    F.attackSets[a].forEach(function (id) {
      var t = tech[id] || (tech[id] = { id: id, n: 0, max: 0, rules: {} });
      t.n += p.n; if (p.max > t.max) t.max = p.max;
      for (var r in p.rules) t.rules[r] = (t.rules[r] || 0) + p.rules[r];
    });
  });
  var ids = Object.keys(tech);
  if (!ids.length) { add(body, el('p', 'empty', 'No finding carries an ATT&CK technique.')); return; }
  var byTactic = {};
  ids.forEach(function (id) { var info = D.techniques[id] || { name: '', tactics: ['other'] }; info.tactics.forEach(function (tac) { (byTactic[tac] || (byTactic[tac] = [])).push(id); }); });
  var grid = el('div', 'attack-grid'), empty = [];
  D.tactics.forEach(function (tac) {
    var list = byTactic[tac];
    if (!list) { if (tac !== 'other') empty.push(tac); return; }
    var col = el('div', 'tactic');
    col.setAttribute('data-tactic', tac);
    add(col, el('h3', null, tac.replace(/-/g, ' ')));
    list.sort(function (a, b) { return (tech[b].max - tech[a].max) || (tech[b].n - tech[a].n) || (a < b ? -1 : 1); });
    list.forEach(function (id) {
      var t = tech[id], info = D.techniques[id] || { name: '' };
      var box = colourText(el('div', 'tech'), t.max);
      box.setAttribute('data-technique', id);
      add(box, el('b', null, id), el('span', null, info.name || '(name unknown)'), el('div', 'c', fmtNum(t.n) + ' finding(s) \u00b7 ' + LEVELS[t.max]));
      var rules = Object.keys(t.rules).sort(function (a, b) { return t.rules[b] - t.rules[a]; });
      box.title = id + (info.name ? ' ' + info.name : '') + '\n' + rules.slice(0, 12).map(function (r) { return F.rules[r][1] + ' (' + t.rules[r] + ')'; }).join('\n') + (rules.length > 12 ? '\n\u2026' : '');
      box.addEventListener('click', function () { setFilter({ tech: id }); });
      add(col, box);
    });
    add(grid, col);
  });
  add(body, grid);
  if (empty.length) add(body, el('p', 'muted', 'Tactics without findings: ' + empty.join(', ') + '. Technique names from: ' + D.catalogSources.join(', ') + '.'));
}

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

// ---------- hosts ----------
function renderHosts() {
  var body = document.getElementById('hosts-body');
  if (!N) { add(body, el('p', 'empty', 'No findings.')); return; }
  var per = F.hosts.map(function () { return { rows: [], max: 0, first: NaN, last: NaN }; });
  var order = []; for (var i = 0; i < N; i++) order.push(i);
  order.sort(function (a, b) { var x = T[a], y = T[b]; if (isNaN(x) || isNaN(y)) return isNaN(x) ? (isNaN(y) ? a - b : -1) : 1; return (x - y) || (a - b); });
  order.forEach(function (i) { var p = per[C.h[i]]; p.rows.push(i); if (RL[i] > p.max) p.max = RL[i]; if (!isNaN(T[i])) { if (isNaN(p.first)) p.first = T[i]; p.last = T[i]; } });
  var hosts = per.map(function (p, h) { return h; }).filter(function (h) { return per[h].rows.length; });
  hosts.sort(function (a, b) { var x = per[a].first, y = per[b].first; if (isNaN(x)) return 1; if (isNaN(y)) return -1; return x - y; });
  var SHOW = 25;
  hosts.slice(0, 500).forEach(function (h, n) {
    var p = per[h], det = el('details', 'host');
    det.setAttribute('data-host', F.hosts[h]);
    if (hosts.length <= 4 || n === 0) det.open = true;
    var sum = el('summary');
    add(sum, document.createTextNode((F.hosts[h] || '(no host)') + ' '), levelBadge(p.max),
      el('span', 'muted', fmtNum(p.rows.length) + ' finding(s), ' + fmtTime(p.first) + ' \u2192 ' + fmtTime(p.last)));
    var x0 = F.x[String(p.rows[0])], aliases = x0 !== undefined ? F.v[x0].host_aliases : undefined;
    if (aliases && aliases.length) add(sum, el('span', 'muted', 'also seen as ' + aliases.join(', ')));
    add(det, sum);
    var fill = function () {
      if (det.getAttribute('data-filled')) return;
      det.setAttribute('data-filled', '1');
      var list = el('div', 'host-list');
      p.rows.slice(0, SHOW).forEach(function (i) {
        var r = el('div', 'grid-row'), lvl = el('div');
        lvl.appendChild(levelBadge(RL[i]));
        add(r, el('div', 'mono', fmtTime(T[i])), lvl, el('div', null, F.rules[C.r[i]][1]), el('div', null, F.attackSets[C.a[i]].join(', ')), el('div', 'mono', matchedText(i)));
        r.addEventListener('click', function () { openDetail(i); });
        add(list, r);
      });
      add(det, list);
      if (p.rows.length > SHOW) {
        var b = el('button', null, 'Show all ' + fmtNum(p.rows.length) + ' in the findings table');
        b.addEventListener('click', function () { sortKey = 'time'; sortDir = 1; setFilter({ host: h }); });
        add(det, b);
      }
    };
    det.addEventListener('toggle', function () { if (det.open) fill(); });
    if (det.open) fill();
    add(body, det);
  });
  if (hosts.length > 500) add(body, el('p', 'muted', 'First 500 of ' + fmtNum(hosts.length) + ' hosts shown; use the host filter of the table for the others.'));
}

// ---------- detail ----------
function openDetail(i) {
  var panel = document.getElementById('detail');
  var f = findingObject(i);
  document.getElementById('detail-title').textContent = f.rule.title + ' \u2014 ' + f.host;
  var note = document.getElementById('detail-note');
  if (C.e[i] < 0) { note.hidden = false; note.textContent = 'The event of this finding is not embedded in the report (size limits); it is record ' + f.source.record + ' of ' + f.source.path + '.'; }
  else note.hidden = true;
  document.getElementById('detail-json').textContent = JSON.stringify(f, null, 2);
  panel.setAttribute('data-index', String(i));
  panel.hidden = false;
  document.getElementById('detail-close').focus();
}
document.getElementById('detail-close').addEventListener('click', function () { document.getElementById('detail').hidden = true; });
document.addEventListener('keydown', function (e) { if (e.key === 'Escape') document.getElementById('detail').hidden = true; });

document.getElementById('meta').textContent = S.tool.name + ' ' + S.tool.version + ' \u00b7 hunt started ' + fmtIso(S.startedAt) + ' \u00b7 report generated ' + fmtIso(D.generatedAt);
renderSummary();
renderTimeline();
renderAttack();
renderTable();
renderHosts();
document.body.setAttribute('data-ready', '1');
})();
`;
