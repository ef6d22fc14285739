/**
 * A progress bar on stderr while a long job reads its inputs; silent when stderr is not a terminal.
 */
import { packageOnFirstUse } from '../content/package-on-first-use.js';

/** The bar library, loaded when a bar is first shown. */
const barLibrary = packageOnFirstUse<typeof import('cli-progress')>('cli-progress');

export interface Progress {
  start(totalBytes: number, label: string): void;
  advance(bytes: number): void;
  /** Print a line above the bar without breaking it. */
  log(line: string): void;
  stop(): void;
}

export function createProgress(enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) {
    return { start() {}, advance() {}, log: (line) => process.stderr.write(`${line}\n`), stop() {} };
  }
  const cliProgress = barLibrary();
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: '{label} [{bar}] {percentage}% | {mb}/{totalMb} MB | eta {eta_formatted}',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 30,
  }, cliProgress.Presets.shades_classic);
  let value = 0;
  let total = 0;
  let running = false;
  return {
    start(totalBytes, label) {
      total = Math.max(1, totalBytes);
      bar.start(total, 0, { label, mb: '0.0', totalMb: (totalBytes / 1048576).toFixed(1) });
      running = true;
    },
    advance(bytes) {
      value = Math.min(total, value + bytes);
      if (running) bar.update(value, { mb: (value / 1048576).toFixed(1) });
    },
    log(line) {
      if (running) {
        process.stderr.write('\r\x1b[2K');
        process.stderr.write(`${line}\n`);
        bar.render();
      } else process.stderr.write(`${line}\n`);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
