/**
 * Part of the report page's script (`../client-script.ts`): decodes the report's column-packed findings (delta times, record numbers, levels) and rebuilds
 * one finding as its Finding JSON object for the detail panel.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const FINDING_COLUMNS = String.raw`
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

`;
