/**
 * Part of the report page's script (`../client-script.ts`): the hosts tab: findings per host.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const HOSTS_VIEW = String.raw`
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

`;
