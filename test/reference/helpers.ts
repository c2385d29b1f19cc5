/**
 * Small helpers for the reference tests: building tensors, reading results as plain numbers or
 * as raw bits, and checking PyTorch's error messages.
 *
 * Every expected value in test/reference was produced by running the same call in PyTorch 1.13.1
 * (Debian python3-torch, /usr/bin/python3, torch.set_num_threads(1)). Input data is built with
 * integer patterns (below) so that Python and JS construct exactly the same floats.
 */
import { expect } from 'vitest';
import { PoolcheckError } from '../../src/index.js';
import type { FloatData, IndexData, IndexTensorInput, PoolResult, Tensor } from '../../src/index.js';

export function f32(shape: number[], values: readonly number[]): Tensor {
  return { shape, data: Float32Array.from(values) };
}

export function f64(shape: number[], values: readonly number[]): Tensor {
  return { shape, data: Float64Array.from(values) };
}

export function int64(shape: number[], values: readonly number[]): IndexTensorInput {
  return { shape, data: BigInt64Array.from(values, (v) => BigInt(v)) };
}

/** Python: `[(i * 37) % n for i in range(n)]` — distinct integers (n coprime with 37), so no ties. */
export function permutation(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 37) % n);
}

/** Python: `list(range(n))` and `list(range(1, n + 1))`. */
export function arange(n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => i + start);
}

/** A float32 tensor from raw bit patterns (hex), for NaN payloads and signed zeros. */
export function f32Bits(shape: number[], bits: readonly number[]): Tensor {
  return { shape, data: new Float32Array(Uint32Array.from(bits).buffer) };
}

/** A float64 tensor from raw bit patterns. */
export function f64Bits(shape: number[], bits: readonly bigint[]): Tensor {
  return { shape, data: new Float64Array(BigUint64Array.from(bits).buffer) };
}

/** The raw bits of each element, as PyTorch's `t.numpy().view(np.uint32)` shows them. */
export function bitsOf(data: FloatData): number[] | bigint[] {
  if (data instanceof Float64Array) return Array.from(new BigUint64Array(data.buffer, data.byteOffset, data.length));
  return Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length));
}

export function valuesOf(tensor: Tensor): number[] {
  return Array.from(tensor.data);
}

export function indicesOf(result: PoolResult): number[] {
  return Array.from(result.indices.data, (v) => Number(v));
}

/** Shape, values and indices of a pool result in one comparable object. */
export function summary(result: PoolResult): { shape: number[]; values: number[]; indices: number[] } {
  expect(result.indices.shape).toEqual(result.values.shape);
  return { shape: result.values.shape, values: valuesOf(result.values), indices: indicesOf(result) };
}

/** Indices in each of the typed arrays unpool accepts. */
export function asIndexData(kind: 'BigInt64Array' | 'Int32Array' | 'Float64Array', values: readonly number[]): IndexData {
  if (kind === 'BigInt64Array') return BigInt64Array.from(values, (v) => BigInt(v));
  if (kind === 'Int32Array') return Int32Array.from(values);
  return Float64Array.from(values);
}

/**
 * Runs `call` and checks that it throws a PoolcheckError with exactly PyTorch's message and
 * PyTorch's exception class (RuntimeError, ValueError, ...).
 */
export function expectPyTorchError(call: () => unknown, message: string, kind: string = 'RuntimeError'): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected PyTorch's ${kind}: ${message}`).toBeInstanceOf(PoolcheckError);
  const error = thrown as PoolcheckError;
  expect({ kind: error.kind, message: error.message }).toEqual({ kind, message });
}

/**
 * Element-wise equality for large arrays (vitest's deep equality is slow on thousands of
 * elements); a failure names the first differing element. −0 and +0 differ; NaN equals NaN.
 */
export function expectSameElements(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length, 'length').toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect.fail(`element ${i}: got ${String(actual[i])}, expected ${String(expected[i])}`);
    }
  }
}
