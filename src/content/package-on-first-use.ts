/**
 * A package the program needs for some commands or inputs only, loaded the first time it is asked
 * for instead of when the program starts (every command pays for what main.ts imports statically).
 * It is loaded with `require`: the package's CommonJS build, which is what `import` gives in Node
 * for the packages used this way (yaml, cli-progress, better-sqlite3) or the same code bundled
 * (fast-xml-parser). The type comes from `typeof import('name')`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function packageOnFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
