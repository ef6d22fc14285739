/**
 * The link to the correlation engine (src/sigma/correlation/): its types as this module uses them,
 * and a loader that imports it at run time, so detection works (and correlation rules are reported
 * unsupported with the reason) while that engine is absent.
 */
import type { EventFields, SourceRef } from '../events/event.js';
import type { Emit } from '../findings/detector.js';

export interface CorrelationInput {
  /** Id and name of the base rule that matched. */
  rules: string[];
  time: number;
  fields: EventFields;
  host: string;
  source: SourceRef;
}

export interface CorrelatorLike {
  readonly neededFields: string[];
  feed(input: CorrelationInput): void;
  finish(emit: Emit): void;
}

export interface CorrelationModule {
  parseCorrelationRule(doc: Record<string, unknown>, path: string): unknown;
  Correlator: new (rules: unknown[]) => CorrelatorLike;
}

let cached: Promise<CorrelationModule | string> | undefined;

/** The correlation engine, or the reason it cannot be used. */
export function loadCorrelationModule(): Promise<CorrelationModule | string> {
  cached ??= (async () => {
    const specifier = './correlation/index.js';
    try {
      const mod = (await import(specifier)) as Partial<CorrelationModule>;
      if (typeof mod.parseCorrelationRule !== 'function' || typeof mod.Correlator !== 'function') {
        return 'correlation engine lacks parseCorrelationRule/Correlator';
      }
      return mod as CorrelationModule;
    } catch (err) {
      return `correlation engine not available (${(err as Error).message.split('\n')[0]})`;
    }
  })();
  return cached;
}
