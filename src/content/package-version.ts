/** The package version, read once from package.json at the package root ('0.0.0' when unreadable). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './content-path.js';

export const version: string = (() => {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
