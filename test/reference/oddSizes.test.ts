/**
 * The odd-size story: a 65-long signal (or 65×65 map) pooled with kernel 2, stride 2 gives 32, and
 * the way back up does not land on 65 by itself. Every expectation below is PyTorch 1.13's answer:
 *
 *   x = torch.tensor([float((i * 37) % 65) for i in range(65)]).reshape(1, 1, 65)
 *   v, i = F.max_pool1d(x, 2, 2, return_indices=True)
 *   F.max_unpool1d(v, i, 2, 2)                        # 64 long, no error
 *   F.max_unpool1d(v, i, 2, 2, output_size=[65])      # 65 long, every maximum in place
 */
import { describe, expect, it } from 'vitest';
import {
  convOutputLength, convTransposeOutputLength, maxPool1d, maxPool2d, maxUnpool1d, maxUnpool2d,
} from '../../src/index.js';
import { arange, expectPyTorchError, expectSameElements, f32, permutation, summary, valuesOf } from './helpers.js';

describe('1-D: 65 pooled with kernel 2, stride 2', () => {
  const x = f32([1, 1, 65], permutation(65));
  const pooled = maxPool1d(x, { kernelSize: 2, stride: 2 });

  it('gives 32 outputs; the last input element (index 64) is never looked at', () => {
    expect(summary(pooled)).toEqual({
      shape: [1, 1, 32],
      values: [37, 46, 55, 64, 36, 45, 54, 63, 44, 53, 62, 34, 43, 52, 61, 42, 51, 60, 32, 41, 50, 59, 40, 49, 58, 30, 39, 48, 57, 38, 47, 56],
      indices: [1, 3, 5, 7, 8, 10, 12, 14, 17, 19, 21, 22, 24, 26, 28, 31, 33, 35, 36, 38, 40, 42, 45, 47, 49, 50, 52, 54, 56, 59, 61, 63],
    });
  });

  it('the default unpool gives 64 (one short) without an error', () => {
    const unpooled = maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2 });
    expect(unpooled.shape).toEqual([1, 1, 64]);
    expect(valuesOf(unpooled)).toEqual([
      0, 37, 0, 46, 0, 55, 0, 64, 36, 0, 45, 0, 54, 0, 63, 0, 0, 44, 0, 53, 0, 62, 34, 0, 43, 0, 52, 0, 61, 0, 0, 42,
      0, 51, 0, 60, 32, 0, 41, 0, 50, 0, 59, 0, 0, 40, 0, 49, 0, 58, 30, 0, 39, 0, 48, 0, 57, 0, 0, 38, 0, 47, 0, 56,
    ]);
  });

  it('outputSize [65] (or [N, C, 65]) restores every maximum in place, with the last element 0', () => {
    const byDefault = maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2 });
    for (const outputSize of [[65], [1, 1, 65]]) {
      const restored = maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2, outputSize });
      expect(restored.shape).toEqual([1, 1, 65]);
      expect(valuesOf(restored)).toEqual([...valuesOf(byDefault), 0]);
      for (const index of pooled.indices.data) expect(restored.data[Number(index)]).toBe(x.data[Number(index)]);
      expect(valuesOf(restored).filter((v) => v !== 0)).toHaveLength(32);
    }
  });

  it('accepts outputSize 63..65 only; 63 passes the range check but index 63 was selected', () => {
    const unpool = (size: number) => () => maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2, outputSize: [size] });
    expectPyTorchError(unpool(62), 'invalid output_size "[62]" (dim 0 must be between 62 and 66)', 'ValueError');
    expectPyTorchError(unpool(66), 'invalid output_size "[66]" (dim 0 must be between 62 and 66)', 'ValueError');
    expectPyTorchError(unpool(63), 'Found an invalid max index: 63 (output volumes are of size 63x1');
    expect(unpool(64)().shape).toEqual([1, 1, 64]);
  });

  it('in ceil mode gives 33 (the last window holds index 64 alone); the default unpool gives 66', () => {
    const ceil = maxPool1d(x, { kernelSize: 2, stride: 2, ceilMode: true });
    expect(ceil.values.shape).toEqual([1, 1, 33]);
    expect(Number(ceil.indices.data[32])).toBe(64);
    expect(maxUnpool1d(ceil.values, ceil.indices, { kernelSize: 2, stride: 2 }).shape).toEqual([1, 1, 66]);
    expect(maxUnpool1d(ceil.values, ceil.indices, { kernelSize: 2, stride: 2, outputSize: [65] }).shape).toEqual([1, 1, 65]);
  });
});

describe('1-D: with padding the default unpool can be too small, depending on the data (L=5, k2, s2, p1)', () => {
  it('x = [0, 1, 2, 3, 4]: index 4 is selected and the default size 4 fails', () => {
    const pooled = maxPool1d(f32([1, 1, 5], [0, 1, 2, 3, 4]), { kernelSize: 2, stride: 2, padding: 1 });
    expect(summary(pooled)).toEqual({ shape: [1, 1, 3], values: [0, 2, 4], indices: [0, 2, 4] });
    expectPyTorchError(() => maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2, padding: 1 }),
      'Found an invalid max index: 4 (output volumes are of size 4x1');
    expect(valuesOf(maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2, padding: 1, outputSize: [5] })))
      .toEqual([0, 0, 2, 0, 4]);
  });

  it('x = [0, 1, 2, 4, 3]: index 3 is selected and the default size 4 works', () => {
    const pooled = maxPool1d(f32([1, 1, 5], [0, 1, 2, 4, 3]), { kernelSize: 2, stride: 2, padding: 1 });
    expect(summary(pooled)).toEqual({ shape: [1, 1, 3], values: [0, 2, 4], indices: [0, 2, 3] });
    expect(valuesOf(maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2, padding: 1 }))).toEqual([0, 0, 2, 4]);
    expect(valuesOf(maxUnpool1d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2, padding: 1, outputSize: [5] })))
      .toEqual([0, 0, 2, 4, 0]);
  });
});

describe('2-D: 65×65 pooled with kernel 2, stride 2', () => {
  // x = torch.arange(65 * 65.).reshape(1, 1, 65, 65): each window's maximum is its bottom-right element.
  const x = f32([1, 1, 65, 65], arange(65 * 65));
  const pooled = maxPool2d(x, { kernelSize: 2, stride: 2 });

  it('gives 32×32, with indices flattened using the input\'s row length 65', () => {
    expect(pooled.values.shape).toEqual([1, 1, 32, 32]);
    expect(Array.from(pooled.indices.data.slice(0, 3), Number)).toEqual([66, 68, 70]);
    expect(Number(pooled.indices.data[32 * 32 - 1])).toBe(4158);
  });

  it('the default unpool (64×64) fails, naming the last invalid index', () => {
    expectPyTorchError(() => maxUnpool2d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2 }),
      'Found an invalid max index: 4158 (output volumes are of size 64x64');
  });

  it('when every index happens to fit, the default unpool puts maxima in the wrong rows', () => {
    // -x: each window's maximum is its top-left element. Flat index 130 is row 2, column 0 of the
    // 65-wide input, but row 2, column 2 of the 64-wide output.
    const negated = f32([1, 1, 65, 65], arange(65 * 65).map((v) => -v));
    const { values, indices } = maxPool2d(negated, { kernelSize: 2, stride: 2 });
    expect(Math.max(...Array.from(indices.data, Number))).toBe(4092);
    const unpooled = maxUnpool2d(values, indices, { kernelSize: 2, stride: 2 });
    expect(unpooled.shape).toEqual([1, 1, 64, 64]);
    expect(unpooled.data[2 * 64 + 2]).toBe(-130);
    expect(unpooled.data[2 * 64 + 0]).toBe(0);
  });

  it('outputSize [65, 65] (or [1, 1, 65, 65]) restores every maximum in place', () => {
    for (const outputSize of [[65, 65], [1, 1, 65, 65]]) {
      const restored = maxUnpool2d(pooled.values, pooled.indices, { kernelSize: 2, stride: 2, outputSize });
      expect(restored.shape).toEqual([1, 1, 65, 65]);
      const expected = new Float32Array(65 * 65);
      for (const index of pooled.indices.data) expected[Number(index)] = x.data[Number(index)]!;
      expectSameElements(restored.data, expected);
      expect(valuesOf(restored).filter((v) => v !== 0)).toHaveLength(1024);
    }
  });
});

describe('the convolution side of the story', () => {
  it('conv k3 s2 p1 takes 65 to 33', () => {
    expect(convOutputLength(65, { kernelSize: 3, stride: 2, padding: 1 })).toBe(33);
  });

  it('transposed conv k4 s2 p1 takes 33 to 66, one more than 65', () => {
    expect(convTransposeOutputLength(33, { kernelSize: 4, stride: 2, padding: 1 })).toBe(66);
  });

  it('transposed conv k3 s2 p1 takes 33 to 65, or 66 with output_padding 1', () => {
    expect(convTransposeOutputLength(33, { kernelSize: 3, stride: 2, padding: 1 })).toBe(65);
    expect(convTransposeOutputLength(33, { kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 })).toBe(66);
  });
});
