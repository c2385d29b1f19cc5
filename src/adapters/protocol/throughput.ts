/**
 * How many small cases per second an implementation answers, for the benchmark and the
 * protocol tests. Cases are issued with many calls outstanding, which is what lets the
 * protocol client pack them into batches; `concurrency: 1` measures one round trip per case.
 */
import type { Implementation } from '../../implementation.js';
import type {
  IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions,
} from '../../types.js';
import { isProtocolError } from './errors.js';

export type ProtocolCase =
  | { op: 'maxPool1d' | 'maxPool2d' | 'maxPool3d'; x: Tensor; options: PoolOptions }
  | { op: 'maxUnpool1d' | 'maxUnpool2d' | 'maxUnpool3d'; x: Tensor; indices: IndexTensorInput; options: UnpoolOptions };

export interface Throughput {
  cases: number;
  seconds: number;
  casesPerSecond: number;
  /** Cases the implementation rejected with its own error (an answer, just not a tensor). */
  rejected: number;
  /** Cases lost to a protocol fault (crash, timeout, malformed answer). */
  faults: number;
}

export function runCase(impl: Implementation, testCase: ProtocolCase): Promise<unknown> {
  const fn = impl[testCase.op as OpName] as ((...args: unknown[]) => unknown) | undefined;
  if (!fn) return Promise.reject(new Error(`${impl.name ?? 'implementation'} has no ${testCase.op}`));
  const args = 'indices' in testCase ? [testCase.x, testCase.indices, testCase.options] : [testCase.x, testCase.options];
  return Promise.resolve().then(() => fn.apply(impl, args));
}

export async function measureThroughput(
  impl: Implementation,
  cases: readonly ProtocolCase[],
  { concurrency = 256 }: { concurrency?: number } = {},
): Promise<Throughput> {
  let next = 0;
  let rejected = 0;
  let faults = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < cases.length) {
      const testCase = cases[next++]!;
      try {
        await runCase(impl, testCase);
      } catch (error) {
        if (isProtocolError(error)) faults++;
        else rejected++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, cases.length)) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { cases: cases.length, seconds, casesPerSecond: cases.length / seconds, rejected, faults };
}

/**
 * Deterministic small cases across all six ops (a few dozen elements each), the size the
 * property suite mostly generates.
 */
export function smallPoolCases(count: number, seed = 1): ProtocolCase[] {
  const random = seededRandom(seed);
  const integer = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const tensor = (shape: number[]): Tensor => {
    const size = shape.reduce((a, b) => a * b, 1);
    return { shape, data: Float32Array.from({ length: size }, () => integer(-8, 8)) };
  };
  const cases: ProtocolCase[] = [];
  for (let i = 0; i < count; i++) {
    const rank = (i % 3) + 1;
    const spatial = Array.from({ length: rank }, () => integer(2, rank === 3 ? 4 : 6));
    if (i % 2 === 0) {
      cases.push({
        op: `maxPool${rank}d` as 'maxPool1d',
        x: tensor([1, 2, ...spatial]),
        options: { kernelSize: 2, stride: integer(1, 2), padding: integer(0, 1), ceilMode: random() < 0.5 },
      });
    } else {
      // Unpool with kernel 2: every index below 2^rank * input plane size is in range.
      const planeSize = spatial.reduce((a, b) => a * b, 1) * 2 ** rank;
      const x = tensor([1, 2, ...spatial]);
      const indices = BigInt64Array.from({ length: x.data.length }, () => BigInt(integer(0, planeSize - 1)));
      cases.push({ op: `maxUnpool${rank}d` as 'maxUnpool1d', x, indices: { shape: x.shape, data: indices }, options: { kernelSize: 2 } });
    }
  }
  return cases;
}

/** mulberry32: a small seeded generator of numbers in [0, 1), so the cases are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
