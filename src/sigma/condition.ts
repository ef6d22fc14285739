/**
 * The condition grammar: `and`/`or`/`not`, parentheses, `1 of x*`, `all of them`, `N of x*`.
 * Precedence, loosest first: or, and, not, `x of`, parentheses. Identifiers are resolved against the
 * rule's search identifiers while parsing, so an unknown name is a parse error naming it.
 */
import { RuleError, type RuleErrorKind } from './rule-error.js';

export type ConditionNode =
  | { op: 'and' | 'or'; args: ConditionNode[] }
  | { op: 'not'; arg: ConditionNode }
  | { op: 'ref'; name: string }
  | { op: 'of'; count: number | 'all'; names: string[]; pattern: string };

type Token = { kind: 'word' | 'lparen' | 'rparen' | 'pipe'; text: string; pos: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\()|(\))|(\|)|([^\s()|]+))/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[0].trim() === '' && m.index + m[0].length >= text.length) break;
    const pos = m.index + m[0].length - m[0].trimStart().length;
    if (m[1]) out.push({ kind: 'lparen', text: '(', pos });
    else if (m[2]) out.push({ kind: 'rparen', text: ')', pos });
    else if (m[3]) out.push({ kind: 'pipe', text: '|', pos });
    else if (m[4]) out.push({ kind: 'word', text: m[4], pos });
  }
  return out;
}

function wildcardToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** Parse `condition` against the rule's search identifiers; throws Error with the reason. */
export function parseCondition(text: string, identifiers: readonly string[]): ConditionNode {
  const tokens = tokenize(text);
  let i = 0;
  const known = new Set(identifiers);
  const peek = (): Token | undefined => tokens[i];
  const lower = (t: Token | undefined): string => (t?.kind === 'word' ? t.text.toLowerCase() : '');
  const fail = (msg: string, kind: RuleErrorKind = 'invalid'): never => {
    throw new RuleError(kind, `condition '${text}': ${msg}`);
  };

  function parseOr(): ConditionNode {
    const args = [parseAnd()];
    while (lower(peek()) === 'or') {
      i++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }
  function parseAnd(): ConditionNode {
    const args = [parseNot()];
    while (lower(peek()) === 'and') {
      i++;
      args.push(parseNot());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }
  function parseNot(): ConditionNode {
    if (lower(peek()) === 'not') {
      i++;
      return { op: 'not', arg: parseNot() };
    }
    return parsePrimary();
  }
  function parsePrimary(): ConditionNode {
    const t = peek();
    if (!t) return fail('unexpected end');
    if (t.kind === 'pipe') return fail(`aggregation after '|' (Sigma 1 count/near) is not supported; write a correlation rule`, 'unsupported');
    if (t.kind === 'lparen') {
      i++;
      const inner = parseOr();
      if (peek()?.kind !== 'rparen') fail(`missing ')' for '(' at ${t.pos}`);
      i++;
      return inner;
    }
    if (t.kind === 'rparen') return fail(`unexpected ')' at ${t.pos}`);
    const w = t.text.toLowerCase();
    const next = tokens[i + 1];
    if ((w === 'all' || w === 'any' || /^\d+$/.test(w)) && lower(next) === 'of') {
      i += 2;
      const target = peek();
      if (!target || target.kind !== 'word') return fail(`'${t.text} of' needs a name pattern or 'them'`);
      i++;
      const pattern = target.text;
      let names: string[];
      if (pattern.toLowerCase() === 'them') names = identifiers.filter((n) => !n.startsWith('_'));
      else {
        const re = wildcardToRegExp(pattern);
        names = identifiers.filter((n) => re.test(n));
      }
      if (names.length === 0) fail(`'${pattern}' matches no search identifier`);
      const count = w === 'all' ? 'all' : w === 'any' ? 1 : Number(w);
      return { op: 'of', count, names, pattern };
    }
    if (w === 'and' || w === 'or' || w === 'of') return fail(`unexpected '${t.text}' at ${t.pos}`);
    i++;
    if (!known.has(t.text)) fail(`unknown search identifier '${t.text}'`);
    return { op: 'ref', name: t.text };
  }

  if (tokens.length === 0) fail('empty');
  const node = parseOr();
  if (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'pipe') fail(`aggregation after '|' (Sigma 1 count/near) is not supported; write a correlation rule`, 'unsupported');
    fail(`unexpected '${t.text}' at ${t.pos}`);
  }
  return node;
}

/** Identifiers a condition refers to, with the polarity (true = not negated) of each use. */
export function conditionRefs(node: ConditionNode, positive = true, out: Array<{ name: string; positive: boolean }> = []): Array<{ name: string; positive: boolean }> {
  switch (node.op) {
    case 'and':
    case 'or':
      for (const a of node.args) conditionRefs(a, positive, out);
      break;
    case 'not':
      conditionRefs(node.arg, !positive, out);
      break;
    case 'ref':
      out.push({ name: node.name, positive });
      break;
    case 'of':
      for (const n of node.names) out.push({ name: n, positive });
      break;
  }
  return out;
}
