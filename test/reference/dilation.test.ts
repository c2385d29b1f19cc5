/**
 * Dilation: a window's taps are d apart, per axis; with padding, the first tap is the window
 * start stepped up by d until it is inside the input. Expectations are PyTorch 1.13's.
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, maxPool3d } from '../../src/index.js';
import { f32, permutation, summary } from './helpers.js';

const signal = [1, 9, 2, 8, 3, 7, 4];

describe('dilation', () => {
  it('1-D k3 s1 d2 reads every other element: [1, 9, 2, 8, 3, 7, 4] → [3, 9, 4] at 4, 1, 6', () => {
    expect(summary(maxPool1d(f32([1, 1, 7], signal), { kernelSize: 3, stride: 1, dilation: 2 })))
      .toEqual({ shape: [1, 1, 3], values: [3, 9, 4], indices: [4, 1, 6] });
  });

  it('1-D k3 s2 p1 d2: the first window\'s taps are −1 (padding), 1 and 3 → [9, 9, 8] at 1, 1, 3', () => {
    expect(summary(maxPool1d(f32([1, 1, 7], signal), { kernelSize: 3, stride: 2, padding: 1, dilation: 2 })))
      .toEqual({ shape: [1, 1, 3], values: [9, 9, 8], indices: [1, 1, 3] });
  });

  it('2-D with a different dilation per axis, (2, 3), on 5×5', () => {
    expect(summary(maxPool2d(f32([1, 1, 5, 5], permutation(25)), { kernelSize: 2, stride: 1, dilation: [2, 3] }))).toEqual({
      shape: [1, 1, 3, 2],
      values: [20, 23, 21, 22, 20, 18],
      indices: [10, 4, 8, 6, 10, 14],
    });
  });

  it('3-D with a different dilation per axis, (1, 2, 3), on 3×4×4', () => {
    expect(summary(maxPool3d(f32([1, 1, 3, 4, 4], permutation(48)), { kernelSize: 2, stride: 1, dilation: [1, 2, 3] }))).toEqual({
      shape: [1, 1, 2, 2, 1],
      values: [39, 43, 47, 44],
      indices: [27, 31, 35, 44],
    });
  });
});
