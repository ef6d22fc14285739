/**
 * The actor's technique list (content/intel/gallium-techniques.json): id, name, tactics and the
 * evidence note saying which logs can show the technique, read by the one technique-list parser.
 */
import type { TechniqueEntry } from '../intel/technique-list.js';

export type ActorTechnique = TechniqueEntry;
export { parseTechniqueList as parseTechniques, loadTechniqueList as loadTechniques } from '../intel/technique-list.js';

/** True when a rule tagged `ruleTechnique` covers `technique` (same id, or a sub-technique of it). */
export function covers(ruleTechnique: string, technique: string): boolean {
  return ruleTechnique === technique || ruleTechnique.startsWith(`${technique}.`);
}
