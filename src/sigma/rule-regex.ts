/**
 * Regular expressions of Sigma rules (`|re`), compiled so that no event can stall a hunt or a live
 * worker through catastrophic backtracking (issue 15).
 *
 * V8 can finish a regex on its linear-time engine once backtracking gets excessive; this module
 * turns that on for the whole process (main thread and workers alike) when the Sigma engine loads,
 * before any rule regex is compiled. It also asks V8, per regex, whether that engine can take it
 * (the `l` flag throws when it cannot). Case-insensitive regexes are rewritten to explicit case
 * classes first, since the linear engine of Node 20 refuses the `i` flag. A regex it still cannot
 * take (lookarounds, backreferences, large counted repetitions) runs on the first
 * MAX_BACKTRACKING_INPUT characters of a value only, and the rule gets a warning saying so; if it
 * also nests unbounded repetition (`(a+)+\1`), whose cost no length cap bounds, it is refused.
 * A linear-time regex that is only literal runs joined by `.*` is answered by indexOf calls
 * instead (dot-star-chain.ts): the linear engine is slow on it (measured ~1 ms per command line).
 * Other regexes run only on texts that hold a letter-free literal they require, when they have one.
 */
import { setFlagsFromString } from 'node:v8';
import { caseFoldedPattern } from './case-folded-pattern.js';
import { dotStarChainTest } from './dot-star-chain.js';
import { hasNestedRepetition } from './nested-repetition.js';
import { regexLiterals } from './regex-literals.js';
import { unsupportedFeature } from './rule-error.js';

setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
setFlagsFromString('--enable-experimental-regexp-engine');

/** Characters of a value a regex the linear engine cannot take is run on. */
export const MAX_BACKTRACKING_INPUT = 4096;

export interface RuleRegex {
  test: (text: string) => boolean;
  /** Null when V8's linear-time engine backs the regex; otherwise why it cannot. */
  backtracking: string | null;
}

/**
 * Build a JS RegExp from a PCRE-flavoured Sigma regex. Leading inline flags `(?i)`, `(?s)`, `(?m)`
 * become JS flags; other PCRE-only syntax throws.
 */
export function compileRegExp(source: string, flags: string, where: string): RegExp {
  let src = source;
  let fl = flags;
  const inline = /^\(\?([imsx]+)\)/.exec(src);
  if (inline) {
    for (const f of inline[1]!) {
      if (f === 'x') throw unsupportedFeature(`regex flag x (extended) is not supported in '${where}'`);
      if (!fl.includes(f)) fl += f;
    }
    src = src.slice(inline[0].length);
  }
  // PCRE \A and \Z anchors have JS equivalents only in non-multiline mode.
  src = src.replace(/(^|[^\\])((?:\\\\)*)\\A/g, '$1$2^').replace(/(^|[^\\])((?:\\\\)*)\\[zZ]/g, '$1$2$');
  try {
    return new RegExp(src, fl);
  } catch (err) {
    try {
      // Unicode-less fallback failed; try with the `u` flag off already, so report the error.
      return new RegExp(src, fl + 'u');
    } catch {
      throw new Error(`invalid regular expression in '${where}': ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  }
}

function linearCapable(re: RegExp): boolean {
  try {
    new RegExp(re.source, `${re.flags}l`);
    return true;
  } catch {
    return false;
  }
}

/** The same regex without the `i` flag (explicit case classes), or null when the rewrite does not compile. */
function withoutIgnoreCase(re: RegExp): RegExp | null {
  // A backreference under `i` compares case-insensitively, which case classes cannot say.
  if (!re.flags.includes('i') || re.flags.includes('u') || /\\[1-9]|\\k</.test(re.source)) return null;
  try {
    return new RegExp(caseFoldedPattern(re.source), re.flags.replace('i', ''));
  } catch {
    return null;
  }
}

/** What in a regex keeps V8's linear-time engine out, as far as the pattern shows. */
function obstacles(re: RegExp): string {
  const src = re.source;
  const found: string[] = [];
  if (/\(\?[=!]/.test(src)) found.push('lookahead');
  if (/\(\?<[=!]/.test(src)) found.push('lookbehind');
  if (/\\[1-9]|\\k</.test(src)) found.push('backreference');
  if (/\{\d+(,\d*)?\}/.test(src)) found.push('counted repetition');
  if (re.flags.includes('u')) found.push('unicode mode');
  if (re.flags.includes('i')) found.push('case-insensitive matching');
  return found.length ? found.join(', ') : 'a construct it does not take';
}

/**
 * The regex's test behind a quick check that the text holds one of the letter-free literals the
 * regex requires (regex-literals.ts; without letters, case cannot matter): the same answer, and
 * most texts are refused by an `includes` (a backtick, a `+`) without running the regex.
 */
function guarded(re: RegExp, test: (x: string) => boolean): (x: string) => boolean {
  const need = regexLiterals(re.source, re.flags, (l) => !/[a-zA-Z]/.test(l));
  if (!need) return test;
  if (need.length === 1) {
    const l = need[0]!;
    return (x) => x.includes(l) && test(x);
  }
  return (x) => need.some((l) => x.includes(l)) && test(x);
}

/** Compile a rule regex with its backtracking bound (see the module comment). */
export function compileRuleRegex(source: string, flags: string, where: string): RuleRegex {
  const re = compileRegExp(source, flags, where);
  // Literal runs joined by `.*` are answered without the regex (same answer, linear time).
  const chain = dotStarChainTest(re);
  for (const candidate of [re, withoutIgnoreCase(re)]) {
    if (candidate && linearCapable(candidate)) return { test: chain ?? guarded(re, (x) => candidate.test(x)), backtracking: null };
  }
  if (hasNestedRepetition(re.source)) {
    throw unsupportedFeature(
      `regex '${source}' in '${where}' nests unbounded repetition, which can backtrack for exponential time, ` +
        `and V8's linear-time engine cannot run it (${obstacles(re)})`,
    );
  }
  return {
    test: guarded(re, (x) => re.test(x.length > MAX_BACKTRACKING_INPUT ? x.slice(0, MAX_BACKTRACKING_INPUT) : x)),
    backtracking: `'${source}' is not linear-time (${obstacles(re)}): searched in the first ${MAX_BACKTRACKING_INPUT} characters of a value`,
  };
}
