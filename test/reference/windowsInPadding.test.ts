/**
 * With dilation, a window can lie wholly in the padding: it has no taps, so PyTorch reports −inf
 * with its initial index, the flat offset of the (out-of-range) first tap — an index outside the
 * plane. Expectations are PyTorch 1.13's (k2 s1 p1 d3 on a 2-long axis: taps −1 and 2).
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, maxPool3d, maxUnpool1d, maxUnpool2d, maxUnpool3d } from '../../src/index.js';
import { arange, bitsOf, expectPyTorchError, f32, f64, summary } from './helpers.js';

const options = { kernelSize: 2, stride: 1, padding: 1, dilation: 3 };

describe('windows lying wholly in the padding', () => {
  it('1-D [1, 2] → −inf with index 2 (out of range)', () => {
    const result = maxPool1d(f32([1, 1, 2], [1, 2]), options);
    expect(summary(result)).toEqual({ shape: [1, 1, 1], values: [-Infinity], indices: [2] });
    expect(bitsOf(result.values.data)).toEqual([0xff800000]);
  });

  it('2-D 2×2 → −inf with index 6', () => {
    expect(summary(maxPool2d(f32([1, 1, 2, 2], [1, 2, 3, 4]), options)))
      .toEqual({ shape: [1, 1, 1, 1], values: [-Infinity], indices: [6] });
  });

  it('3-D 2×2×2 → −inf with index 14', () => {
    expect(summary(maxPool3d(f32([1, 1, 2, 2, 2], arange(8, 1)), options)))
      .toEqual({ shape: [1, 1, 1, 1, 1], values: [-Infinity], indices: [14] });
  });

  it('the index is per plane: N=2, C=3 gives 6 in every plane', () => {
    expect(summary(maxPool2d(f32([2, 3, 2, 2], arange(24, 1)), options)))
      .toEqual({ shape: [2, 3, 1, 1], values: Array<number>(6).fill(-Infinity), indices: [6, 6, 6, 6, 6, 6] });
  });

  it('float64 → −inf (0xfff0000000000000) with index 6', () => {
    const result = maxPool2d(f64([1, 1, 2, 2], [1, 2, 3, 4]), options);
    expect(summary(result).indices).toEqual([6]);
    expect(bitsOf(result.values.data)).toEqual([0xfff0000000000000n]);
  });
});

describe('unpooling such an index', () => {
  it('with the pool\'s own parameters the default size is 0: an empty result, no index check', () => {
    const { values, indices } = maxPool1d(f32([1, 1, 2], [1, 2]), options);
    const unpooled = maxUnpool1d(values, indices, { kernelSize: 2, stride: 1, padding: 1 });
    expect(unpooled.shape).toEqual([1, 1, 0]);
    expect(unpooled.data).toHaveLength(0);
    expectPyTorchError(() => maxUnpool1d(values, indices, { kernelSize: 2, stride: 1, padding: 1, outputSize: [2] }),
      'invalid output_size "[2]" (dim 0 must be between -1 and 1)', 'ValueError');
  });

  it('into a plane of the input\'s size, the index is rejected (1-D 2, 2-D 6, 3-D 14)', () => {
    const one = maxPool1d(f32([1, 1, 2], [1, 2]), options);
    expectPyTorchError(() => maxUnpool1d(one.values, one.indices, { kernelSize: 2, stride: 1 }),
      'Found an invalid max index: 2 (output volumes are of size 2x1');
    const two = maxPool2d(f32([1, 1, 2, 2], [1, 2, 3, 4]), options);
    expectPyTorchError(() => maxUnpool2d(two.values, two.indices, { kernelSize: 2, stride: 1 }),
      'Found an invalid max index: 6 (output volumes are of size 2x2');
    const three = maxPool3d(f32([1, 1, 2, 2, 2], arange(8, 1)), options);
    expectPyTorchError(() => maxUnpool3d(three.values, three.indices, { kernelSize: 2, stride: 1 }),
      'Found an invalid max index: 14 (output volumes are of size 2x2x2');
  });
});
