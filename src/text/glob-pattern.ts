/**
 * `--exclude` patterns (sweep, hunt, search, stats) and host globs: a small glob dialect compiled to a RegExp. `*` matches within one path
 * element, `**` across elements, `?` one character; matching is on `/`-separated paths relative to
 * the swept root, and a pattern without `/` matches the last element anywhere (`*.log`, `node_modules`).
 */
export type PathMatcher = (relPath: string) => boolean;

/** A glob as an anchored RegExp (`*` stays within one `/`-separated element); `ignoreCase` for host names. */
export function globToRegExp(glob: string, ignoreCase = process.platform === 'win32'): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, ignoreCase ? 'i' : '');
}

/** One matcher for all patterns; matches nothing when there are none. */
export function compileExcludes(patterns: readonly string[]): PathMatcher {
  if (patterns.length === 0) return () => false;
  const whole: RegExp[] = [];
  const element: RegExp[] = [];
  for (const raw of patterns) {
    const p = raw.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
    if (p.includes('/')) whole.push(globToRegExp(p.replace(/^\//, '')));
    else element.push(globToRegExp(p));
  }
  return (rel) => {
    if (whole.some((r) => r.test(rel))) return true;
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    return element.some((r) => r.test(name));
  };
}
