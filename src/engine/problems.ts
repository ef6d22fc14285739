import type { ReadProblem } from '../sources/reader.js';

/** One-line form of a read problem: `path:where: reason`. */
export function formatProblem(p: ReadProblem): string {
  return `${p.path}:${p.where}: ${p.reason}`;
}
