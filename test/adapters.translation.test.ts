/**
 * The adapters' pure translations: options per axis, layouts, batch dims and index conventions.
 * These run without any framework.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { perAxis, poolAxes, unpoolAxes } from '../src/adapters/axes.js';
import { maxPoolOpset, onnxUnpoolDefaultLength } from '../src/adapters/onnxModels.js';
import { nchwToNhwc, nhwcToNchw, withBatchDim, withoutAddedBatchDim } from '../src/adapters/layout.js';
import {
  NOT_IN_THIS_PLANE, onnxIndexToPlaneIndex, planeIndexToOnnxIndex, planeIndexToTfjsIndex, planeIndexToUnpoolIndex,
  tfjsIndexToPlaneIndex,
} from '../src/adapters/indexConventions.js';

describe('options per axis', () => {
  it('broadcasts one value, keeps a tuple, defaults the stride to the kernel', () => {
    expect(perAxis(3, 2, [])).toEqual([3, 3]);
    expect(perAxis([2], 3, [])).toEqual([2, 2, 2]);
    expect(perAxis([2, 5], 2, [])).toEqual([2, 5]);
    expect(poolAxes({ kernelSize: [2, 3] }, 2)).toEqual({
      kernel: [2, 3], stride: [2, 3], padding: [0, 0], dilation: [1, 1], ceilMode: false,
    });
    expect(poolAxes({ kernelSize: 2, stride: [], padding: 1, dilation: [1, 2], ceilMode: true }, 2)).toEqual({
      kernel: [2, 2], stride: [2, 2], padding: [1, 1], dilation: [1, 2], ceilMode: true,
    });
    expect(() => perAxis([1, 2], 3, [])).toThrow(/1 or 3 values/);
  });

  it('drops the (N, C) PyTorch ignores in an unpool outputSize', () => {
    expect(unpoolAxes({ kernelSize: 2, outputSize: [9, 9, 5, 7] }, 2).outputSize).toEqual([5, 7]);
    expect(unpoolAxes({ kernelSize: 2, outputSize: [5, 7] }, 2).outputSize).toEqual([5, 7]);
    expect(unpoolAxes({ kernelSize: 2 }, 2).outputSize).toBeUndefined();
  });
});

describe('layouts', () => {
  it('moves NCHW to NHWC and back, keeping every bit (NaN payloads, -0)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }),
      (n, c, h, w) => {
        const size = n * c * h * w;
        const bits = Uint32Array.from({ length: size }, (_, i) => (i % 3 === 0 ? 0x7fa00000 + i : 0x80000000 + i * 7919));
        const data = new Float32Array(bits.buffer);
        const nhwc = nchwToNhwc({ shape: [n, c, h, w], data });
        expect(nhwc.shape).toEqual([n, h, w, c]);
        // Element (b, ch, y, x) must sit at ((b*h + y)*w + x)*c + ch.
        const nhwcBits = new Uint32Array(nhwc.data.buffer);
        for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
          expect(nhwcBits[((b * h + y) * w + x) * c + ch]).toBe(bits[((b * c + ch) * h + y) * w + x]);
        }
        const back = nhwcToNchw(nhwc);
        expect(back.shape).toEqual([n, c, h, w]);
        expect(new Uint32Array(back.data.buffer)).toEqual(bits);
      }), { numRuns: 40, seed: 7 });
  });

  it('keeps float64 bits too', () => {
    const data = Float64Array.from([1, -0, Number.NaN, -Infinity, 2, 3]);
    new DataView(data.buffer).setBigUint64(2 * 8, 0x7ff4000000000123n, true); // a signalling NaN
    const back = nhwcToNchw(nchwToNhwc({ shape: [1, 2, 1, 3], data }));
    expect(new BigUint64Array(back.data.buffer)).toEqual(new BigUint64Array(data.buffer));
  });

  it('adds a batch dim to (C, ...spatial) only, and removes only what it added', () => {
    const x = { shape: [3, 4, 5], data: new Float32Array(60) };
    const batched = withBatchDim(x, 2);
    expect(batched).toEqual({ tensor: { shape: [1, 3, 4, 5], data: x.data }, addedBatchDim: true });
    expect(withoutAddedBatchDim({ shape: [1, 3, 2, 2] }, true).shape).toEqual([3, 2, 2]);
    expect(withBatchDim({ shape: [2, 3, 4, 5] }, 2).addedBatchDim).toBe(false);
    expect(withoutAddedBatchDim({ shape: [2, 3, 2, 2] }, false).shape).toEqual([2, 3, 2, 2]);
    expect(() => withBatchDim({ shape: [4, 5] }, 2)).toThrow(/rank 3 or 4/);
  });
});

describe('index conventions', () => {
  it('TF.js (y*W + x)*C + c round-trips to the plane index y*W + x', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 500 }), (channels, planeIndex) => {
      for (let c = 0; c < channels; c++) {
        expect(tfjsIndexToPlaneIndex(planeIndexToTfjsIndex(planeIndex, c, channels), c, channels)).toBe(planeIndex);
      }
    }), { numRuns: 100, seed: 11 });
    // TF.js's own documented example: [b, y, x, c] = [0, 1, 2, 1] in a 3x3x2 image is (1*3 + 2)*2 + 1.
    expect(tfjsIndexToPlaneIndex(11, 1, 2)).toBe(5);
  });

  it('an index that decodes to another channel, or is negative, is not in this plane', () => {
    expect(tfjsIndexToPlaneIndex(0, 1, 2)).toBe(NOT_IN_THIS_PLANE); // channel 0's element, asked for channel 1
    expect(tfjsIndexToPlaneIndex(-1, 0, 1)).toBe(NOT_IN_THIS_PLANE);
    expect(tfjsIndexToPlaneIndex(-1, 0, 3)).toBe(NOT_IN_THIS_PLANE);
  });

  it('ONNX whole-tensor indices round-trip for both storage orders', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 7 }), fc.nat(),
      (spatial, plane, seed) => {
        const planeSize = spatial.reduce((a, b) => a * b, 1);
        const planeIndex = BigInt(seed % planeSize);
        for (const order of [0, 1] as const) {
          const onnxIndex = planeIndexToOnnxIndex(planeIndex, plane, spatial, order);
          expect(onnxIndex / BigInt(planeSize)).toBe(BigInt(plane));
          expect(onnxIndexToPlaneIndex(onnxIndex, plane, spatial, order)).toBe(planeIndex);
        }
      }), { numRuns: 200, seed: 13 });
  });

  it('storage_order 1 is column-major: the first spatial axis varies fastest', () => {
    // (h, w) = (1, 2) in a 3x4 plane: row-major 1*4 + 2 = 6, column-major 1 + 2*3 = 7.
    expect(planeIndexToOnnxIndex(6n, 0, [3, 4], 1)).toBe(7n);
    expect(onnxIndexToPlaneIndex(7n, 0, [3, 4], 1)).toBe(6n);
    // Plane 2 of a 3x4 plane starts at 24.
    expect(onnxIndexToPlaneIndex(24n + 7n, 2, [3, 4], 1)).toBe(6n);
    // (d, h, w) = (1, 0, 2) in 2x3x4: row-major 1*12 + 0*4 + 2 = 14, column-major 1 + 0*2 + 2*6 = 13.
    expect(onnxIndexToPlaneIndex(13n, 0, [2, 3, 4], 1)).toBe(14n);
  });

  it('an ONNX index outside its plane stays visible instead of being re-ordered', () => {
    expect(onnxIndexToPlaneIndex(-1n, 0, [2], 0)).toBe(-1n);
    expect(onnxIndexToPlaneIndex(5n - 3n, 1, [2, 2], 1)).toBe(-2n);
  });

  it('unpool indices go from per plane to whole tensor, row-major over the output', () => {
    expect(planeIndexToUnpoolIndex(5n, 0, 16)).toBe(5n);
    expect(planeIndexToUnpoolIndex(5n, 3, 16)).toBe(53n);
  });
});

describe('ONNX attributes', () => {
  it('picks the lowest MaxPool opset that has the options: 8, or 10 for dilation and ceil mode', () => {
    expect(maxPoolOpset(poolAxes({ kernelSize: 2, padding: 1 }, 2))).toBe(8);
    expect(maxPoolOpset(poolAxes({ kernelSize: 2, dilation: [1, 2] }, 2))).toBe(10);
    expect(maxPoolOpset(poolAxes({ kernelSize: 2, ceilMode: true }, 1))).toBe(10);
  });

  it("uses ONNX's inferred MaxUnpool size, (in - 1) * stride + kernel - 2 * pad", () => {
    expect(onnxUnpoolDefaultLength(32, 2, 2, 0)).toBe(64);
    expect(onnxUnpoolDefaultLength(3, 2, 2, 1)).toBe(4);
  });
});
