/**
 * Part of the report page's script (`../client-script.ts`): the detail panel: one finding as JSON, opened from any view.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const DETAIL_VIEW = String.raw`
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
`;
