/**
 * Paths of the data the package ships (content/), found from the compiled module's location so
 * they work whatever the current directory is.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root: dist/src/engine/ → three levels up. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function contentPath(...parts: string[]): string {
  return path.join(packageRoot, 'content', ...parts);
}

/** The project's own Sigma rules, hunted with by default. */
export const builtinRulesPath = contentPath('rules');
