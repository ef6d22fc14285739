/**
 * The shipped vulnerability catalogue (content/audit/web-platforms.json): which platform an
 * inventory row is, the version it means (CU names and Windows years through aliases), and which
 * version ranges and support windows it falls in.
 */
import { readFileSync } from 'node:fs';
import { contentPath } from '../content/content-path.js';
import { inRange, parseVersion, type VersionRange } from './vendor-version.js';

export interface CatalogueVulnerability {
  cve: string;
  title: string;
  knownExploited: boolean;
  ranges: VersionRange[];
}

export interface SupportWindow extends VersionRange {
  date: string;
  note: string;
}

export interface Platform {
  id: string;
  name: string;
  match: string[];
  kev: { vendor: string; product: string }[];
  yearInProduct?: boolean;
  aliases?: Record<string, string>;
  endOfSupport: SupportWindow[];
  vulnerabilities: CatalogueVulnerability[];
}

export interface Catalogue {
  compiled: string;
  platforms: Platform[];
}

/** content/ beside dist/: dist/src/audit → three levels up. */
export const defaultCataloguePath = contentPath('audit', 'web-platforms.json');

export function loadCatalogue(file = defaultCataloguePath): Catalogue {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
  if (!Array.isArray(data.platforms)) throw new Error(`${file}: no platforms list`);
  return data;
}

export function findPlatform(cat: Catalogue, vendor: string | null, product: string): Platform | null {
  const text = `${vendor ?? ''} ${product}`.trim();
  for (const p of cat.platforms) {
    for (const m of p.match) {
      if (new RegExp(m, 'i').test(product) || new RegExp(m, 'i').test(text)) return p;
    }
  }
  return null;
}

function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The version a row means for the platform: the version as written, or its alias
 * (`2019 CU12` → `15.2.1118.7`, `CU12` with product `Exchange Server 2019` → same,
 * no version with product `Windows Server 2012 R2` → `6.3.9600`). null when unknown.
 */
export function effectiveVersion(p: Platform, product: string, version: string | null): string | null {
  const aliases = new Map(Object.entries(p.aliases ?? {}).map(([k, v]) => [norm(k), v]));
  const year = p.yearInProduct ? /\b(20\d\d|19\d\d)(\s*R2)?\b/i.exec(product) : null;
  if (version !== null) {
    const direct = aliases.get(norm(version));
    if (direct) return direct;
    if (year) {
      const withYear = aliases.get(norm(`${year[1]} ${version}`));
      if (withYear) return withYear;
    }
    // A plain dotted version stands for itself; `CU12` alone with no year cannot be placed.
    return /^\d/.test(version.trim()) && parseVersion(version) !== null ? version : null;
  }
  if (year) return aliases.get(norm(`${year[1]}${year[2] ? ' R2' : ''}`)) ?? null;
  return null;
}

export function affectedBy(version: string, v: CatalogueVulnerability): boolean {
  return v.ranges.some((r) => inRange(version, r));
}

export function supportWindow(version: string, p: Platform): SupportWindow | null {
  return p.endOfSupport.find((w) => inRange(version, w)) ?? null;
}
