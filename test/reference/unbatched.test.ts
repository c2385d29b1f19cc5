/**
 * Unbatched input (C, ...spatial) works like a batch of one and keeps its rank.
 * Expectations are PyTorch 1.13's (data: [(i * 37) % n for i in range(n)]).
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, maxPool3d, maxUnpool1d, maxUnpool2d, maxUnpool3d } from '../../src/index.js';
import { f32, int64, permutation, summary, valuesOf } from './helpers.js';

describe('unbatched max pool', () => {
  it('1-D (2, 5), k2 → (2, 2), equal to the batched (1, 2, 5) result', () => {
    const expected = { values: [7, 4, 5, 9], indices: [1, 2, 0, 2] };
    expect(summary(maxPool1d(f32([2, 5], permutation(10)), { kernelSize: 2 }))).toEqual({ shape: [2, 2], ...expected });
    expect(summary(maxPool1d(f32([1, 2, 5], permutation(10)), { kernelSize: 2 }))).toEqual({ shape: [1, 2, 2], ...expected });
  });

  it('2-D (2, 3, 4), k2 s(1, 2) → (2, 2, 2), equal to the batched result', () => {
    const expected = { values: [17, 19, 21, 23, 16, 18, 20, 22], indices: [5, 7, 9, 11, 4, 6, 8, 10] };
    const options = { kernelSize: 2, stride: [1, 2] };
    expect(summary(maxPool2d(f32([2, 3, 4], permutation(24)), options))).toEqual({ shape: [2, 2, 2], ...expected });
    expect(summary(maxPool2d(f32([1, 2, 3, 4], permutation(24)), options))).toEqual({ shape: [1, 2, 2, 2], ...expected });
  });

  it('3-D (3, 2, 3, 4), k2 s(1, 1, 2) → (3, 1, 2, 2), equal to the batched result', () => {
    const expected = {
      values: [53, 55, 57, 59, 65, 67, 69, 71, 64, 66, 68, 70],
      indices: [17, 19, 21, 23, 5, 7, 9, 11, 16, 18, 20, 22],
    };
    const options = { kernelSize: 2, stride: [1, 1, 2] };
    expect(summary(maxPool3d(f32([3, 2, 3, 4], permutation(72)), options))).toEqual({ shape: [3, 1, 2, 2], ...expected });
    expect(summary(maxPool3d(f32([1, 3, 2, 3, 4], permutation(72)), options))).toEqual({ shape: [1, 3, 1, 2, 2], ...expected });
  });
});

describe('unbatched max unpool', () => {
  it('1-D (2, 2) → (2, 4)', () => {
    const unpooled = maxUnpool1d(f32([2, 2], [1, 2, 3, 4]), int64([2, 2], [1, 2, 0, 3]), { kernelSize: 2 });
    expect(unpooled.shape).toEqual([2, 4]);
    expect(valuesOf(unpooled)).toEqual([0, 1, 2, 0, 3, 0, 0, 4]);
  });

  it('2-D (2, 1, 2) → (2, 2, 4)', () => {
    const unpooled = maxUnpool2d(f32([2, 1, 2], [1, 2, 3, 4]), int64([2, 1, 2], [1, 2, 0, 3]), { kernelSize: 2 });
    expect(unpooled.shape).toEqual([2, 2, 4]);
    expect(valuesOf(unpooled)).toEqual([0, 1, 2, 0, 0, 0, 0, 0, 3, 0, 0, 4, 0, 0, 0, 0]);
  });

  it('3-D (2, 1, 1, 2) → (2, 2, 2, 4)', () => {
    const unpooled = maxUnpool3d(f32([2, 1, 1, 2], [1, 2, 3, 4]), int64([2, 1, 1, 2], [1, 2, 0, 15]), { kernelSize: 2 });
    expect(unpooled.shape).toEqual([2, 2, 2, 4]);
    const expected = Array<number>(32).fill(0);
    expected[1] = 1;
    expected[2] = 2;
    expected[16] = 3;
    expected[31] = 4;
    expect(valuesOf(unpooled)).toEqual(expected);
  });
});
