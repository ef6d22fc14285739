/**
 * How deep parsed JSON nests: the one bound check for every layer that takes JSON from outside
 * (readers through flatten.ts, intel importers through intel/entry-depth.ts). A hostile record
 * nested thousands of levels deep would overflow the stack in recursive code further on.
 */

/**
 * Does `value` hold arrays or objects nested more than `limit` levels deep (the value itself is
 * level 0)? The walk stops at the first path past the limit, so it recurses at most `limit` levels
 * whatever the input, and allocates nothing (it runs on every JSON record).
 */
export function nestedDeeperThan(value: unknown, limit: number, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= limit) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (typeof v === 'object' && v !== null && nestedDeeperThan(v, limit, depth + 1)) return true;
    return false;
  }
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'object' && v !== null && nestedDeeperThan(v, limit, depth + 1)) return true;
  }
  return false;
}
