/**
 * A bound on how deep one entry of an intel file (a STIX object, a MISP attribute or object, a
 * pack row) may nest. Real entries nest a handful of levels; one nested 100,000 deep is hostile or
 * broken, and is reported as one problem and left out while the rest of the file is imported.
 */
export const MAX_ENTRY_DEPTH = 64;

/** The problem text for an entry past the bound. */
export const TOO_DEEP = `nested more than ${MAX_ENTRY_DEPTH} levels deep; not imported`;

/**
 * Does `value` hold arrays or objects nested more than `limit` levels deep? Walked with an explicit
 * stack (no recursion), stopping at the first path past the limit.
 */
export function nestedDeeperThan(value: unknown, limit = MAX_ENTRY_DEPTH): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const c of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof c === 'object' && c !== null) {
        values.push(c);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
