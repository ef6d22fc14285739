/**
 * A fast reader for the YAML subset Sigma rules and the shipped data files are written in (block
 * maps and lists, quoted and plain scalars, literal/folded block scalars, flow lists and maps
 * (fast-yaml-flow.ts), comments, `---` documents), resolving scalars as the YAML 1.2 core schema
 * does. It returns null at the first construct outside that subset (anchors, tags, multi-line plain
 * or quoted scalars, duplicate keys, tabs, nesting deeper than 64 levels, ...), and the caller then
 * uses the full `yaml` library (content/yaml-text.ts), which also gives the error message for
 * malformed input. On the 3,780 SigmaHQ rules it reads in about a third of the
 * general parser's time (and returns exactly the same values; see test/content/fast-yaml.test.ts).
 */
import { flowCollection, type Line } from './fast-yaml-flow.js';
import { afterValue, checkPlain, fail, plainText, quoted, resolvePlain, Unsupported } from './fast-yaml-scalars.js';

const MAX_DEPTH = 64;

class DocParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly lines: Line[]) {}

  /** Index of the next line with content (not blank, not a comment), or -1. */
  private nextContent(): number {
    for (let j = this.i; j < this.lines.length; j++) {
      const t = this.lines[j]!.text;
      if (t !== '' && t[0] !== '#') return j;
    }
    return -1;
  }

  parseDocument(): unknown {
    const j = this.nextContent();
    if (j < 0) return null;
    this.i = j;
    const first = this.lines[j]!;
    const v = this.node(first.indent);
    if (this.nextContent() >= 0) fail();
    return v;
  }

  private isSeqItem(t: string): boolean {
    return t[0] === '-' && (t.length === 1 || t[1] === ' ');
  }

  /** The key of a `key: value` line and the text after the colon, or null. */
  private keyOf(t: string): [string, string] | null {
    const c = t[0];
    if (c === "'" || c === '"') {
      const [k, rest] = quoted(t);
      if (rest[0] === ':' && (rest.length === 1 || rest[1] === ' ')) return [k, rest.slice(1)];
      return null;
    }
    if (c === '#' || c === '[' || c === '{' || c === '&' || c === '*' || c === '!' || c === '?') return null;
    let k = -1;
    for (let p = 0; p < t.length; p++) {
      if (t.charCodeAt(p) === 58 && (p + 1 === t.length || t[p + 1] === ' ')) {
        k = p;
        break;
      }
      if (t.charCodeAt(p) === 35 && p > 0 && t[p - 1] === ' ') return null;
    }
    if (k <= 0) return null;
    const key = t.slice(0, k).trimEnd();
    return [key, t.slice(k + 1)];
  }

  /** A node whose first content line is at `indent` (the current line). */
  private node(indent: number): unknown {
    const j = this.nextContent();
    if (j < 0) return null;
    this.i = j;
    const line = this.lines[j]!;
    if (line.indent !== indent) fail();
    if (this.isSeqItem(line.text)) return this.sequence(indent);
    if (this.keyOf(line.text)) return this.mapping(indent);
    return fail(); // plain multi-line scalar at block level
  }

  private mapping(indent: number): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) fail();
    try {
      return this.mappingEntries(indent);
    } finally {
      this.depth--;
    }
  }

  /** The next content line of a block at `indent` (its index), or -1 where the block ends; a deeper line is refused. */
  private lineAt(indent: number): number {
    const j = this.nextContent();
    if (j < 0) return -1;
    const line = this.lines[j]!;
    if (line.indent < indent) return -1;
    if (line.indent > indent) fail();
    return j;
  }

  private mappingEntries(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const j = this.lineAt(indent);
      if (j < 0) break;
      const line = this.lines[j]!;
      const kv = this.keyOf(line.text);
      if (!kv) {
        if (this.isSeqItem(line.text)) break; // a sequence at the parent's level
        fail();
      }
      const [key, rest] = kv!;
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '<<' || key === '__proto__') fail();
      this.i = j + 1;
      out[key] = this.value(rest, indent, true);
    }
    return out;
  }

  private sequence(indent: number): unknown[] {
    if (++this.depth > MAX_DEPTH) fail();
    try {
      return this.sequenceItems(indent);
    } finally {
      this.depth--;
    }
  }

  private sequenceItems(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const j = this.lineAt(indent);
      if (j < 0) break;
      const line = this.lines[j]!;
      if (!this.isSeqItem(line.text)) break;
      let k = 1;
      while (line.text[k] === ' ') k++;
      const rest = line.text.slice(k);
      if (rest === '' || rest[0] === '#') {
        this.i = j + 1;
        const n = this.nextContent();
        if (n < 0 || this.lines[n]!.indent <= indent) out.push(null);
        else out.push(this.node(this.lines[n]!.indent));
        continue;
      }
      if (this.isSeqItem(rest)) fail();
      if (this.keyOf(rest)) {
        // `- key: value` opens a map whose keys sit at the column of `key`.
        this.lines[j] = { indent: indent + k, text: rest };
        this.i = j;
        out.push(this.mapping(indent + k));
        continue;
      }
      this.i = j + 1;
      out.push(this.value(' ' + rest, indent, false));
    }
    return out;
  }

  /** The value after `key:` (or `- `), owned by a line at `indent`. */
  private value(rest: string, indent: number, inMap: boolean): unknown {
    if (rest !== '' && rest[0] !== ' ') fail();
    const t = rest.trimStart();
    if (t === '' || t[0] === '#') {
      const n = this.nextContent();
      if (n < 0) return null;
      const next = this.lines[n]!;
      if (next.indent > indent) return this.node(next.indent);
      if (inMap && next.indent === indent && this.isSeqItem(next.text)) return this.sequence(indent);
      return null;
    }
    let v: unknown;
    const c = t[0];
    if (c === '|' || c === '>') return this.blockScalar(t, indent);
    if (c === "'" || c === '"') {
      const [s, after] = quoted(t);
      afterValue(after);
      v = s;
    } else if (c === '[' || c === '{') {
      const flow = flowCollection(t, this.lines, this.i - 1, indent);
      this.i = flow.line + 1;
      v = flow.value;
    } else {
      const p = plainText(t);
      checkPlain(p);
      v = resolvePlain(p);
    }
    // A continuation line (multi-line plain scalar) is outside the subset.
    const n = this.nextContent();
    if (n >= 0 && this.lines[n]!.indent > indent) fail();
    return v;
  }

  private blockScalar(header: string, indent: number): string {
    const m = /^([|>])([-+]?)\s*(#.*)?$/.exec(header);
    if (!m) return fail();
    const folded = m[1] === '>';
    const chomp = m[2];
    const body: string[] = [];
    let contentIndent = -1;
    let j = this.i;
    for (; j < this.lines.length; j++) {
      const l = this.lines[j]!;
      if (l.text === '') {
        body.push('');
        continue;
      }
      if (contentIndent < 0) {
        if (l.indent <= indent) break;
        contentIndent = l.indent;
      }
      if (l.indent < contentIndent) break;
      body.push(' '.repeat(l.indent - contentIndent) + l.text);
    }
    // Trailing blank lines belong to the scalar only for chomping; lines after are the parent's.
    this.i = j;
    let end = body.length;
    while (end > 0 && body[end - 1] === '') end--;
    const trailing = body.length - end;
    const content = body.slice(0, end);
    let text: string;
    if (!folded) text = content.join('\n');
    else {
      text = '';
      let prevBlank = false;
      for (let k = 0; k < content.length; k++) {
        const l = content[k]!;
        if (l.startsWith(' ')) fail(); // more-indented lines in folded scalars
        if (k === 0) text = l;
        else if (l === '') {
          text += '\n';
          prevBlank = true;
        } else {
          text += prevBlank ? l : ` ${l}`;
          prevBlank = false;
        }
      }
    }
    if (content.length === 0) return '';
    if (chomp === '-') return text;
    if (chomp === '+') return text + '\n'.repeat(1 + trailing);
    return `${text}\n`;
  }
}

/** All documents of a YAML text in the Sigma subset, or null when the text needs the full parser. */
export function parseSigmaYaml(text: string): unknown[] | null {
  try {
    if (text.includes('\t') || text.includes('\r')) {
      if (/\t/.test(text.replace(/^[^\S\n]*#.*$/gm, ''))) return null;
      text = text.replace(/\r\n?/g, '\n');
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const docs: Line[][] = [[]];
    let explicitStart = false;
    for (const raw of text.split('\n')) {
      if (raw.startsWith('---') && (raw.length === 3 || raw[3] === ' ' || raw[3] === '#')) {
        if (raw.slice(3).trim() !== '' && !raw.slice(3).trim().startsWith('#')) return null;
        if (docs.length === 1 && !explicitStart && docs[0]!.every((l) => l.text === '' || l.text[0] === '#')) docs[0] = [];
        else docs.push([]);
        explicitStart = true;
        continue;
      }
      if (raw.startsWith('...') || raw.startsWith('%')) return null;
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      const body = raw.slice(indent).trimEnd();
      docs[docs.length - 1]!.push({ indent, text: body });
    }
    const out: unknown[] = [];
    for (const lines of docs) {
      const hasContent = lines.some((l) => l.text !== '' && l.text[0] !== '#');
      if (!hasContent && docs.length > 1) {
        out.push(null);
        continue;
      }
      out.push(new DocParser(lines).parseDocument());
    }
    return out;
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}
