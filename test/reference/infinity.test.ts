/**
 * ±inf are ordinary values; a window of −inf keeps its first in-range tap (the kernel starts from
 * −inf with the index of the first tap and only moves on a strictly greater value).
 * Expectations are PyTorch 1.13's.
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, maxPool3d } from '../../src/index.js';
import { bitsOf, f32, f64, summary } from './helpers.js';

const inf = Infinity;

describe('+inf', () => {
  it('[inf, 1 | −inf, 2 | 3, inf], k2 → [inf, 2, inf] at 0, 3, 5', () => {
    expect(summary(maxPool1d(f32([1, 1, 6], [inf, 1, -inf, 2, 3, inf]), { kernelSize: 2 })))
      .toEqual({ shape: [1, 1, 3], values: [inf, 2, inf], indices: [0, 3, 5] });
  });

  it('tied +inf keep the first: [1, inf, inf] → index 1', () => {
    expect(summary(maxPool1d(f32([1, 1, 3], [1, inf, inf]), { kernelSize: 3 })))
      .toEqual({ shape: [1, 1, 1], values: [inf], indices: [1] });
  });
});

describe('windows of −inf only', () => {
  it('1-D [−inf × 4], k2 → −inf at the first tap: 0, 2', () => {
    const result = maxPool1d(f32([1, 1, 4], [-inf, -inf, -inf, -inf]), { kernelSize: 2 });
    expect(summary(result)).toEqual({ shape: [1, 1, 2], values: [-inf, -inf], indices: [0, 2] });
    expect(bitsOf(result.values.data)).toEqual([0xff800000, 0xff800000]);
  });

  it('with padding, the first tap inside the input, never the padding: k3 s2 p1 → 0, 1', () => {
    expect(summary(maxPool1d(f32([1, 1, 4], [-inf, -inf, -inf, -inf]), { kernelSize: 3, stride: 2, padding: 1 })))
      .toEqual({ shape: [1, 1, 2], values: [-inf, -inf], indices: [0, 1] });
  });

  it('2-D 3×4 of −inf, k2 s1 p1 → 4×5, each at its first in-range tap', () => {
    const result = maxPool2d(f32([1, 1, 3, 4], Array<number>(12).fill(-inf)), { kernelSize: 2, stride: 1, padding: 1 });
    expect(summary(result)).toEqual({
      shape: [1, 1, 4, 5],
      values: Array<number>(20).fill(-inf),
      indices: [0, 0, 1, 2, 3, 0, 0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 11],
    });
  });

  it('3-D 2×2×2 of −inf, k2 → index 0', () => {
    expect(summary(maxPool3d(f32([1, 1, 2, 2, 2], Array<number>(8).fill(-inf)), { kernelSize: 2 })))
      .toEqual({ shape: [1, 1, 1, 1, 1], values: [-inf], indices: [0] });
  });

  it('float64 [−inf × 4], k2 → −inf (0xfff0000000000000) at 0, 2', () => {
    const result = maxPool1d(f64([1, 1, 4], [-inf, -inf, -inf, -inf]), { kernelSize: 2 });
    expect(summary(result).indices).toEqual([0, 2]);
    expect(bitsOf(result.values.data)).toEqual([0xfff0000000000000n, 0xfff0000000000000n]);
  });
});
