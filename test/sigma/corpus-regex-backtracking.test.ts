/**
 * Every regex of the SigmaHQ rules beside the project (../shared/corpus/sigma/rules*), compiled as
 * the engine compiles it, against adversarial inputs built from its own structure (issue 15).
 * The sweep runs on a worker thread that is terminated when one regex takes longer than
 * HANG_MS, so the test ends even if backtracking comes back. Skipped when the corpus is absent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { corpusRegexes, sigmaCorpusAbsent } from './corpus-regexes.js';
import type { SweepMessage, SweepRegex } from './regex-sweep-worker.js';

const absent = sigmaCorpusAbsent;
if (absent) console.log(`# skipping SigmaHQ regex backtracking sweep: ${absent}`);

/** A regex that takes this long on one input is hung, not slow. */
const HANG_MS = 20_000;

function sweep(regexes: SweepRegex[]): Promise<{ results: Map<number, SweepMessage>; hung: number | null }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./regex-sweep-worker.js', import.meta.url), { workerData: { regexes } });
    const results = new Map<number, SweepMessage>();
    let current = -1;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        resolve({ results, hung: current });
      }, HANG_MS);
    };
    worker.on('message', (m: SweepMessage) => {
      if (m.type === 'start') current = m.index;
      else results.set(m.index, m);
      arm();
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      resolve({ results, hung: null });
    });
    arm();
  });
}

test('SigmaHQ regexes: none backtracks for long on inputs built from its own structure', { skip: absent, timeout: 600_000 }, async (t) => {
  const regexes = corpusRegexes();
  assert.ok(regexes.length >= 150, `only ${regexes.length} regexes found`);
  const { results, hung } = await sweep(regexes);
  assert.equal(hung, null, hung === null ? '' : `hung on ${regexes[hung]!.where}: ${regexes[hung]!.source}`);
  const errors = [...results.values()].filter((m) => m.type === 'error');
  assert.deepEqual(errors, []);
  const done = [...results.values()].filter((m): m is Extract<SweepMessage, { type: 'done' }> => m.type === 'done');
  assert.equal(done.length, regexes.length);
  const slowest = done.reduce((a, b) => (b.worstMs > a.worstMs ? b : a));
  const backtracking = done.filter((m) => m.backtracking !== null).length;
  const inputs = done.reduce((n, m) => n + m.inputs, 0);
  t.diagnostic(`${regexes.length} regexes, ${inputs} adversarial inputs; ${backtracking} outside the linear-time engine (prefix-bounded); slowest ${slowest.worstMs.toFixed(1)} ms (${regexes[slowest.index]!.where})`);
  // The case-insensitive and plain regexes of SigmaHQ all run on the linear-time engine except a few counted repetitions.
  assert.ok(backtracking <= 30, `${backtracking} regexes outside the linear-time engine`);
});
