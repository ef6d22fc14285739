/**
 * Part of the report page's script (`../client-script.ts`): the ATT&CK tab: findings counted per technique.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const TECHNIQUE_VIEW = String.raw`
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

`;
