/**
 * Default state caps of the correlator, sized to the machine: a correlation flood should be able
 * to use a fair share of memory before anything is given up, and a small machine must not be
 * pushed into swap. One eighth of the physical memory is the budget of each cap.
 */
import { totalmem } from 'node:os';

/** Heap bytes of one open group holding one entry (measured about 0.85 KiB on Node 20, 200,000 event_count groups). */
const GROUP_BYTES = 1024;
/** Heap bytes of one entry in a group's window. */
const ENTRY_BYTES = 256;

export interface StateCaps {
  maxGroupsPerRule: number;
  maxEntriesPerGroup: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.floor(v)));

/** Caps for a machine with `memoryBytes` of physical memory (default: this machine's). */
export function defaultCaps(memoryBytes = totalmem()): StateCaps {
  const budget = memoryBytes / 8;
  return {
    maxGroupsPerRule: clamp(budget / GROUP_BYTES, 50_000, 4_000_000),
    maxEntriesPerGroup: clamp(budget / ENTRY_BYTES / 8, 10_000, 2_000_000),
  };
}
