/**
 * Worker for corpus-regex-backtracking.test.ts: runs each regex, compiled as the engine compiles
 * rule regexes, on adversarial inputs built from its structure; posts `start` before each regex
 * (so a hang names it) and `done` with the slowest single test after it.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compileRuleRegex } from '../../src/sigma/rule-regex.js';
import { adversarialInputs } from './adversarial-inputs.js';

export interface SweepRegex {
  where: string;
  source: string;
  flags: string;
}

export type SweepMessage =
  | { type: 'start'; index: number }
  | { type: 'done'; index: number; worstMs: number; inputs: number; backtracking: string | null }
  | { type: 'error'; index: number; message: string };

function sweep(regexes: SweepRegex[]): void {
  for (let index = 0; index < regexes.length; index++) {
    const r = regexes[index]!;
    parentPort!.postMessage({ type: 'start', index } satisfies SweepMessage);
    try {
      const compiled = compileRuleRegex(r.source, r.flags, r.where);
      const inputs = adversarialInputs(r.source, r.flags);
      let worstMs = 0;
      for (const input of inputs) {
        const t = performance.now();
        compiled.test(input);
        worstMs = Math.max(worstMs, performance.now() - t);
      }
      parentPort!.postMessage({ type: 'done', index, worstMs, inputs: inputs.length, backtracking: compiled.backtracking } satisfies SweepMessage);
    } catch (err) {
      parentPort!.postMessage({ type: 'error', index, message: (err as Error).message } satisfies SweepMessage);
    }
  }
}

// The test runner also loads every file under dist/test/ on its own: then there is nothing to do.
if (!isMainThread && parentPort) sweep((workerData as { regexes: SweepRegex[] }).regexes);
