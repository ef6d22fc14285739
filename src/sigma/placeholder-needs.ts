/**
 * Which `%name%` placeholders a rule document's `|expand` items use, read from the document
 * itself, so a hunt can say once which rules need a --placeholder it was not given.
 */
const PLACEHOLDER = /%([A-Za-z0-9_.-]+)%/g;

function valuesOf(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) valuesOf(x, out);
}

function walk(section: unknown, names: Set<string>): void {
  if (Array.isArray(section)) {
    for (const x of section) walk(x, names);
    return;
  }
  if (typeof section !== 'object' || section === null) return;
  for (const [key, value] of Object.entries(section)) {
    if (key.split('|').slice(1).includes('expand')) {
      const texts: string[] = [];
      valuesOf(value, texts);
      for (const t of texts) for (const m of t.matchAll(PLACEHOLDER)) names.add(m[1]!);
    } else if (typeof value === 'object') walk(value, names);
  }
}

/** Placeholder names used by the detection (or filter) section of a rule document. */
export function placeholdersUsed(doc: Record<string, unknown>): string[] {
  const names = new Set<string>();
  walk(doc.detection ?? doc.filter, names);
  return [...names];
}

/** Placeholder name → how many of the documents use it without a value given. */
export function missingPlaceholders(docs: readonly { doc: Record<string, unknown> }[], given: Record<string, string[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { doc } of docs) {
    for (const name of placeholdersUsed(doc)) if (!given[name]?.length) out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}
