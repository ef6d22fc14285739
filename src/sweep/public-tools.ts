/**
 * Renamed public tools: a PE whose own version resource (or imphash) says it is Mimikatz, PsExec,
 * rar.exe, … but which sits on disk under another name. The table is data
 * (content/tools/public-tools.json); each entry lists the tool's own names (without extension), its
 * product names and known imphashes.
 */
import { readFileSync } from 'node:fs';
import { contentPath } from '../content/content-path.js';
import { isLevel, type Level } from '../findings/finding.js';
import type { PeInfo } from './pe/pe-info.js';

export interface PublicTool {
  tool: string;
  names: string[];
  products: string[];
  imphashes: string[];
  attack: string[];
  level: Level;
}

export interface RenamedTool {
  tool: PublicTool;
  /** The version field (or `imphash`) that named the tool, and its value. */
  field: string;
  value: string;
}

export const builtinToolsPath = contentPath('tools', 'public-tools.json');

export function loadPublicTools(file = builtinToolsPath): PublicTool[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { tools?: unknown };
  if (!Array.isArray(doc.tools)) throw new Error(`${file}: no "tools" list`);
  return doc.tools.map((t: Record<string, unknown>, i: number) => {
    const list = (k: string): string[] => (Array.isArray(t[k]) ? (t[k] as unknown[]).map((v) => String(v).toLowerCase()) : []);
    if (typeof t.tool !== 'string') throw new Error(`${file}: tool ${i + 1} has no name`);
    const level = String(t.level ?? 'high');
    return {
      tool: t.tool, names: list('names'), products: list('products'), imphashes: list('imphashes'),
      attack: Array.isArray(t.attack) ? t.attack.map(String) : [], level: isLevel(level) ? level : 'high',
    };
  });
}

const stem = (name: string): string => {
  const n = name.trim().toLowerCase();
  const dot = n.lastIndexOf('.');
  return dot > 0 && n.length - dot <= 5 ? n.slice(0, dot) : n;
};

/** The tool a PE claims to be, when its name on disk is not one of that tool's names. */
export function renamedTool(tools: readonly PublicTool[], pe: PeInfo, diskName: string): RenamedTool | undefined {
  const disk = stem(diskName);
  // The PE's own names, lower-cased once (with and without extension), not once per tool.
  const claims: { field: string; value: string; stem: string; lower: string }[] = [];
  for (const field of ['OriginalFilename', 'InternalName']) {
    const v = pe.version[field];
    if (v) claims.push({ field, value: v, stem: stem(v), lower: v.trim().toLowerCase() });
  }
  const product = pe.version.ProductName;
  const productLower = product ? product.trim().toLowerCase() : '';
  for (const tool of tools) {
    let hit: { field: string; value: string } | undefined;
    for (const c of claims) {
      if (tool.names.includes(c.stem) || tool.names.includes(c.lower)) {
        hit = { field: c.field, value: c.value };
        break;
      }
    }
    if (!hit && product && tool.products.includes(productLower)) hit = { field: 'ProductName', value: product };
    if (!hit && pe.imphash && tool.imphashes.includes(pe.imphash)) hit = { field: 'imphash', value: pe.imphash };
    if (hit && !tool.names.includes(disk)) return { tool, ...hit };
  }
  return undefined;
}
