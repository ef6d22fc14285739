/**
 * The detector interface: sigma, ioc (and later yara) implement it. A detector is a pure function
 * of an event plus bounded state (Sigma correlations), so the engine can run one copy per worker.
 */
import type { HuntEvent } from '../events/event.js';
import type { Finding } from './finding.js';

export type Emit = (finding: Finding) => void;

export interface Detector {
  readonly name: Finding['detector'];
  /** Examine one event; call `emit` for each finding. Must not keep a reference to `event`. */
  examine(event: HuntEvent, emit: Emit): void;
  /**
   * Streaming (`serve`): no event older than `watermark` (epoch ms) is expected any more; emit what
   * stateful logic can now decide. Stateless detectors leave it out.
   */
  flush?(watermark: number, emit: Emit): void;
  /** How long (ms) before the watermark stateful logic still looks back; 0 or absent when stateless. */
  readonly stateHorizonMs?: number;
  /** End of input: emit what stateful logic still holds. */
  finish?(emit: Emit): void;
}
