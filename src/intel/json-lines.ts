/**
 * Line numbers for objects of a parsed JSON document, so JSON importers can report a bad entry as
 * `file:line N`. The text is scanned once for `{` outside strings; the parsed value is walked in
 * the same document order (JSON.parse keeps key order for non-numeric keys), without recursion.
 */
export function objectLines(text: string, root: unknown): WeakMap<object, number> {
  const lines: number[] = [];
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) lines.push(line);
  }
  const map = new WeakMap<object, number>();
  let next = 0;
  // Depth-first in document order with an explicit stack: a document nested 100,000 deep is walked
  // like any other (a recursive walk would overflow the call stack).
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (!Array.isArray(v)) {
      const l = lines[next++];
      if (l !== undefined) map.set(v, l);
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const c: unknown = children[i];
      if (typeof c === 'object' && c !== null) stack.push(c);
    }
  }
  return map;
}

/** `file:line N` for an object when known, else `file`. */
export function whereIn(path: string, lines: WeakMap<object, number>, obj: unknown): string {
  const l = typeof obj === 'object' && obj !== null ? lines.get(obj) : undefined;
  return l === undefined ? path : `${path}:line ${l}`;
}

/** Line of a JSON syntax error from V8's message (`at position N` or `line N`). */
export function jsonErrorLine(text: string, err: unknown): number | undefined {
  const msg = err instanceof Error ? err.message : String(err);
  const l = /line (\d+)/.exec(msg);
  if (l) return Number(l[1]);
  const p = /position (\d+)/.exec(msg);
  if (!p) return undefined;
  let line = 1;
  const end = Math.min(Number(p[1]), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
