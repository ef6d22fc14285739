/**
 * A bound on how deep one entry of an intel file (a STIX object, a MISP attribute or object, a
 * pack row) may nest. Real entries nest a handful of levels; one nested 100,000 deep is hostile or
 * broken, and is reported as one problem and left out while the rest of the file is imported.
 */
import { nestedDeeperThan as deeperThan } from '../events/json-depth.js';

export const MAX_ENTRY_DEPTH = 64;

/** The problem text for an entry past the bound. */
export const TOO_DEEP = `nested more than ${MAX_ENTRY_DEPTH} levels deep; not imported`;

/**
 * Does `value` hold arrays or objects nested more than `limit` levels deep? (The walk is
 * events/json-depth.ts's, shared with the event readers; it stops at the first path past the limit.)
 */
export function nestedDeeperThan(value: unknown, limit = MAX_ENTRY_DEPTH): boolean {
  return deeperThan(value, limit);
}
