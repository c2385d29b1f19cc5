/**
 * The NaN rule: a window holding a NaN returns a NaN, and the LAST NaN in scan order supplies
 * both the index and the exact bits (payload and sign, signalling NaNs included — PyTorch copies
 * the element, it never recomputes it). Expectations are PyTorch 1.13's, with bits read through
 * `t.numpy().view(np.uint32)` (or uint64 for float64).
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, maxPool3d, maxUnpool1d } from '../../src/index.js';
import { bitsOf, f32, f32Bits, f64Bits, indicesOf, int64, summary } from './helpers.js';

const ONE = 0x3f800000;
const TWO = 0x40000000;
const FIVE = 0x40a00000;
const QUIET_NAN = 0x7fc00000;

describe('one NaN', () => {
  it('[1, NaN, 5, 3, 2] → NaN at index 1', () => {
    const result = maxPool1d(f32([1, 1, 5], [1, NaN, 5, 3, 2]), { kernelSize: 5 });
    expect(indicesOf(result)).toEqual([1]);
    expect(bitsOf(result.values.data)).toEqual([QUIET_NAN]);
  });

  it('a NaN followed by larger numbers still wins: [NaN, 5, 7] → index 0', () => {
    expect(summary(maxPool1d(f32([1, 1, 3], [NaN, 5, 7]), { kernelSize: 3 })))
      .toEqual({ shape: [1, 1, 1], values: [NaN], indices: [0] });
  });

  it('NaN beats ±inf: [−inf, NaN, −inf] and [inf, NaN, 1] → index 1', () => {
    expect(indicesOf(maxPool1d(f32([1, 1, 3], [-Infinity, NaN, -Infinity]), { kernelSize: 3 }))).toEqual([1]);
    expect(indicesOf(maxPool1d(f32([1, 1, 3], [Infinity, NaN, 1]), { kernelSize: 3 }))).toEqual([1]);
  });

  it('2-D: every 2×2 window of [[NaN, 1, 2], [3, NaN, 4], [5, 6, 7]] holds the centre NaN → index 4', () => {
    expect(summary(maxPool2d(f32([1, 1, 3, 3], [NaN, 1, 2, 3, NaN, 4, 5, 6, 7]), { kernelSize: 2, stride: 1 })))
      .toEqual({ shape: [1, 1, 2, 2], values: [NaN, NaN, NaN, NaN], indices: [4, 4, 4, 4] });
  });
});

describe('several NaNs: the last in scan order wins', () => {
  it('[1, NaN, 5, NaN, 2] → index 3', () => {
    expect(indicesOf(maxPool1d(f32([1, 1, 5], [1, NaN, 5, NaN, 2]), { kernelSize: 5 }))).toEqual([3]);
  });

  it('[NaN, NaN, NaN] → index 2', () => {
    expect(indicesOf(maxPool1d(f32([1, 1, 3], [NaN, NaN, NaN]), { kernelSize: 3 }))).toEqual([2]);
  });

  it('overlapping, padded windows: [1, NaN, 3, NaN, 0, 9], k3 s2 p1 → indices 1, 3, 3', () => {
    expect(summary(maxPool1d(f32([1, 1, 6], [1, NaN, 3, NaN, 0, 9]), { kernelSize: 3, stride: 2, padding: 1 })))
      .toEqual({ shape: [1, 1, 3], values: [NaN, NaN, NaN], indices: [1, 3, 3] });
  });

  it('float32 payloads: [1, NaN 0x7fc00001, 5, NaN 0xffc00002, 2] → 0xffc00002 at index 3', () => {
    const result = maxPool1d(f32Bits([1, 1, 5], [ONE, 0x7fc00001, FIVE, 0xffc00002, TWO]), { kernelSize: 5 });
    expect(indicesOf(result)).toEqual([3]);
    expect(bitsOf(result.values.data)).toEqual([0xffc00002]);
  });

  it('a signalling NaN keeps its bits: [1, sNaN 0x7f800001, 5, 2] → 0x7f800001 at index 1', () => {
    const result = maxPool1d(f32Bits([1, 1, 4], [ONE, 0x7f800001, FIVE, TWO]), { kernelSize: 4 });
    expect(indicesOf(result)).toEqual([1]);
    expect(bitsOf(result.values.data)).toEqual([0x7f800001]);
  });

  it('a signalling NaN after a quiet one wins: [qNaN 0x7fc00005, 1, sNaN 0x7f800001, 5] → 0x7f800001 at index 2', () => {
    const result = maxPool1d(f32Bits([1, 1, 4], [0x7fc00005, ONE, 0x7f800001, FIVE]), { kernelSize: 4 });
    expect(indicesOf(result)).toEqual([2]);
    expect(bitsOf(result.values.data)).toEqual([0x7f800001]);
  });

  it('2-D: [[sNaN 0x7f800001, 1], [qNaN, −NaN 0xff800002]] → 0xff800002 at index 3', () => {
    const result = maxPool2d(f32Bits([1, 1, 2, 2], [0x7f800001, ONE, QUIET_NAN, 0xff800002]), { kernelSize: 2 });
    expect(indicesOf(result)).toEqual([3]);
    expect(bitsOf(result.values.data)).toEqual([0xff800002]);
  });

  it('3-D: [[[sNaN 0x7f800001, 1], [−NaN 0xff800003, 2]]] → 0xff800003 at index 2', () => {
    const result = maxPool3d(f32Bits([1, 1, 1, 2, 2], [0x7f800001, ONE, 0xff800003, TWO]), { kernelSize: [1, 2, 2] });
    expect(indicesOf(result)).toEqual([2]);
    expect(bitsOf(result.values.data)).toEqual([0xff800003]);
  });

  it('float64 payloads: [1, NaN 0x7ff8000000000001, sNaN 0xfff0000000000002, 2] → 0xfff0000000000002 at index 2', () => {
    const result = maxPool1d(f64Bits([1, 1, 4], [0x3ff0000000000000n, 0x7ff8000000000001n, 0xfff0000000000002n, 0x4000000000000000n]),
      { kernelSize: 4 });
    expect(indicesOf(result)).toEqual([2]);
    expect(bitsOf(result.values.data)).toEqual([0xfff0000000000002n]);
  });

  it('float64 signalling NaN: [1, sNaN 0x7ff0000000000001 | 2, 1], k2 → its bits at index 1', () => {
    const result = maxPool1d(f64Bits([1, 1, 4], [0x3ff0000000000000n, 0x7ff0000000000001n, 0x4000000000000000n, 0x3ff0000000000000n]),
      { kernelSize: 2 });
    expect(indicesOf(result)).toEqual([1, 2]);
    expect(bitsOf(result.values.data)).toEqual([0x7ff0000000000001n, 0x4000000000000000n]);
  });
});

describe('unpool copies NaN bits too', () => {
  it('float32: sNaN 0x7f800001, −NaN 0xffc00123 and −0 land bit for bit', () => {
    const x = f32Bits([1, 1, 3], [0x7f800001, 0xffc00123, 0x80000000]);
    const unpooled = maxUnpool1d(x, int64([1, 1, 3], [1, 2, 5]), { kernelSize: 2 });
    expect(unpooled.shape).toEqual([1, 1, 6]);
    expect(bitsOf(unpooled.data)).toEqual([0, 0x7f800001, 0xffc00123, 0, 0, 0x80000000]);
  });

  it('float64: sNaN 0x7ff0000000000001 and −NaN 0xfff8000000000abc land bit for bit', () => {
    const x = f64Bits([1, 1, 2], [0x7ff0000000000001n, 0xfff8000000000abcn]);
    const unpooled = maxUnpool1d(x, int64([1, 1, 2], [1, 2]), { kernelSize: 2 });
    expect(bitsOf(unpooled.data)).toEqual([0n, 0x7ff0000000000001n, 0xfff8000000000abcn, 0n]);
  });
});
