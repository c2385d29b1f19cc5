/**
 * Failures that need earlier calls: recording the calls a run makes to an implementation, and
 * finding the shortest sequence of them that, made first on a fresh instance, brings the failure
 * back (the shortest failing prefix, then delta debugging to drop the calls it does not need).
 */
import type { Implementation } from '../implementation.js';
import type { IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions } from '../types.js';
import { POOL_OPS, UNPOOL_OPS } from '../types.js';

/** One call made to an implementation, with private copies of what was passed. */
export interface RecordedCall {
  op: OpName;
  input: Tensor;
  indices?: IndexTensorInput;
  options: PoolOptions | UnpoolOptions;
}

function copyArg<T>(value: T): T {
  const t = value as { shape?: unknown; data?: unknown } | null;
  if (t && typeof t === 'object' && Array.isArray(t.shape) && ArrayBuffer.isView(t.data)) {
    return { ...t, shape: [...t.shape], data: (t.data as unknown as { slice(): unknown }).slice() } as T;
  }
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** `impl`, with every op call appended to `log` (copies taken before the call) and then forwarded. */
export function recordingImplementation(impl: Implementation, log: RecordedCall[]): Implementation {
  const recorded: Implementation = Object.create(impl) as Implementation;
  for (const op of [...POOL_OPS, ...UNPOOL_OPS]) {
    const fn = impl[op] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof fn !== 'function') continue;
    Object.defineProperty(recorded, op, {
      enumerable: true,
      value: (...args: unknown[]) => {
        const unpool = (UNPOOL_OPS as readonly string[]).includes(op);
        log.push({
          op,
          input: copyArg(args[0] as Tensor),
          ...(unpool ? { indices: copyArg(args[1] as IndexTensorInput) } : {}),
          options: copyArg(args[unpool ? 2 : 1] as PoolOptions),
        });
        return fn.apply(impl, args);
      },
    });
  }
  return recorded;
}

/** Budget of a search: at most this many tries, and none started after the deadline. */
export interface SearchBudget {
  maxTries: number;
  /** performance.now() after which no further try starts. */
  deadline: number;
}

export interface SequenceFound<T> {
  calls: T[];
  /** Delta debugging finished: no single call can be left out. */
  minimal: boolean;
  tries: number;
}

/**
 * The shortest sequence of `calls` (kept in order) for which `fails` holds, or undefined when
 * even all of them do not make it fail. `fails` must start from a fresh instance each time.
 * First the shortest failing prefix (binary search), then ddmin (Zeller and Hildebrandt) on it.
 */
export async function shortestFailingSequence<T>(
  calls: readonly T[], fails: (calls: readonly T[]) => Promise<boolean>, budget: SearchBudget,
): Promise<SequenceFound<T> | undefined> {
  let tries = 0;
  const exhausted = (): boolean => tries >= budget.maxTries || performance.now() > budget.deadline;
  const test = async (candidate: readonly T[]): Promise<boolean> => {
    tries++;
    return fails(candidate);
  };
  if (!(await test(calls))) return undefined;
  if (await test([])) return { calls: [], minimal: true, tries };
  let lo = 0;
  let hi = calls.length;
  while (hi - lo > 1) {
    if (exhausted()) return { calls: calls.slice(0, hi), minimal: false, tries };
    const mid = (lo + hi) >> 1;
    if (await test(calls.slice(0, mid))) hi = mid; else lo = mid;
  }
  let current = calls.slice(0, hi);
  let n = 2;
  while (current.length >= 2) {
    const size = Math.ceil(current.length / n);
    const chunks: T[][] = [];
    for (let i = 0; i < current.length; i += size) chunks.push(current.slice(i, i + size));
    let reduced = false;
    for (const chunk of chunks) {
      if (exhausted()) return { calls: current, minimal: false, tries };
      if (chunk.length < current.length && await test(chunk)) {
        current = chunk;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      for (let i = 0; i < chunks.length && chunks.length > 2; i++) {
        if (exhausted()) return { calls: current, minimal: false, tries };
        const complement = chunks.filter((_, j) => j !== i).flat();
        if (await test(complement)) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(n * 2, current.length);
    }
  }
  return { calls: current, minimal: true, tries };
}
