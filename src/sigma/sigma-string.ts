/**
 * A Sigma string value that knows its own wildcards, escapes and placeholders.
 *
 * Escaping (Sigma spec): `*` any run of characters, `?` one character, `\` escapes `*`, `?` and `\`;
 * a backslash before any other character is a plain backslash. `%name%` is a placeholder only when
 * the `expand` modifier asks for it (`\%` keeps a plain percent).
 */
export type StringPart =
  | { kind: 'text'; text: string }
  | { kind: 'any' } // *
  | { kind: 'one' } // ?
  | { kind: 'placeholder'; name: string };

const SPECIAL = /[*?\\%]/;

export class SigmaString {
  constructor(readonly parts: readonly StringPart[]) {}

  static parse(raw: string, placeholders = false): SigmaString {
    if (!SPECIAL.test(raw)) return SigmaString.literal(raw);
    const parts: StringPart[] = [];
    let text = '';
    const flush = (): void => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === '\\') {
        const n = raw[i + 1];
        if (n === '*' || n === '?' || n === '\\' || (placeholders && n === '%')) {
          text += n;
          i++;
        } else text += c;
      } else if (c === '*') {
        flush();
        parts.push({ kind: 'any' });
      } else if (c === '?') {
        flush();
        parts.push({ kind: 'one' });
      } else if (placeholders && c === '%') {
        const end = raw.indexOf('%', i + 1);
        if (end > i + 1 && /^[\w.-]+$/.test(raw.slice(i + 1, end))) {
          flush();
          parts.push({ kind: 'placeholder', name: raw.slice(i + 1, end) });
          i = end;
        } else text += c;
      } else text += c;
    }
    flush();
    return new SigmaString(parts);
  }

  static literal(text: string): SigmaString {
    return new SigmaString(text ? [{ kind: 'text', text }] : []);
  }

  get hasWildcards(): boolean {
    return this.parts.some((p) => p.kind === 'any' || p.kind === 'one');
  }

  get placeholders(): string[] {
    return this.parts.filter((p): p is { kind: 'placeholder'; name: string } => p.kind === 'placeholder').map((p) => p.name);
  }

  startsWithAny(): boolean {
    return this.parts[0]?.kind === 'any';
  }

  endsWithAny(): boolean {
    return this.parts[this.parts.length - 1]?.kind === 'any';
  }

  prepend(part: StringPart): SigmaString {
    return new SigmaString(normalise([part, ...this.parts]));
  }

  append(part: StringPart): SigmaString {
    return new SigmaString(normalise([...this.parts, part]));
  }

  /** Plain text, or null when the string holds wildcards or placeholders. */
  plain(): string | null {
    let out = '';
    for (const p of this.parts) {
      if (p.kind !== 'text') return null;
      out += p.text;
    }
    return out;
  }

  /** Text with wildcards kept as `*`/`?` characters (for encodings that treat them literally). */
  rawText(): string {
    return this.parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : `%${p.name}%`)).join('');
  }

  /** Map every text part (used by windash, case folding). */
  mapText(fn: (text: string) => string): SigmaString {
    return new SigmaString(this.parts.map((p) => (p.kind === 'text' ? { kind: 'text', text: fn(p.text) } : p)));
  }

  /** Replace placeholders by each combination of values (each value itself a Sigma pattern). */
  expand(values: (name: string) => string[] | undefined): SigmaString[] {
    let out: StringPart[][] = [[]];
    for (const p of this.parts) {
      if (p.kind !== 'placeholder') {
        for (const o of out) o.push(p);
        continue;
      }
      const vals = values(p.name) ?? [];
      const next: StringPart[][] = [];
      for (const o of out) for (const v of vals) next.push([...o, ...SigmaString.parse(v).parts]);
      out = next;
    }
    return out.map((parts) => new SigmaString(normalise(parts)));
  }

  toString(): string {
    return this.parts
      .map((p) => (p.kind === 'text' ? p.text.replace(/[\\*?]/g, '\\$&') : p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : `%${p.name}%`))
      .join('');
  }
}

/** Merge adjacent text parts and collapse runs of `*`. */
function normalise(parts: StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + p.text };
    else if (p.kind === 'any' && last?.kind === 'any') continue;
    else if (p.kind === 'text' && !p.text) continue;
    else out.push(p);
  }
  return out;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
