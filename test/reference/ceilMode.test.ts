/**
 * Ceil mode adds a last, partial window, except when that window would start in the right
 * padding: then it is dropped. Expectations are PyTorch 1.13's.
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, poolOutputLength } from '../../src/index.js';
import { arange, f32, summary } from './helpers.js';

describe('ceil mode', () => {
  it('L=5, k2 s2 p1: ceil gives 3, not 4 — the 4th window would start at 5, in the right padding', () => {
    const x = f32([1, 1, 5], [0, 1, 2, 3, 4]);
    const expected = { shape: [1, 1, 3], values: [0, 2, 4], indices: [0, 2, 4] };
    expect(summary(maxPool1d(x, { kernelSize: 2, stride: 2, padding: 1, ceilMode: true }))).toEqual(expected);
    expect(summary(maxPool1d(x, { kernelSize: 2, stride: 2, padding: 1 }))).toEqual(expected);
    expect(poolOutputLength(5, { kernelSize: 2, stride: 2, padding: 1, ceilMode: true })).toBe(3);
  });

  it('L=5, k2 s2: ceil adds a last window holding only index 4', () => {
    expect(summary(maxPool1d(f32([1, 1, 5], [0, 1, 2, 3, 4]), { kernelSize: 2, stride: 2, ceilMode: true })))
      .toEqual({ shape: [1, 1, 3], values: [1, 3, 4], indices: [1, 3, 4] });
    expect(maxPool1d(f32([1, 1, 5], [0, 1, 2, 3, 4]), { kernelSize: 2, stride: 2 }).values.shape).toEqual([1, 1, 2]);
  });

  it('L=6, k3 s2 p1: ceil gives 4; the last window starts at 5 (inside the input) and holds index 5 alone', () => {
    expect(summary(maxPool1d(f32([1, 1, 6], [5, 4, 3, 2, 1, 0]), { kernelSize: 3, stride: 2, padding: 1, ceilMode: true })))
      .toEqual({ shape: [1, 1, 4], values: [5, 4, 2, 0], indices: [0, 1, 3, 5] });
  });

  it('L=6, k2 s2: when the windows fit exactly, ceil changes nothing', () => {
    expect(summary(maxPool1d(f32([1, 1, 6], arange(6)), { kernelSize: 2, stride: 2, ceilMode: true })))
      .toEqual({ shape: [1, 1, 3], values: [1, 3, 5], indices: [1, 3, 5] });
  });

  it('2-D 5×4, k2 s2 p(1, 0): the drop rule applies per axis → 3×2', () => {
    expect(summary(maxPool2d(f32([1, 1, 5, 4], arange(20)), { kernelSize: 2, stride: 2, padding: [1, 0], ceilMode: true }))).toEqual({
      shape: [1, 1, 3, 2],
      values: [1, 3, 9, 11, 17, 19],
      indices: [1, 3, 9, 11, 17, 19],
    });
  });
});
