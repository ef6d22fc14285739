/**
 * Indicator matching: `createIocDetector(indicators)` builds the detector the hunt engine runs next
 * to the Sigma detector. See ioc-detector.ts for the matching rules.
 */
import type { Indicator } from '../intel/indicator.js';
import type { Detector } from '../findings/detector.js';
import { IocDetector, type IocDetectorOptions } from './ioc-detector.js';

export { IocDetector } from './ioc-detector.js';
export type { IocDetectorOptions } from './ioc-detector.js';
export { AhoCorasick } from './aho-corasick.js';
export { AddressSet } from './address-set.js';

export function createIocDetector(indicators: Indicator[], options: IocDetectorOptions = {}): Detector & { readonly size: number } {
  return new IocDetector(indicators, options);
}
