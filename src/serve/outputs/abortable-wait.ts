/**
 * Waits tied to serve's stop signal that remove their listener when done: an output retries for as
 * long as a destination is down, so a listener left per attempt would pile up on the one signal.
 */

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const onAbort = (): void => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A signal for one request: aborted by `signal` or after `timeoutMs` (its reason then a
 * TimeoutError). Call `done()` when the request is over.
 */
export function requestSignal(signal: AbortSignal, timeoutMs: number): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer in ${timeoutMs / 1000} s`, 'TimeoutError')), timeoutMs);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done: () => { clearTimeout(timer); signal.removeEventListener('abort', onAbort); },
  };
}
