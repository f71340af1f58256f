/**
 * A signal that aborts after `ms` (with a `TimeoutError`, like `AbortSignal.timeout`) or when any
 * of `others` aborts. Not `AbortSignal.any([..., AbortSignal.timeout(ms)])`: on Node 20 both hold
 * the timeout's signal weakly, so a garbage collection while the request waits can take the
 * timeout away and the request then waits for the store however long it takes
 * (nodejs/node#57736; test/unit/client.test.ts). Here the timer holds its controller, and the
 * timer is unref'd so that it never keeps the process alive on its own.
 */
export function timeoutSignal(ms: number, ...others: (AbortSignal | undefined)[]): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  timer.unref();
  const sources = others.filter((s): s is AbortSignal => !!s);
  if (!sources.length) return controller.signal;
  if (sources.some((s) => s.aborted)) clearTimeout(timer);
  return AbortSignal.any([...sources, controller.signal]);
}
