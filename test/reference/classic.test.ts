/**
 * The classic 4×4 example: values 1..16, kernel 2, stride 2.
 *
 * PyTorch:
 *   x = torch.arange(1., 17.).reshape(1, 1, 4, 4)
 *   v, i = F.max_pool2d(x, 2, 2, return_indices=True)   # [[6, 8], [14, 16]], [[5, 7], [13, 15]]
 *   F.max_unpool2d(v, i, 2, 2)                           # the maxima in place, zeros elsewhere
 */
import { describe, expect, it } from 'vitest';
import { maxPool2d, maxPool3d, maxUnpool2d } from '../../src/index.js';
import { arange, f32, f64, summary, valuesOf } from './helpers.js';

const x = f32([1, 1, 4, 4], arange(16, 1));

describe('the classic 4×4 example (1..16, kernel 2, stride 2)', () => {
  it('max pools to [[6, 8], [14, 16]] with indices [[5, 7], [13, 15]]', () => {
    expect(summary(maxPool2d(x, { kernelSize: 2, stride: 2 }))).toEqual({
      shape: [1, 1, 2, 2],
      values: [6, 8, 14, 16],
      indices: [5, 7, 13, 15],
    });
  });

  it('returns values in the input\'s array type and indices as BigInt64Array', () => {
    const result = maxPool2d(x, { kernelSize: 2 });
    expect(result.values.data).toBeInstanceOf(Float32Array);
    expect(result.indices.data).toBeInstanceOf(BigInt64Array);
    expect(Array.from(result.indices.data)).toEqual([5n, 7n, 13n, 15n]);
  });

  it('stride defaults to the kernel size', () => {
    expect(summary(maxPool2d(x, { kernelSize: 2 }))).toEqual(summary(maxPool2d(x, { kernelSize: 2, stride: 2 })));
    expect(summary(maxPool2d(x, { kernelSize: [2, 2], stride: [] }))).toEqual(summary(maxPool2d(x, { kernelSize: 2, stride: 2 })));
  });

  it('a one-element kernel or stride applies to every axis: k [2], s [1] → 3×3', () => {
    expect(summary(maxPool2d(x, { kernelSize: [2], stride: [1] }))).toEqual({
      shape: [1, 1, 3, 3],
      values: [6, 7, 8, 10, 11, 12, 14, 15, 16],
      indices: [5, 6, 7, 9, 10, 11, 13, 14, 15],
    });
    expect(summary(maxPool3d(f32([1, 1, 2, 2, 2], arange(8, 1)), { kernelSize: [2] })))
      .toEqual({ shape: [1, 1, 1, 1, 1], values: [8], indices: [7] });
  });

  it('unpools to the maxima in place and zeros elsewhere', () => {
    const { values, indices } = maxPool2d(x, { kernelSize: 2, stride: 2 });
    const unpooled = maxUnpool2d(values, indices, { kernelSize: 2, stride: 2 });
    expect(unpooled.shape).toEqual([1, 1, 4, 4]);
    expect(unpooled.data).toBeInstanceOf(Float32Array);
    expect(valuesOf(unpooled)).toEqual([
      0, 0, 0, 0,
      0, 6, 0, 8,
      0, 0, 0, 0,
      0, 14, 0, 16,
    ]);
  });

  it('gives the same answer in float64, as Float64Array', () => {
    const result = maxPool2d(f64([1, 1, 4, 4], arange(16, 1)), { kernelSize: 2, stride: 2 });
    expect(result.values.data).toBeInstanceOf(Float64Array);
    expect(summary(result)).toEqual({ shape: [1, 1, 2, 2], values: [6, 8, 14, 16], indices: [5, 7, 13, 15] });
    const unpooled = maxUnpool2d(result.values, result.indices, { kernelSize: 2 });
    expect(unpooled.data).toBeInstanceOf(Float64Array);
    expect(valuesOf(unpooled)).toEqual([0, 0, 0, 0, 0, 6, 0, 8, 0, 0, 0, 0, 0, 14, 0, 16]);
  });
});
