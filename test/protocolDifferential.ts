/**
 * A small differential harness for the protocol tests: random small cases (valid and invalid,
 * with NaN payloads, ±0 and ±inf), each run through the reference and an implementation, and
 * the first difference described in words. Seeded, so a failure names the seed to replay.
 */
import * as reference from '../src/reference/index.js';
import type { Implementation } from '../src/implementation.js';
import type {
  FloatData, IndexTensorInput, PerDim, PoolOptions, Tensor, UnpoolOptions,
} from '../src/types.js';
import { ProtocolError } from '../src/adapters/protocol/index.js';
import { runCase, seededRandom, type ProtocolCase } from '../src/adapters/protocol/throughput.js';

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const integer = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** Mostly small integers (many ties), some ±0, ±inf and NaNs with random payloads and signs. */
function values(random: Random, dtype: 'float32' | 'float64', count: number): FloatData {
  const data = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  const words = new Uint32Array(data.buffer);
  for (let i = 0; i < count; i++) {
    const r = random();
    if (r < 0.06) {
      const sign = random() < 0.5 ? 0x80000000 : 0;
      const payload = integer(random, 1, 0xffff);
      if (dtype === 'float32') words[i] = (sign | 0x7fc00000 | payload) >>> 0;
      else { words[2 * i] = payload; words[2 * i + 1] = (sign | 0x7ff80000) >>> 0; }
    } else if (r < 0.3) {
      data[i] = pick(random, [0, -0, Infinity, -Infinity]);
    } else {
      data[i] = integer(random, -3, 3);
    }
  }
  return data;
}

/** One int for every dim, or one per dim (never a 1-tuple: see the note in poolCase). */
function perDim(random: Random, rank: number, lo: number, hi: number): PerDim {
  return random() < 0.5 ? integer(random, lo, hi) : Array.from({ length: rank }, () => integer(random, lo, hi));
}

/**
 * A pool case; about a fifth are invalid in one way (kernel 0, padding over half the kernel,
 * output too small, wrong rank). Per-dim options are an int or a full tuple: PyTorch's unpool
 * treats a 1-tuple differently from the pool, a separate question from these tests.
 */
export function poolCase(random: Random): ProtocolCase & { op: 'maxPool1d' | 'maxPool2d' | 'maxPool3d' } {
  const rank = integer(random, 1, 3) as 1 | 2 | 3;
  const lead = random() < 0.7 ? [integer(random, 1, 2), integer(random, 1, 2)] : [integer(random, 1, 3)];
  const spatial = Array.from({ length: rank }, () => integer(random, 1, rank === 3 ? 4 : 6));
  const shape = random() < 0.03 ? spatial : [...lead, ...spatial];
  const dtype = random() < 0.5 ? 'float32' : 'float64';
  const options: PoolOptions = { kernelSize: perDim(random, rank, random() < 0.05 ? 0 : 1, 3) };
  if (random() < 0.6) options.stride = perDim(random, rank, 1, 3);
  if (random() < 0.5) options.padding = perDim(random, rank, 0, random() < 0.2 ? 2 : 1);
  if (random() < 0.4) options.dilation = perDim(random, rank, 1, 3);
  if (random() < 0.4) options.ceilMode = true;
  const size = shape.reduce((a, b) => a * b, 1);
  return { op: `maxPool${rank}d` as 'maxPool1d', x: { shape, data: values(random, dtype, size) }, options };
}

/**
 * An unpool case built from a pool case the reference accepts: its values and indices, the
 * pool's kernel, stride and padding, sometimes an explicit output size near the input's, and
 * sometimes indices replaced by arbitrary ones (out of range, duplicates) or narrowed to int32.
 */
export function unpoolCaseFrom(random: Random, pool: ReturnType<typeof poolCase>): ProtocolCase | undefined {
  let pooled;
  try {
    pooled = reference[pool.op](pool.x, pool.options);
  } catch {
    return undefined;
  }
  const rank = Number(pool.op[7]);
  const options: UnpoolOptions = { kernelSize: pool.options.kernelSize };
  if (pool.options.stride !== undefined) options.stride = pool.options.stride;
  if (pool.options.padding !== undefined) options.padding = pool.options.padding;
  if (random() < 0.3) options.outputSize = pool.x.shape.slice(-rank).map((n) => n + integer(random, -1, 1));
  const pooledIndices = Array.from(pooled.indices.data as ArrayLike<number | bigint>, Number);
  let indices: IndexTensorInput = pooled.indices;
  if (random() < 0.2) {
    indices = { shape: indices.shape, data: BigInt64Array.from(pooledIndices, () => BigInt(integer(random, -1, 12))) };
  } else if (random() < 0.04) {
    indices = { shape: indices.shape, data: Int32Array.from(pooledIndices) };
  }
  return { op: `maxUnpool${rank}d` as 'maxUnpool1d', x: pooled.values, indices, options };
}

export function randomCases(seed: number, poolCount: number): ProtocolCase[] {
  const random = seededRandom(seed);
  const cases: ProtocolCase[] = [];
  for (let i = 0; i < poolCount; i++) {
    const pool = poolCase(random);
    cases.push(pool);
    const unpool = unpoolCaseFrom(random, pool);
    if (unpool) cases.push(unpool);
  }
  return cases;
}

// ---------------------------------------------------------------- comparing

type Outcome = { error: Error } | { value: unknown };

async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: error as Error };
  }
}

function bits(data: FloatData): string[] {
  return data instanceof Float64Array
    ? Array.from(new BigUint64Array(data.buffer, data.byteOffset, data.length), (w) => w.toString(16))
    : Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length), (w) => w.toString(16));
}

function firstDifference(what: string, expected: Tensor | IndexTensorInput, actual: Tensor | IndexTensorInput): string | undefined {
  if (expected.shape.join() !== actual.shape.join()) return `${what} shape [${actual.shape}] ≠ reference [${expected.shape}]`;
  const e = expected.data instanceof Float32Array || expected.data instanceof Float64Array
    ? bits(expected.data) : Array.from(expected.data as ArrayLike<number | bigint>, (v) => String(v));
  const a = actual.data instanceof Float32Array || actual.data instanceof Float64Array
    ? bits(actual.data) : Array.from(actual.data as ArrayLike<number | bigint>, (v) => String(v));
  const i = e.findIndex((v, k) => v !== a[k]);
  return i === -1 ? undefined : `${what}[${i}] = ${a[i]} ≠ reference ${e[i]}${what === 'values' ? ' (bits, hex)' : ''}`;
}

/**
 * Runs one case through both; undefined when they agree. `messages`: errors must carry the
 * reference's exact message (an implementation declaring errors: 'pytorch').
 */
export async function differenceFromReference(
  impl: Implementation, testCase: ProtocolCase, { messages }: { messages: boolean },
): Promise<string | undefined> {
  const expected = await outcome(() => runCase(reference as unknown as Implementation, testCase));
  const actual = await outcome(() => runCase(impl, testCase));
  if ('error' in actual && actual.error instanceof ProtocolError) return `protocol fault: ${actual.error.message}`;
  if ('error' in expected && 'error' in actual) {
    return messages && expected.error.message !== actual.error.message
      ? `error message ${JSON.stringify(actual.error.message)} ≠ reference ${JSON.stringify(expected.error.message)}` : undefined;
  }
  if ('error' in expected) return `succeeded, but the reference throws ${JSON.stringify(expected.error.message)}`;
  if ('error' in actual) return `threw ${JSON.stringify(actual.error.message)}, but the reference succeeds`;
  if (testCase.op.startsWith('maxPool')) {
    const e = expected.value as { values: Tensor; indices: IndexTensorInput };
    const a = actual.value as { values: Tensor; indices: IndexTensorInput };
    return firstDifference('values', e.values, a.values) ?? firstDifference('indices', e.indices, a.indices);
  }
  return firstDifference('values', expected.value as Tensor, actual.value as Tensor);
}

/** A case in a form that can be pasted into a bug report. */
export function describeCase(testCase: ProtocolCase): string {
  const data = (d: ArrayLike<number | bigint>) => `[${Array.from(d, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(', ')}]`;
  const x = `{ shape: [${testCase.x.shape}], data: ${testCase.x.data.constructor.name} ${data(testCase.x.data)} }`;
  const indices = 'indices' in testCase
    ? `, { shape: [${testCase.indices.shape}], data: ${testCase.indices.data.constructor.name} ${data(testCase.indices.data)} }` : '';
  return `${testCase.op}(${x}${indices}, ${JSON.stringify(testCase.options)})`;
}

/** Runs every case; returns the disagreements, described, with their cases. */
export async function disagreements(
  impl: Implementation, cases: readonly ProtocolCase[], options: { messages: boolean },
): Promise<string[]> {
  // All at once, so the protocol client can batch them.
  const differences = await Promise.all(cases.map((c) => differenceFromReference(impl, c, options)));
  return differences.flatMap((difference, i) => (difference ? [`${difference}\n    case: ${describeCase(cases[i]!)}`] : []));
}
