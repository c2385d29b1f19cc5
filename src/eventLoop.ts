/**
 * A run of cases whose calls settle at once never leaves the microtask queue, so signal handlers
 * (Ctrl-C, a CI job's SIGTERM) and timers would wait for the whole run. Awaiting a breather
 * between cases lets the event loop turn, at most every few milliseconds, at a negligible cost.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Returns a function to await between cases: it yields to the event loop once every `everyMs`. */
export function eventLoopBreather(everyMs = 25): () => Promise<void> {
  let last = performance.now();
  return async () => {
    const now = performance.now();
    if (now - last < everyMs) return;
    last = now;
    await nextTurn();
  };
}
