/**
 * JSON exports as record lists with line numbers: a JSON array, a Graph page `{"value":[…]}`, a
 * KEV catalog `{"vulnerabilities":[…]}`, a single object, or JSON Lines. Every record keeps the
 * 1-based line on which it starts, so findings can point at the evidence.
 */

export interface JsonRecord {
  line: number;
  value: unknown;
}

export interface JsonDocument {
  /** 'json' for one document, 'jsonl' for one record per line. */
  format: 'json' | 'jsonl';
  /** The parsed document (for 'json'), or null for 'jsonl'. */
  root: unknown;
  /** Records of the document's main list, or the JSON Lines records. */
  records: JsonRecord[];
  /** Lines of JSON Lines that did not parse: `line N: reason`. */
  problems: { line: number; reason: string }[];
}

/** Start lines of the objects directly inside arrays, keyed by the array's path (`''`, `value`, …). */
function elementLines(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const stack: { kind: 'array' | 'object'; path: string; lines?: number[] }[] = [];
  let line = 1;
  let lastKey = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\') {
          s += text[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (text[j] === '\n') line++;
        s += text[j];
        j++;
      }
      // A key is a string followed by a colon.
      let k = j + 1;
      while (k < n && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r' || text[k] === '\n')) k++;
      if (text[k] === ':') lastKey = s;
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      const parent = stack[stack.length - 1];
      let path = '';
      if (parent) path = parent.kind === 'object' ? (parent.path ? `${parent.path}.${lastKey}` : lastKey) : parent.path;
      if (c === '{' && parent?.kind === 'array') parent.lines!.push(line);
      if (c === '[') {
        const lines: number[] = [];
        if (!out.has(path)) out.set(path, lines);
        stack.push({ kind: 'array', path, lines });
      } else stack.push({ kind: 'object', path });
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      i++;
      continue;
    }
    i++;
  }
  return out;
}

/** Names of wrapper keys whose array holds the records. */
const LIST_KEYS = ['value', 'vulnerabilities', 'items', 'records', 'data', 'events', 'hosts', 'software'];

/**
 * Parse JSON or JSON Lines. Throws with a reason when the text is neither (the caller names the file).
 */
export function parseJsonRecords(text: string): JsonDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new Error('empty file');
  let root: unknown;
  let wholeError = '';
  try {
    root = JSON.parse(body);
  } catch (err) {
    wholeError = err instanceof Error ? err.message : String(err);
  }
  if (wholeError === '') {
    const lines = elementLines(body);
    const firstLine = body.slice(0, body.length - body.trimStart().length).split('\n').length;
    if (Array.isArray(root)) {
      const at = lines.get('') ?? [];
      return { format: 'json', root, records: root.map((value, i) => ({ line: at[i] ?? firstLine, value })), problems: [] };
    }
    if (root !== null && typeof root === 'object') {
      const obj = root as Record<string, unknown>;
      for (const key of LIST_KEYS) {
        const list = obj[key];
        if (Array.isArray(list)) {
          const at = lines.get(key) ?? [];
          return { format: 'json', root, records: list.map((value, i) => ({ line: at[i] ?? firstLine, value })), problems: [] };
        }
      }
      return { format: 'json', root, records: [{ line: firstLine, value: root }], problems: [] };
    }
    throw new Error('JSON holds no records (a bare value)');
  }
  // JSON Lines: every non-blank line one record.
  const records: JsonRecord[] = [];
  const problems: { line: number; reason: string }[] = [];
  const rows = body.split('\n');
  rows.forEach((row, idx) => {
    const t = row.trim();
    if (t === '') return;
    try {
      records.push({ line: idx + 1, value: JSON.parse(t) });
    } catch (err) {
      problems.push({ line: idx + 1, reason: `not JSON (${err instanceof Error ? err.message : String(err)})` });
    }
  });
  if (records.length === 0) throw new Error(`not JSON: ${wholeError}`);
  // A pretty-printed document that failed as a whole fails almost every line: report the real error.
  if (problems.length > records.length) throw new Error(`not JSON: ${wholeError}`);
  return { format: 'jsonl', root: null, records, problems };
}
