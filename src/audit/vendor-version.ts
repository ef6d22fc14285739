/**
 * Version strings as inventories write them, compared the way vendors mean them:
 * `10.0.17763.1`, `7.0.0.GA`, `9.0.0.M1` (milestone, before 9.0.0), `8.0.0.RC1`, `11.0.0-M1`,
 * `2019 CU12` (cumulative update 12, after 2019 and 2019 CU11), `2008 R2` (after 2008),
 * `15.1.2375.7`, `8.5.99`, `v1.2`, `6.4.22.GA`, `26.1.3.Final`.
 *
 * A version becomes a list of tokens: numbers, and qualifiers ranked as pre-release
 * (alpha < beta < milestone < rc) or release (ga, final, release: the same as no qualifier),
 * or post-release (sp, cu, update, r, patch and unknown words). Comparison is token by token;
 * a missing token counts as "release". A number beats any qualifier at the same position
 * (`7.0.0.1` > `7.0.0.GA`).
 */

type Token = { kind: 'num'; n: number } | { kind: 'qual'; rank: number; word: string };

const PRE: Record<string, number> = {
  alpha: -40, a: -40, beta: -30, b: -30, milestone: -20, m: -20, preview: -25, pre: -25,
  rc: -10, cr: -10, snapshot: -50, dev: -60,
};
const RELEASE = new Set(['ga', 'final', 'release', 'rtm', 'stable', 'lts']);
const POST: Record<string, number> = { sp: 10, cu: 10, update: 10, u: 10, r: 10, patch: 10, p: 10, su: 10, build: 10 };

/** Tokens of a version, or null when the text holds no digit at all (not a version). */
export function parseVersion(text: string): Token[] | null {
  const t = text.trim().toLowerCase().replace(/^v(?=\d)/, '');
  if (!/\d/.test(t)) return null;
  const tokens: Token[] = [];
  const re = /(\d+)|([a-z]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    if (m[1] !== undefined) tokens.push({ kind: 'num', n: Number(m[1]) });
    else {
      const w = m[2]!;
      if (w in PRE) tokens.push({ kind: 'qual', rank: PRE[w]!, word: w });
      else if (RELEASE.has(w)) tokens.push({ kind: 'qual', rank: 0, word: w });
      else tokens.push({ kind: 'qual', rank: POST[w] ?? 10, word: w });
    }
  }
  // Trailing release qualifiers add nothing: 7.0.0.GA == 7.0.0.
  while (tokens.length > 0) {
    const last = tokens[tokens.length - 1]!;
    if (last.kind === 'qual' && last.rank === 0) tokens.pop();
    else break;
  }
  return tokens;
}

const RELEASE_TOKEN: Token = { kind: 'qual', rank: 0, word: '' };
const ZERO: Token = { kind: 'num', n: 0 };

function compareTokens(a: Token, b: Token): number {
  if (a.kind === 'num' && b.kind === 'num') return a.n - b.n;
  if (a.kind === 'num') return 1;
  if (b.kind === 'num') return -1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank === 10 && b.rank === 10 && a.word !== b.word && !(a.word in POST && b.word in POST)) return a.word < b.word ? -1 : 1;
  return 0;
}

/**
 * Negative when a < b, 0 when equal, positive when a > b. Throws when either is not a version
 * (callers check with parseVersion first and report garbage).
 */
export function compareVersions(a: string, b: string): number {
  const ta = parseVersion(a);
  const tb = parseVersion(b);
  if (ta === null) throw new Error(`"${a}" is not a version`);
  if (tb === null) throw new Error(`"${b}" is not a version`);
  return compareParsed(ta, tb);
}

export function compareParsed(ta: Token[], tb: Token[]): number {
  const n = Math.max(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i];
    const y = tb[i];
    // A missing token: a number position pads with 0, a qualifier position with "release".
    const xx: Token = x ?? (y!.kind === 'num' ? ZERO : RELEASE_TOKEN);
    const yy: Token = y ?? (x!.kind === 'num' ? ZERO : RELEASE_TOKEN);
    const c = compareTokens(xx, yy);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}
/** A half-open interval [introduced, fixed); either end may be absent (unbounded). */
export interface VersionRange {
  introduced?: string;
  fixed?: string;
  /** Inclusive upper bound, for "up to and including" statements without a fixed release. */
  lastAffected?: string;
}

export function inRange(version: string, range: VersionRange): boolean {
  if (range.introduced !== undefined && compareVersions(version, range.introduced) < 0) return false;
  if (range.fixed !== undefined && compareVersions(version, range.fixed) >= 0) return false;
  if (range.lastAffected !== undefined && compareVersions(version, range.lastAffected) > 0) return false;
  return true;
}
