/**
 * Which short window ("gram") of a rule literal the prefilter automaton looks for: the least
 * common-looking one, so that a hit is rare on ordinary events. Grams are chosen once per literal,
 * when a rule is compiled, and cached with the rule set (prefilter.ts): a change to the choice
 * needs a new SNAPSHOT_FORMAT (rule-set-snapshot.ts).
 */

/** Literals longer than this are looked for by their least common-looking window of this length. */
const GRAM = 8;
/** Windows are scored by their grams of this length. */
const SCORE_GRAM = 4;
/** Score of a gram in the COMMON list, and of a common / rarer character. */
const COMMON_GRAM_SCORE = -10;
const COMMON_CHAR_SCORE = 1;
const RARE_CHAR_SCORE = 2;
const COMMON = new Set([
  '.exe', 'exe ', '.dll', '\\win', 'wind', 'indo', 'ndow', 'dows', 'ows\\', 'syst', 'yste', 'stem', 'tem3', 'em32', 'm32\\',
  'c:\\w', ':\\wi', 'c:\\p', ':\\pr', 'prog', 'rogr', 'ogra', 'gram', 'file', 'data', '\\use', 'user', 'sers', 'ers\\',
  'temp', 'appd', 'ppda', 'pdat', 'loca', 'ocal', 'roam', 'http', 'ttp:', 'tp:/', 'p://', 'micr', 'icro', 'cros', 'roso',
  'osof', 'soft', '\\sys', 'ys\\', 'ion\\', 'ent\\', 'the ', ' the', '.com', 'powe', 'ower', 'wers', 'ersh', 'rshe', 'shel',
  'hell', 'cmd.', 'md.e', 'd.ex', 'd.e', 'con', 'ing ', 'tion',
]);
const COMMON_CHARS = new Set('etaoinsrlcd\\. '.split(''));

function gramScore(g: string): number {
  if (COMMON.has(g)) return COMMON_GRAM_SCORE;
  let s = 0;
  for (const c of g) s += COMMON_CHARS.has(c) ? COMMON_CHAR_SCORE : RARE_CHAR_SCORE;
  return s;
}

/** Chosen grams by literal: SigmaHQ repeats the same literals across many rules and buckets. */
const chosen = new Map<string, string>();
const MAX_CHOSEN = 1 << 18;

/** The short window of a literal the automaton looks for: its least common-looking GRAM characters. */
export function chooseGram(literal: string): string {
  if (literal.length <= GRAM) return literal;
  let g = chosen.get(literal);
  if (g === undefined) {
    g = bestWindow(literal);
    if (chosen.size < MAX_CHOSEN) chosen.set(literal, g);
  }
  return g;
}

/**
 * The literal's GRAM-long window with the highest score, a window's score being the sum of its
 * SCORE_GRAM-long grams' scores (common grams pull it down); each gram is scored once and the
 * windows' sums slide along. The first best window wins ties.
 */
function bestWindow(literal: string): string {
  const grams = literal.length - SCORE_GRAM + 1;
  const scores = new Array<number>(grams);
  for (let i = 0; i < grams; i++) scores[i] = gramScore(literal.slice(i, i + SCORE_GRAM));
  const perWindow = GRAM - SCORE_GRAM + 1;
  let sum = 0;
  for (let i = 0; i < perWindow; i++) sum += scores[i]!;
  let best = 0;
  let bestSum = sum;
  for (let start = 1; start + GRAM <= literal.length; start++) {
    sum += scores[start + perWindow - 1]! - scores[start - 1]!;
    if (sum > bestSum) {
      bestSum = sum;
      best = start;
    }
  }
  return literal.slice(best, best + GRAM);
}
