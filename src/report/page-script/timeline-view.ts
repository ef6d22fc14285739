/**
 * Part of the report page's script (`../client-script.ts`): the timeline tab: an SVG with one lane per host, findings binned by time slice, and the attack
 * chain (first sighting of each rule) drawn over it and listed below.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const TIMELINE_VIEW = String.raw`
// ---------- timeline ----------
function renderTimeline() {
  var body = document.getElementById('timeline-body');
  var timed = [];
  for (var i = 0; i < N; i++) if (!isNaN(T[i])) timed.push(i);
  if (timed.length === 0) { add(body, el('p', 'empty', N ? 'No finding carries a time.' : 'No findings.')); return; }
  timed.sort(function (a, b) { return (T[a] - T[b]) || (a - b); });
  var geo = timelineGeometry(body, timed);
  var s = svg('svg', { width: geo.W, height: geo.H, viewBox: '0 0 ' + geo.W + ' ' + geo.H, role: 'img', 'aria-label': 'Findings over time by host' });
  drawLanes(s, geo);
  drawBins(s, geo, timed);
  var steps = chainSteps(timed);
  drawChain(s, geo, steps);
  add(body, s);
  timelineLegend(body);
  chainList(body, steps);
}
// Time range, one lane per host (by first finding, at most 40), sizes and the time-to-x scale.
function timelineGeometry(body, timed) {
  var t0 = T[timed[0]], t1 = T[timed[timed.length - 1]];
  if (t1 === t0) { t0 -= 60000; t1 += 60000; }
  var laneOf = {}, lanes = [], MAXL = 40;
  timed.forEach(function (i) { var h = C.h[i]; if (laneOf[h] === undefined) { laneOf[h] = lanes.length < MAXL ? lanes.length : MAXL; if (lanes.length < MAXL) lanes.push(F.hosts[h] || '(no host)'); } });
  var hostCount = Object.keys(laneOf).length;
  if (hostCount > MAXL) lanes.push('(' + fmtNum(hostCount - MAXL) + ' more hosts)');
  var W = Math.max(700, Math.min(1500, body.clientWidth || 1100)), LEFT = 170, RIGHT = 20, TOP = 22, LANE = 30;
  var H = TOP + lanes.length * LANE + 34, PW = W - LEFT - RIGHT;
  var BIN = 5, bins = Math.max(1, Math.floor(PW / BIN));
  function x(t) { return LEFT + (t - t0) / (t1 - t0) * PW; }
  return { t0: t0, t1: t1, laneOf: laneOf, lanes: lanes, W: W, H: H, LEFT: LEFT, TOP: TOP, LANE: LANE, PW: PW, bins: bins, x: x };
}
function drawLanes(s, geo) {
  var lanes = geo.lanes, LEFT = geo.LEFT, TOP = geo.TOP, LANE = geo.LANE, PW = geo.PW, H = geo.H, t0 = geo.t0, t1 = geo.t1;
  var x = geo.x;
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
}
// Circles: findings per lane and time slice, sized by count, coloured by the highest level.
function drawBins(s, geo, timed) {
  var laneOf = geo.laneOf, lanes = geo.lanes, bins = geo.bins, LEFT = geo.LEFT, TOP = geo.TOP, LANE = geo.LANE, PW = geo.PW, t0 = geo.t0, t1 = geo.t1;
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
}
// The attack chain: first sighting of each rule, in time order.
function chainSteps(timed) {
  var seen = {}, steps = [];
  timed.forEach(function (i) { var r = C.r[i]; if (!seen[r]) { seen[r] = true; steps.push(i); } });
  if (steps.length > 30) {
    // Too many rules to draw: keep the 30 most severe first sightings (earliest first among equals), in time order.
    var pos = {}; steps.forEach(function (i, n) { pos[i] = n; });
    steps = steps.slice().sort(function (a, b) { return (RL[b] - RL[a]) || (pos[a] - pos[b]); }).slice(0, 30)
      .sort(function (a, b) { return pos[a] - pos[b]; });
  }
  return steps;
}
function drawChain(s, geo, steps) {
  var laneOf = geo.laneOf, x = geo.x, TOP = geo.TOP, LANE = geo.LANE;
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
}
function timelineLegend(body) {
  var legend = el('div', 'levels');
  for (var lvl = LEVELS.length - 1; lvl >= 0; lvl--) add(legend, levelBadge(lvl));
  add(legend, el('span', 'muted', 'Circles: findings per host and time slice (size grows with count, colour = highest level). Diamonds: first sighting of each rule, joined in time order.'));
  add(body, legend);
}
function chainList(body, steps) {
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

`;
