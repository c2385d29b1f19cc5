/**
 * The ONNX Runtime adapter, in both index storage orders, against the reference: inputs inside
 * its capabilities whose maxima are unambiguous (so only the translation is under test), then
 * pinned examples of ONNX Runtime behaviour the conformance report relies on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createOnnxRuntimeImplementation } from '../src/adapters/onnxruntime.js';
import { maxPool1d, maxPool2d, maxPool3d, maxUnpool1d, maxUnpool2d, maxUnpool3d } from '../src/reference/index.js';
import type { Implementation } from '../src/implementation.js';
import type { PoolOptions, PoolOpName, UnpoolOptions } from '../src/types.js';
import { distinctPositive, expectSamePool, expectSameTensor, indexList } from './adapters.support.js';

const REFERENCE_POOL = { maxPool1d, maxPool2d, maxPool3d };
const REFERENCE_UNPOOL = { maxPool1d: maxUnpool1d, maxPool2d: maxUnpool2d, maxPool3d: maxUnpool3d };
const UNPOOL_OP = { maxPool1d: 'maxUnpool1d', maxPool2d: 'maxUnpool2d', maxPool3d: 'maxUnpool3d' } as const;

/** N > 1, C > 1, odd sizes, per-axis kernels, strides, padding and dilation, ceil mode, unbatched. */
const POOL_CASES: Array<{ op: PoolOpName; shape: number[]; options: PoolOptions }> = [
  { op: 'maxPool1d', shape: [2, 3, 9], options: { kernelSize: 3, stride: 2, padding: 1 } },
  { op: 'maxPool1d', shape: [3, 11], options: { kernelSize: 2, dilation: 3, ceilMode: true } },
  { op: 'maxPool2d', shape: [2, 3, 5, 7], options: { kernelSize: [2, 3], stride: [1, 2] } },
  { op: 'maxPool2d', shape: [2, 2, 7, 6], options: { kernelSize: [3, 2], stride: [2, 1], padding: [1, 0], dilation: [2, 1] } },
  { op: 'maxPool2d', shape: [1, 3, 5, 5], options: { kernelSize: 2, stride: 2, padding: 1, ceilMode: true } },
  { op: 'maxPool2d', shape: [4, 6, 5], options: { kernelSize: [2, 2], stride: [2, 1] } },
  { op: 'maxPool3d', shape: [2, 2, 4, 5, 6], options: { kernelSize: [2, 3, 2], stride: [2, 1, 3], padding: [1, 1, 0] } },
  { op: 'maxPool3d', shape: [2, 3, 5, 4], options: { kernelSize: 2, dilation: [1, 2, 1], ceilMode: true } },
];

const SPATIAL_RANK = { maxPool1d: 1, maxPool2d: 2, maxPool3d: 3 } as const;

/** Pool with the reference, then unpool at a size PyTorch accepts for every index it produced. */
const UNPOOL_CASES: Array<{ op: PoolOpName; shape: number[]; options: PoolOptions; size: 'default' | 'input' }> = [
  { op: 'maxPool1d', shape: [2, 3, 9], options: { kernelSize: 3, stride: 2, padding: 1 }, size: 'default' },
  { op: 'maxPool1d', shape: [2, 3, 9], options: { kernelSize: 3, stride: 2, padding: 1 }, size: 'input' },
  { op: 'maxPool2d', shape: [2, 3, 5, 7], options: { kernelSize: [2, 3], stride: [1, 2] }, size: 'default' },
  { op: 'maxPool2d', shape: [2, 2, 7, 6], options: { kernelSize: [3, 2], stride: [2, 1], padding: [1, 0] }, size: 'default' },
  { op: 'maxPool2d', shape: [1, 3, 5, 5], options: { kernelSize: 2, stride: 2, padding: 1, ceilMode: true }, size: 'input' },
  { op: 'maxPool2d', shape: [4, 6, 5], options: { kernelSize: 2, stride: [2, 1] }, size: 'default' },
  { op: 'maxPool3d', shape: [2, 2, 4, 5, 6], options: { kernelSize: [2, 3, 2], stride: [2, 1, 3], padding: [1, 1, 0] }, size: 'input' },
  { op: 'maxPool3d', shape: [2, 3, 5, 4], options: { kernelSize: 2 }, size: 'input' },
];

function describeAdapter(impl: Implementation, label: string) {
  describe(label, () => {
    afterAll(() => impl.dispose?.());

    it('agrees with the reference on the classic 4x4 example, and unpools it back', async () => {
      const x = { shape: [1, 1, 4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i) };
      const got = await impl.maxPool2d!(x, { kernelSize: 2 });
      expectSamePool(got, maxPool2d(x, { kernelSize: 2 }));
      expect(indexList(got.indices)).toEqual([5n, 7n, 13n, 15n]);
      const restored = await impl.maxUnpool2d!(got.values, got.indices, { kernelSize: 2 });
      expect(Array.from(restored.data)).toEqual([0, 0, 0, 0, 0, 5, 0, 7, 0, 0, 0, 0, 0, 13, 0, 15]);
    });

    it.each(POOL_CASES.map((c, i) => ({ ...c, seed: 100 + i })))(
      '$op agrees with the reference on $shape with $options', async ({ op, shape, options, seed }) => {
        const x = distinctPositive(shape, seed);
        expectSamePool(await impl[op]!(x, options), REFERENCE_POOL[op](x, options));
      });

    it.each(UNPOOL_CASES.map((c, i) => ({ ...c, seed: 200 + i })))(
      'unpools what $op pooled from $shape with $options, at the $size size', async ({ op, shape, options, size, seed }) => {
        const pooled = REFERENCE_POOL[op](distinctPositive(shape, seed), options);
        const unpoolOptions: UnpoolOptions = {
          kernelSize: options.kernelSize, stride: options.stride, padding: options.padding,
          outputSize: size === 'input' ? shape.slice(-SPATIAL_RANK[op]) : undefined,
        };
        const expected = REFERENCE_UNPOOL[op](pooled.values, pooled.indices, unpoolOptions);
        expectSameTensor(await impl[UNPOOL_OP[op]]!(pooled.values, pooled.indices, unpoolOptions), expected);
      });

    it('takes unpool indices as Int32Array or Float64Array too', async () => {
      const values = { shape: [1, 2, 2], data: Float32Array.from([3, 4, 5, 6]) };
      const options = { kernelSize: 2 };
      const expected = maxUnpool1d(values, { shape: [1, 2, 2], data: BigInt64Array.from([1n, 2n, 0n, 3n]) }, options);
      for (const data of [Int32Array.from([1, 2, 0, 3]), Float64Array.from([1, 2, 0, 3])]) {
        expectSameTensor(await impl.maxUnpool1d!(values, { shape: [1, 2, 2], data }, options), expected);
      }
    });
  });
}

describeAdapter(createOnnxRuntimeImplementation(), 'onnxruntime adapter (storage_order 0)');
describeAdapter(createOnnxRuntimeImplementation({ storageOrder: 1 }), 'onnxruntime adapter (storage_order 1, column-major indices)');

describe('onnxruntime adapter: declaration and sessions', () => {
  it('names the two storage orders and declares every op, float32, per-axis options', () => {
    const rowMajor = createOnnxRuntimeImplementation();
    const columnMajor = createOnnxRuntimeImplementation({ storageOrder: 1 });
    expect(rowMajor.name).toBe('onnxruntime');
    expect(columnMajor.name).toBe('onnxruntime-colmajor');
    expect(rowMajor.capabilities).toMatchObject({
      dtypes: ['float32'], dilation: true, ceilMode: true, padding: 'per-axis', perAxis: true, unbatched: true, errors: 'none',
    });
    expect(rowMajor.capabilities?.ops).toHaveLength(6);
  });

  it('reuses a session for the same model and releases them on dispose', async () => {
    const impl = createOnnxRuntimeImplementation({ maxCachedSessions: 2 });
    const x = distinctPositive([1, 1, 6], 1);
    const started = performance.now();
    for (let i = 0; i < 20; i++) await impl.maxPool1d!(x, { kernelSize: 2 });
    for (const kernelSize of [1, 2, 3, 2, 1]) await impl.maxPool1d!(x, { kernelSize }); // evicts and rebuilds
    expect(performance.now() - started).toBeLessThan(5_000);
    await impl.dispose!();
    // Still usable after dispose: sessions are created again on demand.
    expectSamePool(await impl.maxPool1d!(x, { kernelSize: 3 }), maxPool1d(x, { kernelSize: 3 }));
    await impl.dispose!();
  });
});

describe('ONNX Runtime behaviour the deviation files and the report rely on', () => {
  const ort = createOnnxRuntimeImplementation();
  afterAll(() => ort.dispose?.());
  const row = (data: number[]) => ({ shape: [1, 1, data.length], data: Float32Array.from(data) });

  it('a NaN is kept only when it is a window\'s first tap (PyTorch: NaN propagates) [undocumented]', async () => {
    const later = await ort.maxPool1d!(row([1, Number.NaN, 5, Number.NaN, 2]), { kernelSize: 5 });
    expect(Array.from(later.values.data)).toEqual([5]);
    expect(indexList(later.indices)).toEqual([2n]);
    const first = await ort.maxPool1d!(row([Number.NaN, 1, 5]), { kernelSize: 3 });
    expect(Number.isNaN(first.values.data[0])).toBe(true);
    expect(indexList(first.indices)).toEqual([0n]);
  });

  it('a window wholly in padding gives -FLT_MAX and index -1 (PyTorch: -inf, index 2) [undocumented]', async () => {
    const options = { kernelSize: 2, stride: 1, padding: 1, dilation: 3 };
    const got = await ort.maxPool1d!(row([1, 2]), options);
    expect(Array.from(got.values.data)).toEqual([-3.4028234663852886e38]);
    expect(indexList(got.indices)).toEqual([-1n]);
    const expected = maxPool1d(row([1, 2]), options);
    expect(Array.from(expected.values.data)).toEqual([-Infinity]);
    expect(indexList(expected.indices)).toEqual([2n]);
  });

  it('ties and -0/+0 go to the first tap, as in PyTorch', async () => {
    const got = await ort.maxPool1d!(row([-0, 0, 0]), { kernelSize: 3 });
    expect(Object.is(got.values.data[0], -0)).toBe(true);
    expect(indexList(got.indices)).toEqual([0n]);
  });

  it('ceil mode drops a last window that would start in the right padding, as in PyTorch', async () => {
    const got = await ort.maxPool1d!(row([0, 1, 2, 3, 4]), { kernelSize: 2, stride: 2, padding: 1, ceilMode: true });
    expect(got.values.shape).toEqual([1, 1, 3]);
  });

  it('unpool: an outputSize below the default is rejected (PyTorch accepts default - stride < size) [undocumented]', async () => {
    const values = row([5, 7]);
    const indices = { shape: [1, 1, 2], data: BigInt64Array.from([1n, 2n]) };
    expect(maxUnpool1d(values, indices, { kernelSize: 2, outputSize: [3] }).shape).toEqual([1, 1, 3]);
    await expect(ort.maxUnpool1d!(values, indices, { kernelSize: 2, outputSize: [3] })).rejects.toThrow(/smaller than minimum/);
  });

  it('unpool: a default size of 0 is rejected even when outputSize is given (PyTorch accepts) [undocumented]', async () => {
    // kernel 2, padding 1, one input element: the default size is (1 - 1) * 2 + 2 - 2 = 0.
    const values = row([5]);
    const indices = { shape: [1, 1, 1], data: BigInt64Array.from([0n]) };
    const options = { kernelSize: 2, padding: 1, outputSize: [1] };
    expect(Array.from(maxUnpool1d(values, indices, options).data)).toEqual([5]);
    await expect(ort.maxUnpool1d!(values, indices, options)).rejects.toThrow(/not positive/);
  });

  it('unpool: an index past its plane lands in the next plane; only past the tensor is rejected', async () => {
    const values = { shape: [1, 2, 1], data: Float32Array.from([5, 7]) };
    const intoNextPlane = await ort.maxUnpool1d!(values, { shape: [1, 2, 1], data: BigInt64Array.from([2n, 0n]) }, { kernelSize: 2 });
    expect(Array.from(intoNextPlane.data)).toEqual([0, 0, 7, 0]); // 5 written, then overwritten by 7
    await expect(ort.maxUnpool1d!(values, { shape: [1, 2, 1], data: BigInt64Array.from([0n, 2n]) }, { kernelSize: 2 }))
      .rejects.toThrow(/out of bounds/);
  });
});
