/**
 * API tokens: the token file holds one token per line (blank lines and `#` comments ignored). With
 * no `--token-file`, `serve` uses `DIR/token`, generating it (32 random bytes, base64url, mode 0600)
 * when absent.
 *
 * A request authenticates with any of the forms shippers send:
 *   Authorization: Bearer TOKEN
 *   Authorization: ApiKey TOKEN              (or base64 of `ID:TOKEN`, as Beats send `api_key: ID:TOKEN`)
 *   Authorization: Basic base64(USER:TOKEN)  (any user name, the token as password)
 * Tokens are compared in constant time (over their sha256, so lengths leak nothing either).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface TokenSet {
  /** The name of the matching token (`token-N`, N its line among tokens), or undefined. */
  check(authorization: string | undefined): string | undefined;
}

export function readTokenFile(file: string): string[] {
  const tokens = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (tokens.length === 0) throw new Error(`${file}: no token in the file`);
  return tokens;
}

/** Creates `file` with a new token (mode 0600) unless it exists; true when it was created. */
export function ensureTokenFile(file: string): boolean {
  if (existsSync(file)) return false;
  writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  return true;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function tokenSet(tokens: readonly string[]): TokenSet {
  const digests = tokens.map(digest);
  const match = (candidate: string): string | undefined => {
    const d = digest(candidate);
    let found: string | undefined;
    // Compare with every token, so timing does not tell which one (or whether any) matched.
    digests.forEach((t, i) => { if (timingSafeEqual(t, d) && found === undefined) found = `token-${i + 1}`; });
    return found;
  };
  /** base64 of `ID:TOKEN` (ApiKey) or `USER:TOKEN` (Basic): the part after the first colon. */
  const matchAfterColon = (value: string): string | undefined => {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : match(decoded.slice(colon + 1));
  };
  return {
    check(authorization) {
      if (!authorization) return undefined;
      const space = authorization.indexOf(' ');
      if (space < 0) return undefined;
      const scheme = authorization.slice(0, space).toLowerCase();
      const value = authorization.slice(space + 1).trim();
      if (scheme === 'bearer') return match(value);
      if (scheme === 'apikey') return match(value) ?? matchAfterColon(value);
      if (scheme === 'basic') return matchAfterColon(value);
      return undefined;
    },
  };
}
