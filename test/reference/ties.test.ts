/**
 * Ties go to the first element in scan order (row-major over the window), and −0 and +0 are a
 * tie, so whichever zero comes first is returned with its sign. Expectations are PyTorch 1.13's.
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d } from '../../src/index.js';
import { bitsOf, f32, f64, summary } from './helpers.js';

describe('ties: the first element in scan order wins', () => {
  it('1-D: [3, 3, 1 | 2, 2, 2], k3 → indices 0 and 3', () => {
    expect(summary(maxPool1d(f32([1, 1, 6], [3, 3, 1, 2, 2, 2]), { kernelSize: 3, stride: 3 })))
      .toEqual({ shape: [1, 1, 2], values: [3, 2], indices: [0, 3] });
  });

  it('1-D overlapping windows: [1, 5, 5, 5, 1], k3 s1 → indices 1, 1, 2', () => {
    expect(summary(maxPool1d(f32([1, 1, 5], [1, 5, 5, 5, 1]), { kernelSize: 3, stride: 1 })))
      .toEqual({ shape: [1, 1, 3], values: [5, 5, 5], indices: [1, 1, 2] });
  });

  it('2-D: the scan is row-major, so the first row\'s tie beats the second row', () => {
    expect(summary(maxPool2d(f32([1, 1, 2, 3], [7, 1, 7, 7, 7, 2]), { kernelSize: [2, 3] })))
      .toEqual({ shape: [1, 1, 1, 1], values: [7], indices: [0] });
    // 9 at (0, 2), (1, 0) and (2, 2): (0, 2) comes first in row-major order.
    expect(summary(maxPool2d(f32([1, 1, 3, 3], [0, 0, 9, 9, 0, 0, 0, 0, 9]), { kernelSize: 3 })))
      .toEqual({ shape: [1, 1, 1, 1], values: [9], indices: [2] });
  });
});

describe('±0 are a tie', () => {
  it('[−0, +0] → −0 at index 0 (Math.max would give +0)', () => {
    const result = maxPool1d(f32([1, 1, 2], [-0, 0]), { kernelSize: 2 });
    expect(bitsOf(result.values.data)).toEqual([0x80000000]);
    expect(summary(result).indices).toEqual([0]);
  });

  it('[+0, −0] → +0 at index 0', () => {
    const result = maxPool1d(f32([1, 1, 2], [0, -0]), { kernelSize: 2 });
    expect(bitsOf(result.values.data)).toEqual([0x00000000]);
    expect(summary(result).indices).toEqual([0]);
  });

  it('float64 [−0, +0] → −0 at index 0', () => {
    const result = maxPool1d(f64([1, 1, 2], [-0, 0]), { kernelSize: 2 });
    expect(bitsOf(result.values.data)).toEqual([0x8000000000000000n]);
    expect(summary(result).indices).toEqual([0]);
  });

  it('[−1, −0, +0, −2] → −0 at index 1', () => {
    const result = maxPool1d(f32([1, 1, 4], [-1, -0, 0, -2]), { kernelSize: 4 });
    expect(bitsOf(result.values.data)).toEqual([0x80000000]);
    expect(summary(result).indices).toEqual([1]);
  });

  it('2-D [[−0, +0], [+0, −0]] → −0 at index 0', () => {
    const result = maxPool2d(f32([1, 1, 2, 2], [-0, 0, 0, -0]), { kernelSize: 2 });
    expect(bitsOf(result.values.data)).toEqual([0x80000000]);
    expect(summary(result).indices).toEqual([0]);
  });
});
