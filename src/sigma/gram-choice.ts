/**
 * Which short window ("gram") of a rule literal the prefilter automaton looks for: the least
 * common-looking one, so that a hit is rare on ordinary events. Grams are chosen once per literal.
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

/** Score of a window: its 4-character grams' scores (common grams pull it down). */
function windowScore(w: string): number {
  if (w.length <= SCORE_GRAM) return gramScore(w);
  let s = 0;
  for (let i = 0; i + SCORE_GRAM <= w.length; i++) s += gramScore(w.slice(i, i + SCORE_GRAM));
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

function bestWindow(literal: string): string {
  let bestG = literal.slice(0, GRAM);
  let bestS = windowScore(bestG);
  for (let i = 1; i + GRAM <= literal.length; i++) {
    const g = literal.slice(i, i + GRAM);
    const s = windowScore(g);
    if (s > bestS) {
      bestS = s;
      bestG = g;
    }
  }
  return bestG;
}
