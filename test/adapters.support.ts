/** Shared by the adapter tests: inputs whose maxima are unambiguous, and a bitwise comparison. */
import { expect } from 'vitest';
import type { FloatData, IndexTensorInput, Tensor } from '../src/types.js';

/**
 * Distinct positive values in a shuffled order. Adapters are tested for translation only, so
 * their inputs avoid ties, NaN and negatives: what the frameworks do with those is what the
 * conformance suite reports.
 */
export function distinctPositive(shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => i + 1);
  let state = seed >>> 0 || 1;
  for (let i = size - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  const data: FloatData = dtype === 'float64' ? Float64Array.from(values, (v) => v / 8) : Float32Array.from(values, (v) => v / 8);
  return { shape, data };
}

export function indexList(indices: IndexTensorInput): bigint[] {
  return Array.from(indices.data as ArrayLike<number | bigint>, (v) => BigInt(v));
}

function bits(data: FloatData): bigint[] {
  return data instanceof Float64Array
    ? Array.from(new BigUint64Array(data.buffer, data.byteOffset, data.length))
    : Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length), BigInt);
}

export function expectSameTensor(got: Tensor, expected: Tensor): void {
  expect(got.shape).toEqual(expected.shape);
  expect(got.data.constructor).toBe(expected.data.constructor);
  expect(bits(got.data)).toEqual(bits(expected.data));
}

export function expectSamePool(
  got: { values: Tensor; indices: IndexTensorInput },
  expected: { values: Tensor; indices: IndexTensorInput },
): void {
  expectSameTensor(got.values, expected.values);
  expect(got.indices.shape).toEqual(expected.indices.shape);
  expect(indexList(got.indices)).toEqual(indexList(expected.indices));
}
