/**
 * N > 1 and C > 1 with a different kernel, stride, padding and dilation per axis: degenerate
 * N = C = 1 shapes and symmetric parameters hide plane-offset bugs and swapped axes. Indices are
 * flat offsets within each (n, c) plane. Expectations are PyTorch 1.13's, on
 * x = torch.tensor([float((i * 37) % n) for i in range(n)]).reshape(shape) (all values distinct).
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, maxPool3d, maxUnpool2d } from '../../src/index.js';
import { expectPyTorchError, expectSameElements, f32, permutation, summary, valuesOf } from './helpers.js';

describe('N > 1, C > 1, asymmetric per-axis parameters', () => {
  it('1-D (3, 2, 9), k3 s2 p1 d2', () => {
    expect(summary(maxPool1d(f32([3, 2, 9], permutation(54)), { kernelSize: 3, stride: 2, padding: 1, dilation: 2 }))).toEqual({
      shape: [3, 2, 4],
      values: [37, 37, 43, 43, 46, 46, 52, 52, 21, 41, 41, 41, 30, 50, 50, 50, 39, 39, 39, 25, 48, 48, 48, 34],
      indices: [1, 1, 7, 7, 1, 1, 7, 7, 3, 5, 5, 5, 3, 5, 5, 5, 3, 3, 3, 7, 3, 3, 3, 7],
    });
  });

  it('2-D (2, 3, 5, 7), k (2, 3), s (1, 2), p (1, 0), d (1, 2)', () => {
    const x = f32([2, 3, 5, 7], permutation(210));
    expect(summary(maxPool2d(x, { kernelSize: [2, 3], stride: [1, 2], padding: [1, 0], dilation: [1, 2] }))).toEqual({
      shape: [2, 3, 6, 2],
      values: [
        148, 148, 197, 197, 197, 197, 172, 172, 196, 208, 196, 208, 183, 183, 183, 183, 207, 207, 207, 207, 182, 194, 169, 169,
        144, 144, 193, 193, 193, 193, 168, 180, 204, 204, 204, 204, 179, 179, 179, 179, 203, 166, 203, 190, 190, 190, 165, 165,
        140, 152, 189, 201, 189, 201, 176, 176, 200, 200, 200, 200, 175, 187, 175, 187, 162, 162, 186, 186, 186, 186, 161, 173,
      ],
      indices: [
        4, 4, 11, 11, 11, 11, 16, 16, 28, 34, 28, 34, 4, 4, 4, 4, 16, 16, 16, 16, 21, 27, 32, 32,
        2, 2, 9, 9, 9, 9, 14, 20, 32, 32, 32, 32, 2, 2, 2, 2, 14, 13, 14, 25, 25, 25, 30, 30,
        0, 6, 7, 13, 7, 13, 18, 18, 30, 30, 30, 30, 0, 6, 0, 6, 11, 11, 23, 23, 23, 23, 28, 34,
      ],
    });
  });

  it('2-D (2, 3, 5, 7) in ceil mode, k (3, 2), s (2, 3), p (1, 1), d (2, 1)', () => {
    const x = f32([2, 3, 5, 7], permutation(210));
    expect(summary(maxPool2d(x, { kernelSize: [3, 2], stride: [2, 3], padding: [1, 1], dilation: [2, 1], ceilMode: true }))).toEqual({
      shape: [2, 3, 2, 3],
      values: [
        147, 160, 159, 147, 160, 159, 182, 195, 194, 182, 195, 194, 119, 193, 192, 119, 193, 192,
        154, 153, 166, 154, 153, 166, 189, 188, 201, 189, 188, 201, 112, 186, 199, 112, 186, 199,
      ],
      indices: [
        21, 10, 27, 21, 10, 27, 21, 10, 27, 21, 10, 27, 7, 9, 26, 7, 9, 26,
        7, 24, 13, 7, 24, 13, 7, 24, 13, 7, 24, 13, 21, 23, 12, 21, 23, 12,
      ],
    });
  });

  it('3-D (2, 2, 3, 4, 5), k (1, 2, 3), s (1, 2, 2), p (0, 1, 1), d (2, 1, 1)', () => {
    const x = f32([2, 2, 3, 4, 5], permutation(240));
    expect(summary(maxPool3d(x, { kernelSize: [1, 2, 3], stride: [1, 2, 2], padding: [0, 1, 1], dilation: [2, 1, 1] }))).toEqual({
      shape: [2, 2, 3, 3, 3],
      values: [
        37, 111, 148, 222, 222, 93, 112, 186, 223, 57, 131, 168, 205, 224, 113, 132, 206, 206, 77, 151, 188, 225, 207, 133, 152, 226, 226,
        97, 171, 208, 227, 227, 153, 172, 209, 43, 117, 191, 228, 210, 136, 173, 192, 229, 63, 137, 211, 211, 230, 156, 193, 212, 212, 83,
        157, 231, 231, 102, 176, 213, 232, 232, 103, 177, 214, 48, 122, 196, 233, 215, 86, 123, 197, 234, 68, 142, 216, 216, 235, 106, 143,
        217, 217, 88, 162, 236, 236, 52, 126, 163, 237, 237, 108, 182, 219, 238, 72, 146, 183, 220, 91, 128, 202, 239, 221, 92, 166, 203,
      ],
      indices: [
        1, 3, 4, 6, 6, 9, 16, 18, 19, 21, 23, 24, 25, 32, 29, 36, 38, 38, 41, 43, 44, 45, 51, 49, 56, 58, 58,
        1, 3, 4, 11, 11, 9, 16, 17, 19, 21, 23, 24, 30, 28, 29, 36, 37, 39, 41, 43, 43, 50, 48, 49, 56, 56, 59,
        1, 3, 3, 6, 8, 9, 16, 16, 19, 21, 22, 24, 26, 28, 29, 35, 38, 39, 41, 42, 44, 46, 48, 48, 55, 58, 59,
        1, 1, 4, 6, 8, 8, 16, 18, 19, 21, 21, 24, 26, 27, 34, 36, 38, 39, 40, 43, 44, 46, 47, 53, 56, 58, 59,
      ],
    });
  });
});

describe('round trip with N > 1, C > 1: (2, 3, 5, 7), k (2, 3), s 2, p 1', () => {
  const x = f32([2, 3, 5, 7], permutation(210));
  const options = { kernelSize: [2, 3], stride: 2, padding: 1 };
  const pooled = maxPool2d(x, options);

  it('pools to (2, 3, 3, 4) with per-plane indices', () => {
    expect(summary(pooled)).toEqual({
      shape: [2, 3, 3, 4],
      values: [
        37, 111, 185, 185, 135, 209, 209, 110, 196, 184, 171, 208, 72, 146, 183, 47, 170, 207, 195, 145, 182, 132, 206, 206,
        107, 181, 181, 82, 205, 205, 143, 180, 93, 167, 204, 192, 142, 179, 80, 117, 203, 191, 178, 178, 128, 202, 202, 103,
        177, 177, 115, 152, 189, 139, 176, 201, 163, 200, 188, 138, 175, 76, 150, 187, 100, 174, 199, 199, 198, 198, 136, 173,
      ],
      indices: [
        1, 3, 5, 5, 15, 17, 17, 20, 28, 22, 33, 34, 1, 3, 4, 6, 15, 16, 10, 20, 21, 31, 33, 33,
        1, 3, 3, 6, 15, 15, 19, 20, 29, 31, 32, 26, 1, 2, 5, 6, 14, 8, 19, 19, 29, 31, 31, 34,
        1, 1, 5, 6, 7, 17, 18, 13, 29, 30, 24, 34, 0, 3, 5, 6, 15, 17, 12, 12, 29, 29, 33, 34,
      ],
    });
  });

  it('unpools with outputSize (5, 7) or (2, 3, 5, 7) to every maximum in its own plane, zeros elsewhere', () => {
    const expected = new Float32Array(210);
    pooled.indices.data.forEach((index, i) => {
      const plane = Math.floor(i / 12);
      expected[plane * 35 + Number(index)] = pooled.values.data[i]!;
    });
    for (const outputSize of [[5, 7], [2, 3, 5, 7]]) {
      const unpooled = maxUnpool2d(pooled.values, pooled.indices, { ...options, outputSize });
      expect(unpooled.shape).toEqual([2, 3, 5, 7]);
      expectSameElements(unpooled.data, expected);
      expect(valuesOf(unpooled).filter((v) => v !== 0)).toHaveLength(62);
    }
  });

  it('the default size (4, 7) is too small: index 34 does not fit', () => {
    expectPyTorchError(() => maxUnpool2d(pooled.values, pooled.indices, options),
      'Found an invalid max index: 34 (output volumes are of size 4x7');
  });

  it('outputSize (6, 7) is outside the accepted range', () => {
    expectPyTorchError(() => maxUnpool2d(pooled.values, pooled.indices, { ...options, outputSize: [6, 7] }),
      'invalid output_size "[6, 7]" (dim 0 must be between 2 and 6)', 'ValueError');
  });

  it('with dilation (1, 2) the unpool cannot reach (5, 7) at all', () => {
    const dilated = maxPool2d(x, { kernelSize: [2, 3], stride: [1, 2], padding: [1, 0], dilation: [1, 2] });
    expectPyTorchError(
      () => maxUnpool2d(dilated.values, dilated.indices, { kernelSize: [2, 3], stride: [1, 2], padding: [1, 0], outputSize: [5, 7] }),
      'invalid output_size "[5, 7]" (dim 1 must be between 3 and 7)', 'ValueError');
  });
});
