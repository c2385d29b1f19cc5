/**
 * The TF.js adapters against the reference, on inputs inside their capabilities whose maxima
 * are unambiguous (so only the translation is under test), plus pinned examples of TF.js
 * behaviour the conformance report relies on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTfjsImplementation, type TfjsBackendName } from '../src/adapters/tfjs.js';
import { maxPool2d } from '../src/reference/index.js';
import type { PoolOptions } from '../src/types.js';
import { distinctPositive, expectSamePool, indexList } from './adapters.support.js';

const CLASSIC = { shape: [1, 1, 4, 4], data: Float32Array.from({ length: 16 }, (_, i) => i) };

/** N > 1, C > 1, rectangular inputs and asymmetric kernels/strides, to catch swapped axes. */
const CASES: Array<{ shape: number[]; options: PoolOptions }> = [
  { shape: [2, 3, 5, 7], options: { kernelSize: [2, 3] } },
  { shape: [2, 3, 6, 5], options: { kernelSize: [3, 2], stride: [1, 2] } },
  { shape: [3, 2, 7, 4], options: { kernelSize: [2, 1], stride: [3, 1] } },
  { shape: [1, 4, 5, 5], options: { kernelSize: 3, stride: 2, padding: 1 } },
  { shape: [2, 2, 6, 7], options: { kernelSize: 2, stride: 1, padding: 1 } },
  { shape: [2, 5, 3], options: { kernelSize: [2, 2], stride: 1 } }, // unbatched (C, H, W)
  { shape: [1, 1, 1, 9], options: { kernelSize: [1, 4], stride: [1, 2] } },
];

describe.each<TfjsBackendName>(['cpu', 'wasm'])('tfjs-%s adapter', (backend) => {
  const impl = createTfjsImplementation(backend);
  afterAll(() => impl.dispose?.());

  it('declares maxPool2d only, float32, uniform padding, no dilation or ceil mode', () => {
    expect(impl.name).toBe(`tfjs-${backend}`);
    expect(impl.capabilities).toMatchObject({
      ops: ['maxPool2d'], dtypes: ['float32'], dilation: false, ceilMode: false, padding: 'uniform', unbatched: true,
    });
    expect(impl.maxUnpool2d).toBeUndefined();
  });

  it('agrees with the reference on the classic 4x4 example', async () => {
    const got = await impl.maxPool2d!(CLASSIC, { kernelSize: 2 });
    expectSamePool(got, maxPool2d(CLASSIC, { kernelSize: 2 }));
    expect(indexList(got.indices)).toEqual([5n, 7n, 13n, 15n]);
  });

  it.each(CASES.map((c, i) => ({ ...c, seed: i + 1 })))(
    'agrees with the reference on $shape with $options', async ({ shape, options, seed }) => {
      const x = distinctPositive(shape, seed);
      expectSamePool(await impl.maxPool2d!(x, options), maxPool2d(x, options));
    });

  it('refuses options TF.js cannot express instead of approximating them', async () => {
    const x = distinctPositive([1, 1, 4, 4], 3);
    await expect(impl.maxPool2d!(x, { kernelSize: 2, dilation: 2 })).rejects.toThrow(/dilation/);
    await expect(impl.maxPool2d!(x, { kernelSize: 2, ceilMode: true })).rejects.toThrow(/ceil mode/);
    await expect(impl.maxPool2d!(x, { kernelSize: 3, padding: [1, 0] })).rejects.toThrow(/cannot express padding/);
  });

  it('passes float64 input through, and TF.js, which has no float64, rejects it (hence dtypes: float32)', async () => {
    const x = distinctPositive([1, 1, 2, 2], 5, 'float64');
    await expect(impl.maxPool2d!(x, { kernelSize: 2 })).rejects.toThrow(/TypedArray/);
  });
});

describe('tfjs-cpu and tfjs-wasm share one TF.js engine', () => {
  it('run interleaved calls each on its own backend', async () => {
    const cpu = createTfjsImplementation('cpu');
    const wasm = createTfjsImplementation('wasm');
    // An all-negative window tells the backends apart: cpu gives -1, wasm its 1.17549435e-38.
    const x = { shape: [1, 1, 1, 3], data: Float32Array.from([-3, -1, -2]) };
    const calls = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? cpu : wasm).maxPool2d!(x, { kernelSize: [1, 3] }));
    const values = (await Promise.all(calls)).map((r) => r.values.data[0]);
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? -1 : 1.1754943508222875e-38)));
  });
});

describe('TF.js behaviour the deviation files and the report rely on', () => {
  const cpu = createTfjsImplementation('cpu');
  const wasm = createTfjsImplementation('wasm');
  const plane = (data: number[]) => ({ shape: [1, 1, 1, data.length], data: Float32Array.from(data) });
  const k = (width: number): PoolOptions => ({ kernelSize: [1, width] });

  it('both backends ignore NaN, as TF.js\'s own op test declares', async () => {
    for (const impl of [cpu, wasm]) {
      const got = await impl.maxPool2d!(plane([1, Number.NaN, 5, Number.NaN, 2]), k(5));
      expect(Array.from(got.values.data)).toEqual([5]);
      expect(indexList(got.indices)).toEqual([2n]);
    }
  });

  it('cpu: an all -inf window gives index -1 (PyTorch: its first tap) [undocumented]', async () => {
    const got = await cpu.maxPool2d!(plane([-Infinity, -Infinity]), k(2));
    expect(Array.from(got.values.data)).toEqual([-Infinity]);
    expect(indexList(got.indices)).toEqual([-1n]);
  });

  it('wasm: starts from the smallest positive float, so all-negative windows give 1.17549435e-38 [undocumented]', async () => {
    const got = await wasm.maxPool2d!(plane([-3, -1]), k(2));
    expect(Array.from(got.values.data)).toEqual([1.1754943508222875e-38]);
    expect(indexList(got.indices)).toEqual([0n]);
  });

  it('wasm: the last of tied maxima wins (PyTorch: the first) [undocumented]', async () => {
    const got = await wasm.maxPool2d!(plane([7, 7, 7]), k(3));
    expect(indexList(got.indices)).toEqual([2n]);
    const first = await cpu.maxPool2d!(plane([7, 7, 7]), k(3));
    expect(indexList(first.indices)).toEqual([0n]);
  });

  it('a numeric pad sizes both axes with the first axis\'s kernel and stride [undocumented]', async () => {
    // H=4, W=6, kernel [2, 3], stride [2, 3], pad 1: PyTorch gives 3x2, TF.js 3x4.
    const x = distinctPositive([1, 1, 4, 6], 9);
    const options = { kernelSize: [2, 3], stride: [2, 3], padding: 1 };
    expect(maxPool2d(x, options).values.shape).toEqual([1, 1, 3, 2]);
    for (const impl of [cpu, wasm]) expect((await impl.maxPool2d!(x, options)).values.shape).toEqual([1, 1, 3, 4]);
  });
});
