/**
 * Part of the report page's script (`../client-script.ts`): the summary tab: counter cards, findings by level, inputs by format, skipped inputs, bad records,
 * rules that fired and the notes on what the report left out.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const SUMMARY_VIEW = String.raw`
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
  summaryCards(body, fmtNames);
  levelChips(body);
  var two = el('div', 'two');
  var left = el('div'), right = el('div');
  add(two, left, right);
  add(body, two);
  inputTables(left, formats, fmtNames);
  inputProblems(left);
  firedRules(right);
  limitNotes(body);
}
function summaryCards(body, fmtNames) {
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
}
function levelChips(body) {
  var lv = el('div', 'levels');
  for (var r = LEVELS.length - 1; r >= 0; r--) {
    var chip = colourText(el('span', 'chip', LEVELS[r]), r);
    var n = el('span', 'n', fmtNum(S.byLevel[LEVELS[r]] || 0));
    n.setAttribute('data-k', 'level-' + LEVELS[r]);
    add(lv, add(chip, n));
  }
  add(body, add(el('h3', null, 'Findings by level'), null), lv);
}
function inputTables(left, formats, fmtNames) {
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
}
function inputProblems(left) {
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
}
function firedRules(right) {
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
}
function limitNotes(body) {
  var lim = F.limits;
  var notes = [];
  if (lim.eventsOmitted) notes.push(fmtNum(lim.eventsOmitted) + ' findings carry no embedded event (only the first ' + fmtNum(lim.eventsPerRule) + ' events of each rule are embedded, to keep this file small); open their source file at the record shown.');
  if (lim.valuesTrimmed) notes.push(fmtNum(lim.valuesTrimmed) + ' value(s) longer than ' + fmtNum(lim.valueChars) + ' characters were trimmed.');
  if (lim.fieldsDropped) notes.push(fmtNum(lim.fieldsDropped) + ' field(s) beyond ' + fmtNum(lim.fieldsPerEvent) + ' per event were left out.');
  if (N !== S.findings) notes.push('The report holds ' + fmtNum(N) + ' findings; the hunt counted ' + fmtNum(S.findings) + '.');
  if (notes.length) { var nl = el('ul', 'plain muted'); notes.forEach(function (t) { add(nl, el('li', null, t)); }); add(body, nl); }
}
`;
