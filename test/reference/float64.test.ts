/**
 * float64 is pooled in float64: values that float32 would round together stay apart, and every
 * value is copied bit for bit. Expectations are PyTorch 1.13's.
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, maxUnpool2d } from '../../src/index.js';
import { bitsOf, f32, f32Bits, f64, int64, summary } from './helpers.js';

// 1 + 2⁻⁵², 1 + 2⁻⁵¹ | 1e300, 1e308 | −1e308, 1e−320 (subnormal)
const data = [1.0000000000000002, 1.0000000000000004, 1e300, 1e308, -1e308, 1e-320];

describe('float64', () => {
  it('keeps close, huge and subnormal values apart, and returns a Float64Array', () => {
    const result = maxPool1d(f64([1, 1, 6], data), { kernelSize: 2 });
    expect(result.values.data).toBeInstanceOf(Float64Array);
    expect(summary(result)).toEqual({ shape: [1, 1, 3], values: [1.0000000000000004, 1e308, 1e-320], indices: [1, 3, 5] });
    expect(bitsOf(result.values.data)).toEqual([0x3ff0000000000002n, 0x7fe1ccf385ebc8a0n, 0x7e8n]);
  });

  it('the same data in float32 rounds into ties (1, 1 and inf, inf) and picks other indices', () => {
    const result = maxPool1d(f32([1, 1, 6], data), { kernelSize: 2 });
    expect(result.values.data).toBeInstanceOf(Float32Array);
    expect(summary(result)).toEqual({ shape: [1, 1, 3], values: [1, Infinity, 0], indices: [0, 2, 5] });
  });

  it('subnormals: float64 [5e−324, 0, −5e−324] → 5e−324 at 0; float32 bits [1, 0, 0x80000001] → bits 1 at 0', () => {
    const wide = maxPool1d(f64([1, 1, 3], [5e-324, 0, -5e-324]), { kernelSize: 3 });
    expect(bitsOf(wide.values.data)).toEqual([1n]);
    expect(summary(wide).indices).toEqual([0]);
    const narrow = maxPool1d(f32Bits([1, 1, 3], [0x00000001, 0x00000000, 0x80000001]), { kernelSize: 3 });
    expect(bitsOf(narrow.values.data)).toEqual([1]);
    expect(summary(narrow).indices).toEqual([0]);
  });

  it('N=3, C=2 in float64 with padding and dilation', () => {
    const n = 54;
    const x = f64([3, 2, 9], Array.from({ length: n }, (_, i) => (i * 37) % n));
    expect(summary(maxPool1d(x, { kernelSize: 3, stride: 2, padding: 1, dilation: 2 }))).toEqual({
      shape: [3, 2, 4],
      values: [37, 37, 43, 43, 46, 46, 52, 52, 21, 41, 41, 41, 30, 50, 50, 50, 39, 39, 39, 25, 48, 48, 48, 34],
      indices: [1, 1, 7, 7, 1, 1, 7, 7, 3, 5, 5, 5, 3, 5, 5, 5, 3, 3, 3, 7, 3, 3, 3, 7],
    });
  });

  it('unpool keeps float64 values exact: 1 + 2⁻⁵² lands as 0x3ff0000000000001', () => {
    const unpooled = maxUnpool2d(f64([1, 1, 2, 2], [1.0000000000000002, 2, 3, 4]), int64([1, 1, 2, 2], [0, 4, 10, 14]),
      { kernelSize: 2, outputSize: [3, 5] });
    expect(unpooled.data).toBeInstanceOf(Float64Array);
    expect(unpooled.shape).toEqual([1, 1, 3, 5]);
    expect(bitsOf(unpooled.data)).toEqual([
      0x3ff0000000000001n, 0n, 0n, 0n, 0x4000000000000000n,
      0n, 0n, 0n, 0n, 0n,
      0x4008000000000000n, 0n, 0n, 0n, 0x4010000000000000n,
    ]);
  });

  it('2-D float64 and float32 agree on data both represent exactly: 4×4, k3 s2 p1', () => {
    const values = Array.from({ length: 16 }, (_, i) => (i * 37) % 16);
    const options = { kernelSize: 3, stride: 2, padding: 1 };
    const expected = { shape: [1, 1, 2, 2], values: [9, 15, 13, 14], indices: [5, 3, 9, 6] };
    expect(summary(maxPool2d(f64([1, 1, 4, 4], values), options))).toEqual(expected);
    expect(summary(maxPool2d(f32([1, 1, 4, 4], values), options))).toEqual(expected);
  });
});
