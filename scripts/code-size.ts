/**
 * The size rule of CONTRIBUTING.md, measured: files over FILE_LIMIT lines and functions or methods
 * over FUNCTION_LIMIT lines. A simple brace-depth scanner over TypeScript text: comments, strings,
 * template literals and regular-expression literals are skipped, and every `{` whose header reads
 * like a function (`function f(…)`, `(…) =>`, a method `name(…): T`) opens a function body.
 * Code inside a template literal (a browser script kept as a string) is text to this scanner.
 *
 * Opting out: a comment line containing `size-exempt:` and a reason in the comment block just above
 * a function, or in a file's first comment block for the file's length.
 *
 * `node dist/scripts/code-size.js [dir]` prints every offender under dir (default src).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FILE_LIMIT = 400;
export const FUNCTION_LIMIT = 80;
export const EXEMPT_MARK = 'size-exempt:';
/** Lines of a multi-line signature stepped over when looking for the exemption comment. */
const MAX_SIGNATURE_LINES = 6;

/** One function body: where it starts (1-based), what it is called and how many lines it spans. */
export interface FunctionSpan {
  line: number;
  name: string;
  lines: number;
}

interface Frame {
  kind: 'brace' | 'template';
  line: number;
  name: string | null;
  savedHeader: string;
  parens: number;
  expression: boolean;
}

const CONTROL = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'function', 'return', 'else', 'do', 'try']);
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'of', 'in', 'do', 'else', 'void', 'throw', 'new', 'delete', 'yield', 'await']);
/** A `{` after one of these opens an object literal or an object type, not a block. */
const EXPRESSION_END = /[(,:=<|&?[!+]$|\b(?:return|extends|implements)$/;
const MODIFIERS = String.raw`(?:(?:public|private|protected|static|async|override|readonly|get|set|abstract)\s+|\*\s*)*`;
const METHOD = new RegExp(String.raw`^${MODIFIERS}(#?[\w$]+)\s*(?:<[^]*>)?\s*\([^]*\)\s*(?::[^]*)?$`);

/** The function name a block header names, or null when the block is not a function body. */
export function functionName(header: string): string | null {
  const h = header.replace(/\s+/g, ' ').trim();
  if (EXPRESSION_END.test(h)) return null; // a type or object literal: `Promise<{`, `(a: {`, `x = {`
  const fn = /\bfunction\b\s*\*?\s*([\w$]*)[^]*\)\s*(?::[^]*)?$/.exec(h);
  if (fn) return fn[1] || '(function)';
  if (/=>$/.test(h)) {
    const named = /([\w$]+)\s*(?::[^=]*)?=(?![=>])/.exec(h) ?? /([\w$]+)\s*:\s*(?:async\s*)?\(/.exec(h);
    return named ? named[1]! : '(arrow)';
  }
  const method = METHOD.exec(h);
  if (method && !CONTROL.has(method[1]!)) return method[1]!;
  return null;
}

/** Every function body in the text, with its length in lines (first to last line, inclusive). */
export function functionSpans(text: string): FunctionSpan[] {
  const spans: FunctionSpan[] = [];
  const stack: Frame[] = [];
  let header = '';
  let parens = 0;
  let line = 1;
  let lastSignificant = '';
  let lastWord = '';
  let i = 0;
  const n = text.length;
  const regexAllowed = (): boolean => lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(lastSignificant) || REGEX_AFTER_WORD.has(lastWord);

  /** Skips a quoted string or the rest of a template literal; returns true when a `${` was entered. */
  const skipTemplate = (): boolean => {
    while (i < n) {
      const c = text[i]!;
      if (c === '\\') { if (text[i + 1] === '\n') line++; i += 2; continue; }
      if (c === '\n') line++;
      if (c === '`') { i++; return false; }
      if (c === '$' && text[i + 1] === '{') { i += 2; return true; }
      i++;
    }
    return false;
  };
  const enterTemplate = (): void => {
    if (skipTemplate()) stack.push({ kind: 'template', line, name: null, savedHeader: header, parens, expression: true });
    header += '""';
    lastSignificant = '"';
    lastWord = '';
  };

  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { header += ' '; i++; continue; }
    if (c === '/' && next === '/') { while (i < n && text[i] !== '\n') i++; continue; }
    if (c === '/' && next === '*') {
      i += 2;
      while (i < n && !(text[i] === '*' && text[i + 1] === '/')) { if (text[i] === '\n') line++; i++; }
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      header += '""';
      lastSignificant = '"';
      lastWord = '';
      continue;
    }
    if (c === '`') { i++; enterTemplate(); continue; }
    if (c === '/' && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < n && text[i] !== '\n') {
        const r = text[i]!;
        if (r === '\\') { i += 2; continue; }
        if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/.test(text[i]!)) i++;
      header += '/r/';
      lastSignificant = '/';
      lastWord = '';
      continue;
    }
    if (/[\w$#]/.test(c)) {
      let j = i;
      while (j < n && /[\w$#]/.test(text[j]!)) j++;
      lastWord = text.slice(i, j);
      lastSignificant = 'a';
      header += lastWord;
      i = j;
      continue;
    }
    i++;
    lastSignificant = c;
    lastWord = '';
    if (c === '(' || c === '[') parens++;
    else if (c === ')' || c === ']') parens--;
    if (c === '{') {
      const trimmed = header.trim();
      const name = functionName(trimmed);
      const expression = name === null && EXPRESSION_END.test(trimmed);
      stack.push({ kind: 'brace', line, name, savedHeader: header, parens, expression });
      header = '';
    } else if (c === '}') {
      const frame = stack.pop();
      if (!frame) { header = ''; continue; }
      if (frame.kind === 'template') {
        header = frame.savedHeader;
        enterTemplate();
        continue;
      }
      if (frame.name !== null) spans.push({ line: frame.line, name: frame.name, lines: line - frame.line + 1 });
      header = frame.expression ? `${frame.savedHeader}{}` : '';
    } else if (c === ';' || (c === ',' && parens === (stack[stack.length - 1]?.parens ?? 0))) {
      header = '';
    } else {
      header += c;
    }
  }
  return spans.sort((a, b) => a.line - b.line);
}

/** True when the comment block just above `line` (1-based) has a `size-exempt:` line. */
export function exemptAbove(lines: readonly string[], line: number): boolean {
  let k = line - 2;
  // A signature over several lines: step over its opening lines (ending in `(` or `,`) to the comment.
  for (let steps = 0; k >= 0 && steps < MAX_SIGNATURE_LINES && /[(,]\s*$/.test(lines[k]!); steps++) k--;
  for (; k >= 0; k--) {
    const t = lines[k]!.trim();
    if (t.includes(EXEMPT_MARK)) return true;
    if (!(t.startsWith('//') || t.startsWith('*') || t.startsWith('/*') || t.startsWith('@'))) return false;
  }
  return false;
}

/** True when the file's first comment block has a `size-exempt:` line. */
export function fileExempt(text: string): boolean {
  const head = /^\s*\/\*[^]*?\*\//.exec(text)?.[0] ?? '';
  return head.includes(EXEMPT_MARK);
}

/** One offender: `file` relative to the scanned folder, `what` says which rule and where. */
export interface SizeOffender {
  file: string;
  what: string;
}

export function sizeOffendersInText(file: string, text: string): SizeOffender[] {
  const found: SizeOffender[] = [];
  const lines = text.split('\n');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  if (count > FILE_LIMIT && !fileExempt(text)) found.push({ file, what: `${count} lines` });
  for (const span of functionSpans(text)) {
    if (span.lines > FUNCTION_LIMIT && !exemptAbove(lines, span.line)) {
      found.push({ file, what: `${span.name} (line ${span.line}) ${span.lines} lines` });
    }
  }
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every offender in the .ts files under dir, paths relative to dir with `/`. */
export function sizeOffenders(dir: string): SizeOffender[] {
  return tsFiles(dir).sort().flatMap((f) => sizeOffendersInText(path.relative(dir, f).split(path.sep).join('/'), readFileSync(f, 'utf8')));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'src';
  const found = sizeOffenders(dir);
  for (const o of found) console.log(`${o.file}: ${o.what}`);
  console.log(found.length === 0 ? 'no offenders' : `${found.length} offenders`);
}
