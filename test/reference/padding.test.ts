/**
 * Padding cells are never read: an all-negative input keeps its negative maxima (a padding read
 * as 0 would win), and indices always point into the input. Expectations are PyTorch 1.13's.
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d } from '../../src/index.js';
import { arange, f32, summary } from './helpers.js';

describe('padding is never selected', () => {
  it('1-D [−5, −4, −3, −2, −1], k3 s2 p1 → [−4, −2, −1] at 1, 3, 4', () => {
    expect(summary(maxPool1d(f32([1, 1, 5], [-5, -4, -3, -2, -1]), { kernelSize: 3, stride: 2, padding: 1 })))
      .toEqual({ shape: [1, 1, 3], values: [-4, -2, -1], indices: [1, 3, 4] });
  });

  it('1-D at the limit p = k/2: [−1, −2, −3, −4], k2 p1 → [−1, −2, −4] at 0, 1, 3', () => {
    expect(summary(maxPool1d(f32([1, 1, 4], [-1, -2, -3, -4]), { kernelSize: 2, padding: 1 })))
      .toEqual({ shape: [1, 1, 3], values: [-1, -2, -4], indices: [0, 1, 3] });
  });

  it('2-D 3×3 of −9..−1, k3 s1 p1 keeps the shape and every value negative', () => {
    expect(summary(maxPool2d(f32([1, 1, 3, 3], arange(9, -9)), { kernelSize: 3, stride: 1, padding: 1 }))).toEqual({
      shape: [1, 1, 3, 3],
      values: [-5, -4, -4, -2, -1, -1, -2, -1, -1],
      indices: [4, 5, 5, 7, 8, 8, 7, 8, 8],
    });
  });

  it('per-axis padding: 3×4 of 0..11, k (3, 2), s (2, 1), p (1, 0) → 2×3', () => {
    expect(summary(maxPool2d(f32([1, 1, 3, 4], arange(12)), { kernelSize: [3, 2], stride: [2, 1], padding: [1, 0] }))).toEqual({
      shape: [1, 1, 2, 3],
      values: [5, 6, 7, 9, 10, 11],
      indices: [5, 6, 7, 9, 10, 11],
    });
  });
});
