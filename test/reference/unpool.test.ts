/**
 * max_unpool1d/2d/3d: zeros everywhere, each input element written at its index within its own
 * (n, c) plane. Expectations are PyTorch 1.13's (torch.set_num_threads(1), so that among
 * duplicate indices the last in input order wins, and the out-of-range message names the last
 * invalid index in input order).
 */
import { describe, expect, it } from 'vitest';
import { maxUnpool1d, maxUnpool2d, maxUnpool3d } from '../../src/index.js';
import type { IndexTensorInput } from '../../src/index.js';
import { asIndexData, expectPyTorchError, f32, int64, valuesOf } from './helpers.js';

/** An array of `length` zeros with `entries` ([index, value]) set. */
function sparse(length: number, entries: [number, number][]): number[] {
  const out = Array<number>(length).fill(0);
  for (const [index, value] of entries) out[index] = value;
  return out;
}

const x3 = f32([1, 1, 3], [5, 6, 7]);

describe('default output size: (Lin − 1)·s + k − 2p per axis', () => {
  it('1-D: 3 → 6 with k2', () => {
    const y = maxUnpool1d(x3, int64([1, 1, 3], [1, 2, 5]), { kernelSize: 2 });
    expect(y.shape).toEqual([1, 1, 6]);
    expect(valuesOf(y)).toEqual([0, 5, 6, 0, 0, 7]);
  });

  it('2-D: (1, 2, 2, 2) → (1, 2, 4, 4), each plane on its own', () => {
    const y = maxUnpool2d(f32([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]), int64([1, 2, 2, 2], [0, 3, 8, 15, 5, 6, 9, 10]), { kernelSize: 2 });
    expect(y.shape).toEqual([1, 2, 4, 4]);
    expect(valuesOf(y)).toEqual([
      ...sparse(16, [[0, 1], [3, 2], [8, 3], [15, 4]]),
      ...sparse(16, [[5, 5], [6, 6], [9, 7], [10, 8]]),
    ]);
  });

  it('3-D: (1, 1, 1, 1, 2) → (1, 1, 2, 2, 4)', () => {
    const y = maxUnpool3d(f32([1, 1, 1, 1, 2], [1, 2]), int64([1, 1, 1, 1, 2], [0, 7]), { kernelSize: 2 });
    expect(y.shape).toEqual([1, 1, 2, 2, 4]);
    expect(valuesOf(y)).toEqual(sparse(16, [[0, 1], [7, 2]]));
  });

  it('2-D asymmetric k (2, 3), s (1, 2), p (0, 1) with N=2, C=2: default 3×5, so index 15 is out of range', () => {
    const x = f32([2, 2, 2, 3], Array.from({ length: 24 }, (_, i) => i + 1));
    const indices = int64([2, 2, 2, 3], [0, 2, 4, 10, 12, 14, 1, 3, 5, 11, 13, 15, 5, 6, 7, 8, 9, 10, 15, 14, 13, 2, 1, 0]);
    expectPyTorchError(() => maxUnpool2d(x, indices, { kernelSize: [2, 3], stride: [1, 2], padding: [0, 1] }),
      'Found an invalid max index: 15 (output volumes are of size 3x5');
  });

  it('3-D asymmetric k (1, 2, 3), s 2, p (0, 0, 1): default 1×4×3; the last invalid index (23) is named', () => {
    const x = f32([1, 2, 1, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    const indices = int64([1, 2, 1, 2, 2], [0, 5, 10, 17, 3, 4, 20, 23]);
    expectPyTorchError(() => maxUnpool3d(x, indices, { kernelSize: [1, 2, 3], stride: [2, 2, 2], padding: [0, 0, 1] }),
      'Found an invalid max index: 23 (output volumes are of size 1x4x3');
  });
});

describe('outputSize', () => {
  it('1-D [7], and [N, C, 7] whose N and C are ignored unchecked ([9, 9, 7])', () => {
    for (const outputSize of [[7], [9, 9, 7]]) {
      const y = maxUnpool1d(x3, int64([1, 1, 3], [1, 2, 6]), { kernelSize: 2, outputSize });
      expect(y.shape).toEqual([1, 1, 7]);
      expect(valuesOf(y)).toEqual([0, 5, 6, 0, 0, 0, 7]);
    }
  });

  it('2-D [3, 5], and [9, 9, 3, 5]', () => {
    for (const outputSize of [[3, 5], [9, 9, 3, 5]]) {
      const y = maxUnpool2d(f32([1, 1, 2, 2], [1, 2, 3, 4]), int64([1, 1, 2, 2], [0, 4, 10, 14]), { kernelSize: 2, outputSize });
      expect(y.shape).toEqual([1, 1, 3, 5]);
      expect(valuesOf(y)).toEqual(sparse(15, [[0, 1], [4, 2], [10, 3], [14, 4]]));
    }
  });

  it('3-D [2, 2, 5] and [3, 2, 4]', () => {
    const x = f32([1, 1, 1, 1, 2], [1, 2]);
    const y = maxUnpool3d(x, int64([1, 1, 1, 1, 2], [0, 8]), { kernelSize: 2, outputSize: [2, 2, 5] });
    expect(y.shape).toEqual([1, 1, 2, 2, 5]);
    expect(valuesOf(y)).toEqual(sparse(20, [[0, 1], [8, 2]]));
    const z = maxUnpool3d(x, int64([1, 1, 1, 1, 2], [0, 7]), { kernelSize: 2, outputSize: [3, 2, 4] });
    expect(z.shape).toEqual([1, 1, 3, 2, 4]);
    expect(valuesOf(z)).toEqual(sparse(24, [[0, 1], [7, 2]]));
  });

  it('the range is exclusive at both ends: default 6, stride 2 → 5..7 accepted, 4 and 8 refused', () => {
    const indices = int64([1, 1, 3], [1, 2, 3]);
    expectPyTorchError(() => maxUnpool1d(x3, indices, { kernelSize: 2, outputSize: [4] }),
      'invalid output_size "[4]" (dim 0 must be between 4 and 8)', 'ValueError');
    expect(valuesOf(maxUnpool1d(x3, indices, { kernelSize: 2, outputSize: [5] }))).toEqual([0, 5, 6, 7, 0]);
    expect(valuesOf(maxUnpool1d(x3, indices, { kernelSize: 2, outputSize: [7] }))).toEqual([0, 5, 6, 7, 0, 0, 0]);
    expectPyTorchError(() => maxUnpool1d(x3, indices, { kernelSize: 2, outputSize: [8] }),
      'invalid output_size "[8]" (dim 0 must be between 4 and 8)', 'ValueError');
  });

  it('2-D: the message quotes the spatial sizes (N and C stripped) and names the failing dim', () => {
    const x = f32([1, 1, 2, 2], [1, 2, 3, 4]);
    const indices = int64([1, 1, 2, 2], [0, 4, 10, 14]);
    expectPyTorchError(() => maxUnpool2d(x, indices, { kernelSize: 2, outputSize: [3, 6] }),
      'invalid output_size "[3, 6]" (dim 1 must be between 2 and 6)', 'ValueError');
    expectPyTorchError(() => maxUnpool2d(x, indices, { kernelSize: 2, outputSize: [1, 1, 2, 5] }),
      'invalid output_size "[2, 5]" (dim 0 must be between 2 and 6)', 'ValueError');
  });

  it('a length other than d or d + 2 is refused', () => {
    const indices = int64([1, 1, 3], [1, 2, 3]);
    expectPyTorchError(() => maxUnpool1d(x3, indices, { kernelSize: 2, outputSize: [6, 6] }),
      "output_size should be a sequence containing 1 or 3 elements, but it has a length of '2'", 'ValueError');
    expectPyTorchError(() => maxUnpool1d(x3, indices, { kernelSize: 2, outputSize: [] }),
      "output_size should be a sequence containing 1 or 3 elements, but it has a length of '0'", 'ValueError');
    const x = f32([1, 1, 2, 2], [1, 2, 3, 4]);
    const indices2 = int64([1, 1, 2, 2], [0, 4, 10, 14]);
    expectPyTorchError(() => maxUnpool2d(x, indices2, { kernelSize: 2, outputSize: [1, 4, 4] }),
      "output_size should be a sequence containing 2 or 4 elements, but it has a length of '3'", 'ValueError');
    expectPyTorchError(() => maxUnpool2d(x, indices2, { kernelSize: 2, outputSize: [4] }),
      "output_size should be a sequence containing 2 or 4 elements, but it has a length of '1'", 'ValueError');
    expectPyTorchError(() => maxUnpool3d(f32([1, 1, 1, 1, 2], [1, 2]), int64([1, 1, 1, 1, 2], [0, 7]), { kernelSize: 2, outputSize: [2, 4] }),
      "output_size should be a sequence containing 3 or 5 elements, but it has a length of '2'", 'ValueError');
  });
});

describe('empty results: no index check when the output has no elements', () => {
  it('1-D outputSize [0] (accepted: default 1, stride 2) → (1, 1, 0) although index 7 is out of range', () => {
    const y = maxUnpool1d(f32([1, 1, 1], [5]), int64([1, 1, 1], [7]), { kernelSize: 1, stride: 2, outputSize: [0] });
    expect(y.shape).toEqual([1, 1, 0]);
    expect(y.data).toHaveLength(0);
  });

  it('2-D outputSize [0, 2] → (1, 1, 0, 2) although indices 7 and −9 are out of range', () => {
    const y = maxUnpool2d(f32([1, 1, 1, 2], [5, 6]), int64([1, 1, 1, 2], [7, -9]), { kernelSize: 1, stride: [2, 1], outputSize: [0, 2] });
    expect(y.shape).toEqual([1, 1, 0, 2]);
    expect(y.data).toHaveLength(0);
  });

  it('3-D outputSize [1, 0, 1] → (1, 1, 1, 0, 1)', () => {
    const y = maxUnpool3d(f32([1, 1, 1, 1, 1], [5]), int64([1, 1, 1, 1, 1], [7]), { kernelSize: 1, stride: 2, outputSize: [1, 0, 1] });
    expect(y.shape).toEqual([1, 1, 1, 0, 1]);
    expect(y.data).toHaveLength(0);
  });

  it('N = 0 → (0, 1, 4, 4)', () => {
    const y = maxUnpool2d(f32([0, 1, 2, 2], []), int64([0, 1, 2, 2], []), { kernelSize: 2 });
    expect(y.shape).toEqual([0, 1, 4, 4]);
    expect(y.data).toHaveLength(0);
  });

  it('unbatched 1-D with C = 0 → (0, 4): after the unit width is added, C is the batch dim', () => {
    const y = maxUnpool1d(f32([0, 2], []), int64([0, 2], []), { kernelSize: 2 });
    expect(y.shape).toEqual([0, 4]);
    expect(y.data).toHaveLength(0);
  });
});

describe('duplicate indices: the last in input order wins', () => {
  it('1-D [1, 2, 3, 4] at [1, 1, 2, 1] → 4 at 1, 3 at 2', () => {
    const y = maxUnpool1d(f32([1, 1, 4], [1, 2, 3, 4]), int64([1, 1, 4], [1, 1, 2, 1]), { kernelSize: 2 });
    expect(valuesOf(y)).toEqual([0, 4, 3, 0, 0, 0, 0, 0]);
  });

  it('2-D [1, 2, 3, 4] at [5, 5, 5, 0] → 3 at 5, 4 at 0', () => {
    const y = maxUnpool2d(f32([1, 1, 2, 2], [1, 2, 3, 4]), int64([1, 1, 2, 2], [5, 5, 5, 0]), { kernelSize: 2 });
    expect(valuesOf(y)).toEqual(sparse(16, [[0, 4], [5, 3]]));
  });

  it('the same index in two planes does not collide: C=2, all at 3', () => {
    const y = maxUnpool2d(f32([1, 2, 1, 2], [1, 2, 3, 4]), int64([1, 2, 1, 2], [3, 3, 3, 3]), { kernelSize: 2 });
    expect(y.shape).toEqual([1, 2, 2, 4]);
    expect(valuesOf(y)).toEqual([...sparse(8, [[3, 2]]), ...sparse(8, [[3, 4]])]);
  });
});

describe('out-of-range indices: the message names the LAST invalid index in input order', () => {
  it('1-D: 7 in a plane of 7', () => {
    expectPyTorchError(() => maxUnpool1d(x3, int64([1, 1, 3], [1, 2, 7]), { kernelSize: 2, outputSize: [7] }),
      'Found an invalid max index: 7 (output volumes are of size 7x1');
  });

  it('1-D: a negative index', () => {
    expectPyTorchError(() => maxUnpool1d(x3, int64([1, 1, 3], [1, -1, 2]), { kernelSize: 2 }),
      'Found an invalid max index: -1 (output volumes are of size 6x1');
  });

  it('1-D: [9, 2, −3, 8] in a plane of 8 names 8, not 9', () => {
    expectPyTorchError(() => maxUnpool1d(f32([1, 1, 4], [5, 6, 7, 8]), int64([1, 1, 4], [9, 2, -3, 8]), { kernelSize: 2 }),
      'Found an invalid max index: 8 (output volumes are of size 8x1');
  });

  it('2-D across planes: [99, 0 | −5, 1] names −5', () => {
    expectPyTorchError(() => maxUnpool2d(f32([2, 1, 1, 2], [1, 2, 3, 4]), int64([2, 1, 1, 2], [99, 0, -5, 1]), { kernelSize: 2 }),
      'Found an invalid max index: -5 (output volumes are of size 2x4');
  });

  it('2-D: 16 in a 4×4 plane', () => {
    expectPyTorchError(() => maxUnpool2d(f32([1, 1, 2, 2], [1, 2, 3, 4]), int64([1, 1, 2, 2], [0, 4, 10, 16]), { kernelSize: 2 }),
      'Found an invalid max index: 16 (output volumes are of size 4x4');
  });

  it('2-D: 2⁴⁰ is printed exactly', () => {
    expectPyTorchError(() => maxUnpool2d(f32([1, 1, 1, 1], [1]), int64([1, 1, 1, 1], [2 ** 40]), { kernelSize: 2 }),
      'Found an invalid max index: 1099511627776 (output volumes are of size 2x2');
  });

  it('3-D: −1 in a 2×2×4 volume', () => {
    expectPyTorchError(() => maxUnpool3d(f32([1, 1, 1, 1, 2], [1, 2]), int64([1, 1, 1, 1, 2], [-1, 3]), { kernelSize: 2 }),
      'Found an invalid max index: -1 (output volumes are of size 2x2x4');
  });
});

describe('index arrays: BigInt64Array, Int32Array and Float64Array holding integers', () => {
  for (const kind of ['BigInt64Array', 'Int32Array', 'Float64Array'] as const) {
    it(`${kind}: same result, and the same message for an invalid index`, () => {
      const x = f32([1, 1, 2, 2], [1, 2, 3, 4]);
      const indices: IndexTensorInput = { shape: [1, 1, 2, 2], data: asIndexData(kind, [0, 4, 10, 14]) };
      const y = maxUnpool2d(x, indices, { kernelSize: 2, outputSize: [3, 5] });
      expect(y.shape).toEqual([1, 1, 3, 5]);
      expect(valuesOf(y)).toEqual(sparse(15, [[0, 1], [4, 2], [10, 3], [14, 4]]));
      const invalid: IndexTensorInput = { shape: [1, 1, 2, 2], data: asIndexData(kind, [0, 4, -1, 16]) };
      expectPyTorchError(() => maxUnpool2d(x, invalid, { kernelSize: 2 }),
        'Found an invalid max index: 16 (output volumes are of size 4x4');
    });
  }
});

describe('stride 0', () => {
  it('2-D does not check it: k2 s0 gives a 2×2 plane', () => {
    const y = maxUnpool2d(f32([1, 1, 1, 2], [1, 2]), int64([1, 1, 1, 2], [0, 1]), { kernelSize: 2, stride: 0 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(valuesOf(y)).toEqual([1, 2, 0, 0]);
  });

  it('1-D does not check it either: k2 s0 gives 2', () => {
    const y = maxUnpool1d(f32([1, 1, 2], [1, 2]), int64([1, 1, 2], [0, 1]), { kernelSize: 2, stride: 0 });
    expect(y.shape).toEqual([1, 1, 2]);
    expect(valuesOf(y)).toEqual([1, 2]);
  });

  it('3-D checks it', () => {
    const x = f32([1, 1, 1, 1, 2], [1, 2]);
    const indices = int64([1, 1, 1, 1, 2], [0, 1]);
    expectPyTorchError(() => maxUnpool3d(x, indices, { kernelSize: 2, stride: 0 }),
      'strides should be greater than zero, but got stride: [0, 0, 0]');
    expectPyTorchError(() => maxUnpool3d(x, indices, { kernelSize: 2, stride: [2, 0, 2] }),
      'strides should be greater than zero, but got stride: [2, 0, 2]');
  });
});

describe('negative output sizes (a PyTorch quirk: sizes ≤ 0 inside the accepted range are not refused)', () => {
  it('1-D outputSize [−1] (accepted: default 1, stride 3) fails in numel', () => {
    expectPyTorchError(() => maxUnpool1d(f32([1, 1, 1], [5]), int64([1, 1, 1], [0]), { kernelSize: 1, stride: 3, outputSize: [-1] }),
      'numel: integer multiplication overflow');
  });

  it('1-D k1 p1: a negative default size (−1) fails in numel', () => {
    expectPyTorchError(() => maxUnpool1d(f32([1, 1, 1], [5]), int64([1, 1, 1], [0]), { kernelSize: 1, padding: 1 }),
      'numel: integer multiplication overflow');
  });

  it('2-D [−1, 1] and 3-D [1, −1, 1] fail in numel', () => {
    expectPyTorchError(() => maxUnpool2d(f32([1, 1, 1, 1], [5]), int64([1, 1, 1, 1], [0]), { kernelSize: 1, stride: 3, outputSize: [-1, 1] }),
      'numel: integer multiplication overflow');
    expectPyTorchError(
      () => maxUnpool3d(f32([1, 1, 1, 1, 1], [5]), int64([1, 1, 1, 1, 1], [0]), { kernelSize: 1, stride: 3, outputSize: [1, -1, 1] }),
      'numel: integer multiplication overflow');
  });

  it('2-D [−1, 0]: with another dim 0, PyTorch returns an empty tensor shaped (1, 1, −1, 0)', () => {
    const y = maxUnpool2d(f32([1, 1, 1, 1], [5]), int64([1, 1, 1, 1], [0]), { kernelSize: 1, stride: 3, outputSize: [-1, 0] });
    expect(y.shape).toEqual([1, 1, -1, 0]);
    expect(y.data).toHaveLength(0);
  });
});
