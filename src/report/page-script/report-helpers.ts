/**
 * Part of the report page's script (`../client-script.ts`): SVG nodes, number / time / size formatting, level badges and plain table rows for the report page.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const REPORT_HELPERS = String.raw`
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
function headRow(cells, num) { var tr = el('tr'); cells.forEach(function (c, i) { add(tr, el('th', num[i] ? 'num' : null, c)); }); return tr; }
function row(cells, num) { var tr = el('tr'); cells.forEach(function (c, i) { add(tr, el('td', num[i] ? 'num' : null, c)); }); return tr; }
`;
