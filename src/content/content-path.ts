/**
 * Where the data the package ships (content/) lives, found from the compiled module's location so
 * it works whatever the current directory is. Every layer that reads shipped data asks here.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root: dist/src/content/ → three levels up. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A path under the shipped content/ folder. */
export function contentPath(...parts: string[]): string {
  return path.join(packageRoot, 'content', ...parts);
}

/** The project's own Sigma rules, hunted with by default. */
export const builtinRulesPath = contentPath('rules');
