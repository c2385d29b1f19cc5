/**
 * The fast path (src/fast) against the reference oracle, by property, bit for bit: the same
 * value bits (NaN payloads and the sign of zero included), the same int64 indices, and the same
 * errors (class, kind and message) on random cases, valid and invalid. A failure prints fast-check's
 * `{ seed, path }` for replay and the case itself. Each property also checks that its runs reached
 * the cases it is about; SHOW_COVERAGE=1 prints what they reached.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reference from '../src/reference/index.js';
import * as fast from '../src/fast/index.js';
import { fastMaxPoolPlanes } from '../src/fast/maxPoolPlanes.js';
import { SIMD_CHUNKING, simdApplies, simdKernelAvailable, simdMaxPoolPlanes } from '../src/fast/simdPoolPlanes.js';
import { planeGeometry } from '../src/fast/windowTaps.js';
import type { ParallelPool } from '../src/fast/parallel.js';
import { planMaxPool1d } from '../src/reference/maxPool1d.js';
import { planMaxPool2d } from '../src/reference/maxPool2d.js';
import { planMaxPool3d } from '../src/reference/maxPool3d.js';
import type {
  Dtype, FloatData, IndexTensorInput, PoolOptions, PoolResult, Tensor, UnpoolOptions,
} from '../src/types.js';

type Rank = 1 | 2 | 3;
const POOL = {
  1: { name: 'maxPool1d', reference: reference.maxPool1d, fast: fast.fastMaxPool1d },
  2: { name: 'maxPool2d', reference: reference.maxPool2d, fast: fast.fastMaxPool2d },
  3: { name: 'maxPool3d', reference: reference.maxPool3d, fast: fast.fastMaxPool3d },
} as const;
const UNPOOL = {
  1: { name: 'maxUnpool1d', reference: reference.maxUnpool1d, fast: fast.fastMaxUnpool1d },
  2: { name: 'maxUnpool2d', reference: reference.maxUnpool2d, fast: fast.fastMaxUnpool2d },
  3: { name: 'maxUnpool3d', reference: reference.maxUnpool3d, fast: fast.fastMaxUnpool3d },
} as const;

// ---------------------------------------------------------------------------------------------
// Values: palettes of raw bits, so that NaN payloads (quiet and signalling) and −0 are exact.

const PALETTES = {
  'ties': [0, 1, 1, 2, -1, 2],
  'signed zeros': [-0, 0, -0, 0, -1],
  'infinities': [-Infinity, -Infinity, Infinity, -1, -Infinity],
  'special': [0, -0, 1, -1, 'nanA', Infinity, -Infinity, 'nanB', 'snan', 2],
  'many NaNs': ['nanA', 1, 'nanB', 'snan', -1, 'nanC'],
  'distinct': Array.from({ length: 97 }, (_, i) => ((i * 37) % 97) - 48),
} as const;
type PaletteName = keyof typeof PALETTES;
type PaletteEntry = (typeof PALETTES)[PaletteName][number];

const NAN_BITS_32 = { nanA: 0x7fc00001, nanB: 0xffc00abc, nanC: 0x7fffffff, snan: 0x7f800001 } as const;
const NAN_BITS_64 = {
  nanA: 0x7ff8000000000001n, nanB: 0xfff8000000000abcn, nanC: 0x7fffffffffffffffn, snan: 0x7ff0000000000001n,
} as const;

/** Element i takes palette entry codes[i % codes.length]: independent draws that shrink well. */
function buildData(dtype: Dtype, length: number, palette: PaletteName, codes: readonly number[]): FloatData {
  const entries = PALETTES[palette] as readonly PaletteEntry[];
  const data = dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  const bits32 = new Uint32Array(data.buffer);
  const bits64 = dtype === 'float64' ? new BigUint64Array(data.buffer) : undefined;
  for (let i = 0; i < length; i++) {
    const entry = entries[codes[i % codes.length]! % entries.length]!;
    if (typeof entry === 'number') data[i] = entry;
    else if (dtype === 'float32') bits32[i] = NAN_BITS_32[entry];
    else bits64![i] = NAN_BITS_64[entry];
  }
  return data;
}

const valuesArb = fc.record({
  dtype: fc.constantFrom<Dtype>('float32', 'float64'),
  palette: fc.constantFrom(...(Object.keys(PALETTES) as PaletteName[])),
  codes: fc.array(fc.nat(96), { minLength: 1, maxLength: 24 }),
});

// ---------------------------------------------------------------------------------------------
// Pool cases. Per-dim parameters are drawn for three dims and cut to the rank; options come as a
// number, a per-dim array, or a wrong-length array; some draws are invalid on purpose.

interface PoolCase {
  rank: Rank;
  /** Leading dims: [N, C] or [C] (unbatched). */
  leading: number[];
  spatial: number[];
  options: PoolOptions;
  values: { dtype: Dtype; palette: PaletteName; codes: number[] };
}

/** Mostly small valid numbers, now and then an invalid one (0 or negative). */
const sometimesInvalid = (valid: fc.Arbitrary<number>, invalid: number[]): fc.Arbitrary<number> =>
  fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });

/**
 * Per-dim draws for three dims (cut to the rank). Input lengths are mapped from `extra` so that
 * most windows fit (the window's span, less padding, plus extra); `short` draws a raw length,
 * which often leaves no output (an error case).
 */
const perDimArb = fc.record({
  extra: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 3, maxLength: 3 }),
  short: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(sometimesInvalid(fc.integer({ min: 1, max: 4 }), [0]), { minLength: 3, maxLength: 3 }) }),
  kernel: fc.array(sometimesInvalid(fc.integer({ min: 1, max: 4 }), [0, -1]), { minLength: 3, maxLength: 3 }),
  stride: fc.array(sometimesInvalid(fc.integer({ min: 1, max: 3 }), [0, -2]), { minLength: 3, maxLength: 3 }),
  dilation: fc.array(sometimesInvalid(fc.integer({ min: 1, max: 3 }), [0]), { minLength: 3, maxLength: 3 }),
  /** Capped at kernel / 2 (PyTorch's limit) unless `padding` below says otherwise. */
  padding: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
});

/** How an option is spelled; a wrong-length tuple now and then (an error case). */
const optionFormArb = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('per-dim', 'number') },
  { weight: 1, arbitrary: fc.constant('wrong length') },
);

const poolCaseArb: fc.Arbitrary<PoolCase> = fc.record({
  rank: fc.constantFrom<Rank>(1, 2, 3),
  batch: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 4 }),
  channels: sometimesInvalid(fc.integer({ min: 1, max: 3 }), [0]),
  dims: perDimArb,
  form: fc.record({
    kernel: optionFormArb, stride: fc.oneof(optionFormArb, fc.constant('omitted')),
    padding: optionFormArb, dilation: optionFormArb,
  }),
  padding: fc.oneof({ weight: 30, arbitrary: fc.constant('valid') }, { weight: 1, arbitrary: fc.constantFrom('too large', 'negative') }),
  ceilMode: fc.boolean(),
  wrongRank: fc.oneof({ weight: 30, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) }),
  values: valuesArb,
}).map(({ rank, batch, channels, dims, form, padding, ceilMode, wrongRank, values }) => {
  // The values in effect per dim: a number spelling applies its first draw to every dim.
  const inEffect = (list: number[], how: string): number[] => (how === 'number' ? Array<number>(rank).fill(list[0]!) : list.slice(0, rank));
  const kernel = inEffect(dims.kernel, form.kernel);
  const dilation = inEffect(dims.dilation, form.dilation);
  const halfKernel = kernel.map((k) => Math.max(0, Math.floor(k / 2)));
  const paddingInEffect = form.padding === 'number'
    ? Array<number>(rank).fill(Math.min(dims.padding[0]!, ...halfKernel))
    : dims.padding.slice(0, rank).map((p, j) => Math.min(p, halfKernel[j]!));
  const paddingList = padding === 'negative' ? paddingInEffect.map(() => -1)
    : padding === 'too large' ? halfKernel.map((h) => h + 1) : paddingInEffect;
  const lengths = kernel.map((k, j) => dims.short?.[j] ??
    Math.max(1, (Math.max(k, 1) - 1) * Math.max(dilation[j]!, 1) + 1 - 2 * Math.max(paddingList[j]!, 0) + dims.extra[j]!));

  const spell = (list: number[], how: string): number | number[] =>
    how === 'number' ? list[0]! : how === 'wrong length' ? [...list, 1] : list;
  const options: PoolOptions = {
    kernelSize: spell(kernel, form.kernel),
    padding: spell(paddingList, form.padding),
    dilation: spell(dilation, form.dilation),
    ceilMode,
  };
  if (form.stride !== 'omitted') options.stride = spell(inEffect(dims.stride, form.stride), form.stride);
  const leading = batch === undefined ? [channels] : [batch, channels];
  // A wrong rank drops or adds a spatial dim.
  const spatial = wrongRank < 0 ? lengths.slice(1) : wrongRank > 0 ? [2, ...lengths] : lengths;
  return { rank, leading, spatial, options, values };
});

function poolInput(c: PoolCase): Tensor {
  const shape = [...c.leading, ...c.spatial];
  const length = shape.reduce((a, b) => a * b, 1);
  return { shape, data: buildData(c.values.dtype, length, c.values.palette, c.values.codes) };
}

// ---------------------------------------------------------------------------------------------
// Comparing outcomes bit for bit.

type Outcome<T> = { ok: true; result: T } | { ok: false; error: unknown };

function outcome<T>(run: () => T): Outcome<T> {
  try {
    return { ok: true, result: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error ${String(error)}`;
  const kind = (error as { kind?: string }).kind;
  return `${error.constructor.name}${kind ? ` (${kind})` : ''}: ${error.message}`;
}

/** Throws (with what differs) unless both outcomes are the same error or the same tensors. */
function expectSameOutcome<T>(
  fastOutcome: Outcome<T>, referenceOutcome: Outcome<T>, tensorsOf: (result: T) => Record<string, { shape: number[]; data: ArrayBufferView }>,
): void {
  if (!referenceOutcome.ok || !fastOutcome.ok) {
    const describeOutcome = (o: Outcome<T>): string => (o.ok ? 'a result' : describeError(o.error));
    expect(describeOutcome(fastOutcome), 'fast path outcome vs the reference').toBe(describeOutcome(referenceOutcome));
    return;
  }
  const fastTensors = tensorsOf(fastOutcome.result);
  const referenceTensors = tensorsOf(referenceOutcome.result);
  for (const [name, expected] of Object.entries(referenceTensors)) {
    const actual = fastTensors[name]!;
    expect(actual.shape, `${name} shape`).toEqual(expected.shape);
    expect(actual.data.constructor, `${name} array type`).toBe(expected.data.constructor);
    const a = bytesOf(actual.data);
    const b = bytesOf(expected.data);
    const elementSize = (expected.data as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const firstDiff = a.findIndex((byte, i) => byte !== b[i]);
    if (a.length !== b.length || firstDiff >= 0) {
      const element = Math.floor(firstDiff / elementSize);
      const view = expected.data as unknown as ArrayLike<unknown>;
      const actualView = actual.data as unknown as ArrayLike<unknown>;
      throw new Error(`${name} differ at element ${element}: fast ${String(actualView[element])}, reference ${String(view[element])}` +
        ` (bytes ${Array.from(a.subarray(element * elementSize, (element + 1) * elementSize))} vs ${Array.from(b.subarray(element * elementSize, (element + 1) * elementSize))})`);
    }
  }
}

const poolTensors = (r: PoolResult): Record<string, { shape: number[]; data: ArrayBufferView }> =>
  ({ values: r.values, indices: r.indices });

// ---------------------------------------------------------------------------------------------
// Coverage: the properties must actually reach the cases they are about.

interface Coverage { [what: string]: number }

function countPoolCoverage(coverage: Coverage, c: PoolCase, x: Tensor, result: Outcome<PoolResult>): void {
  const bump = (what: string): void => { coverage[what] = (coverage[what] ?? 0) + 1; };
  if (!result.ok) {
    bump('errors');
    if (process.env.SHOW_COVERAGE) bump(`error: ${String((result.error as Error).message).replace(/[0-9-]+/g, 'N').slice(0, 60)}`);
    return;
  }
  bump(`${c.rank}-D ${c.values.dtype}`);
  if (c.leading.length === 1) bump('unbatched');
  if (c.leading.length === 2 && c.leading[0]! > 1 && c.leading[1]! > 1) bump('N > 1 and C > 1');
  const { values, indices } = result.result;
  const planeSize = c.spatial.reduce((a, b) => a * b, 1);
  for (let i = 0; i < values.data.length; i++) {
    if (Number(indices.data[i]) >= planeSize) { bump('windows wholly in padding'); break; }
  }
  if (Array.from(values.data).some(Number.isNaN)) bump('NaN chosen');
  if (Array.from(x.data).some((v) => Object.is(v, -0))) bump('−0 in input');
  if (['ties', 'signed zeros', 'infinities'].includes(c.values.palette)) bump('values full of ties');
  const list = (v: PoolOptions['kernelSize'] | undefined): number[] => (v === undefined ? [] : typeof v === 'number' ? [v] : [...v]);
  if (c.options.ceilMode) bump('ceil mode');
  if (list(c.options.dilation).some((d) => d > 1)) bump('dilation > 1');
  if (list(c.options.padding).some((p) => p > 0)) bump('padding > 0');
  if (new Set(list(c.options.kernelSize)).size > 1 && new Set(list(c.options.stride)).size > 1) bump('asymmetric kernel and stride');
}

function expectCovered(coverage: Coverage, required: string[]): void {
  if (process.env.SHOW_COVERAGE) console.log(JSON.stringify(coverage));
  for (const what of required) {
    expect(coverage[what] ?? 0, `property runs that reached "${what}" (coverage: ${JSON.stringify(coverage)})`).toBeGreaterThan(0);
  }
}

// ---------------------------------------------------------------------------------------------

describe('fast path equals the reference, bit for bit (property)', () => {
  it('max pool 1-D/2-D/3-D: values, indices and errors', () => {
    const coverage: Coverage = {};
    fc.assert(fc.property(poolCaseArb, (c) => {
      const x = poolInput(c);
      const op = POOL[c.rank];
      const expected = outcome(() => op.reference(x, c.options));
      expectSameOutcome(outcome(() => op.fast(x, c.options)), expected, poolTensors);
      countPoolCoverage(coverage, c, x, expected);
    }), { numRuns: 5000 });
    expectCovered(coverage, [
      'errors', '1-D float32', '2-D float64', '3-D float32', '3-D float64', 'unbatched', 'N > 1 and C > 1',
      'windows wholly in padding', 'NaN chosen', '−0 in input', 'values full of ties', 'ceil mode', 'dilation > 1',
      'padding > 0', 'asymmetric kernel and stride',
    ]);
  });

  it('max pool on longer rows (the fast path sweeps whole rows of outputs)', () => {
    const longCaseArb = fc.record({
      rank: fc.constantFrom<Rank>(1, 2, 3),
      length: fc.integer({ min: 1, max: 70 }),
      kernel: fc.integer({ min: 1, max: 5 }),
      stride: fc.integer({ min: 1, max: 4 }),
      dilation: fc.integer({ min: 1, max: 3 }),
      padding: fc.nat(2),
      ceilMode: fc.boolean(),
      values: valuesArb,
    });
    fc.assert(fc.property(longCaseArb, ({ rank, length, kernel, stride, dilation, padding, ceilMode, values }) => {
      const spatial = [length, 3, 5].slice(0, rank).reverse(); // the long dim last: the swept one
      const shape = [2, 2, ...spatial];
      const x: Tensor = { shape, data: buildData(values.dtype, shape.reduce((a, b) => a * b, 1), values.palette, values.codes) };
      const options: PoolOptions = {
        kernelSize: kernel, stride, dilation, padding: Math.min(padding, Math.floor(kernel / 2)), ceilMode,
      };
      const op = POOL[rank];
      expectSameOutcome(outcome(() => op.fast(x, options)), outcome(() => op.reference(x, options)), poolTensors);
    }), { numRuns: 600 });
  });

  it('max unpool 1-D/2-D/3-D, from real pool results and from arbitrary (invalid, duplicate, huge) indices', () => {
    const coverage: Coverage = {};
    const bump = (what: string): void => { coverage[what] = (coverage[what] ?? 0) + 1; };
    const unpoolCaseArb = fc.record({
      pool: poolCaseArb,
      outputSize: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('default', 'pool input size', 'anywhere in the accepted range') },
        { weight: 1, arbitrary: fc.constantFrom('with N and C', 'one less', 'too large', 'wrong length') },
      ),
      indexSource: fc.constantFrom('pool', 'pool', 'pool', 'arbitrary', 'pool, one moved by ±2^32'),
      movedIndex: fc.record({ position: fc.nat(), by: fc.constantFrom(2n ** 32n, -(2n ** 32n), 2n ** 62n) }),
      arbitraryIndices: fc.array(fc.constantFrom(
        0n, 1n, 2n, 3n, 5n, 7n, -1n, 2n ** 32n, 2n ** 32n + 1n, -(2n ** 32n), 2n ** 31n, 2n ** 63n - 1n, -(2n ** 63n),
      ), { minLength: 1, maxLength: 16 }),
      sizeDraw: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
      indexType: fc.constantFrom('BigInt64Array', 'BigInt64Array', 'Int32Array', 'Float64Array'),
      indexShape: fc.oneof({ weight: 12, arbitrary: fc.constant('same') }, { weight: 1, arbitrary: fc.constant('different') }),
    });
    fc.assert(fc.property(unpoolCaseArb, (u) => {
      const x = poolInput(u.pool);
      const pooled = outcome(() => POOL[u.pool.rank].reference(x, u.pool.options));
      if (!pooled.ok) return; // invalid pool cases are the pool property's business
      const { values, indices } = pooled.result;
      const rank = u.pool.rank;
      const options: UnpoolOptions = {
        kernelSize: u.pool.options.kernelSize, padding: u.pool.options.padding,
        ...(u.pool.options.stride === undefined ? {} : { stride: u.pool.options.stride }),
      };
      const spatial = u.pool.spatial;
      if (u.outputSize === 'pool input size') options.outputSize = spatial;
      if (u.outputSize === 'anywhere in the accepted range') {
        const perDim = (v: PoolOptions['kernelSize'] | undefined, fallback: number[]): number[] =>
          v === undefined ? fallback : typeof v === 'number' ? Array<number>(rank).fill(v) : [...v];
        const kernel = perDim(options.kernelSize, []);
        const stride = perDim(options.stride, kernel);
        const padding = perDim(options.padding, Array<number>(rank).fill(0));
        const pooledSpatial = values.shape.slice(-rank);
        options.outputSize = pooledSpatial.map((length, j) => {
          const range = reference.unpoolOutputSizeRange(length, { kernelSize: kernel[j]!, stride: stride[j]!, padding: padding[j]! });
          return range.min + (u.sizeDraw[j]! % Math.max(1, range.max - range.min + 1));
        });
      }
      if (u.outputSize === 'with N and C') options.outputSize = [9, 9, ...spatial];
      if (u.outputSize === 'one less') options.outputSize = spatial.map((s) => s - 1);
      if (u.outputSize === 'too large') options.outputSize = spatial.map((s) => s + 50);
      if (u.outputSize === 'wrong length') options.outputSize = [...spatial, 1, 1, 1];

      const raw = u.indexSource === 'arbitrary'
        ? BigInt64Array.from({ length: indices.data.length }, (_, i) => u.arbitraryIndices[i % u.arbitraryIndices.length]!)
        : indices.data.slice();
      // Same low word, other high word: invalid, and only the high word says so.
      if (u.indexSource === 'pool, one moved by ±2^32' && raw.length > 0) {
        const position = u.movedIndex.position % raw.length;
        raw[position] = raw[position]! + u.movedIndex.by;
      }
      const indexData: IndexTensorInput['data'] =
        u.indexType === 'Int32Array' ? Int32Array.from(raw, (v) => Number(BigInt.asIntN(32, v)))
          : u.indexType === 'Float64Array' ? Float64Array.from(raw, (v) => Number(v))
            : raw;
      const indexTensor = u.indexShape === 'same' ? { shape: indices.shape, data: indexData } : withLastDimGrown(indices.shape, indexData);

      const op = UNPOOL[rank];
      const expected = outcome(() => op.reference(values, indexTensor, options));
      expectSameOutcome(outcome(() => op.fast(values, indexTensor, options)), expected, (t: Tensor) => ({ output: t }));

      if (expected.ok) bump(`${rank}-D ok`);
      else if (String((expected.error as Error).message).startsWith('Found an invalid max index')) bump(`invalid index (${u.indexType})`);
      else { bump('other errors'); if (process.env.SHOW_COVERAGE) bump(`error: ${String((expected.error as Error).message).replace(/[0-9-]+/g, 'N').slice(0, 70)}`); }
      if (u.indexSource === 'arbitrary' && expected.ok && values.data.length > 1) bump('arbitrary indices accepted');
      if (u.indexSource === 'pool, one moved by ±2^32' && !expected.ok) bump('index off by 2^32 refused');
    }), { numRuns: 3000 });
    expectCovered(coverage, [
      '1-D ok', '2-D ok', '3-D ok', 'other errors',
      'invalid index (BigInt64Array)', 'invalid index (Int32Array)', 'invalid index (Float64Array)', 'arbitrary indices accepted', 'index off by 2^32 refused',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Each kernel on its own: float32 goes to the WebAssembly SIMD kernel wherever it applies, so the
// JavaScript kernel (float64, and engines without WebAssembly SIMD) is checked on float32 too, and
// the SIMD kernel is checked with tiny regions and output chunks, so that small inputs reach every
// region reload and copy out that a big input does.

const PLAN = { 1: planMaxPool1d, 2: planMaxPool2d, 3: planMaxPool3d } as const;

/** Rows long enough for the SIMD kernel's blocks of 8 and 4 outputs and its scalar edges. */
const kernelCaseArb = fc.record({
  rank: fc.constantFrom<Rank>(1, 2, 3),
  planes: fc.integer({ min: 1, max: 3 }),
  length: fc.integer({ min: 1, max: 45 }),
  cross: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 2 }),
  kernel: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
  stride: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 3, maxLength: 3 }),
  dilation: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
  padding: fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }),
  ceilMode: fc.boolean(),
  values: valuesArb.map((v) => ({ ...v, dtype: 'float32' as Dtype })),
  chunking: fc.record({ regionElements: fc.constantFrom(1, 7, 64, 2 ** 18), outputChunk: fc.constantFrom(1, 5, 2 ** 14) }),
});

type KernelCase = typeof kernelCaseArb extends fc.Arbitrary<infer T> ? T : never;

function kernelCase(c: KernelCase): { x: Tensor; options: PoolOptions } {
  const spatial = [...c.cross.slice(0, c.rank - 1), c.length];
  const shape = [c.planes, 1, ...spatial];
  const x: Tensor = { shape, data: buildData('float32', shape.reduce((a, b) => a * b, 1), c.values.palette, c.values.codes) };
  const kernel = c.kernel.slice(0, c.rank);
  const options: PoolOptions = {
    kernelSize: kernel, stride: c.stride.slice(0, c.rank), dilation: c.dilation.slice(0, c.rank), ceilMode: c.ceilMode,
    padding: c.padding.slice(0, c.rank).map((p, j) => Math.min(p, Math.floor(kernel[j]! / 2))),
  };
  return { x, options };
}

describe('each fast kernel on its own equals the reference, bit for bit (property)', () => {
  it('WebAssembly SIMD is available here, so the properties above check the SIMD kernel on float32', () => {
    expect(simdKernelAvailable(), 'WebAssembly SIMD in this Node').toBe(true);
  });

  it('the SIMD kernel, with regions and output chunks from 1 element up', () => {
    const coverage: Coverage = {};
    const saved = { ...SIMD_CHUNKING };
    try {
      fc.assert(fc.property(kernelCaseArb, (c) => {
        const { x, options } = kernelCase(c);
        const expected = outcome(() => POOL[c.rank].reference(x, options));
        if (!expected.ok) return;
        Object.assign(SIMD_CHUNKING, c.chunking);
        const plan = PLAN[c.rank](x, options);
        const geometry = planeGeometry(plan)!;
        const n = expected.result.values.data.length;
        // Garbage in the outputs: every element must be written.
        const values = new Float32Array(n).fill(NaN);
        const indices = new BigInt64Array(n).fill(-7n);
        const used = simdMaxPoolPlanes(geometry, x.data as Float32Array, 0, 0, plan.planeCount, values, indices, 0);
        Object.assign(SIMD_CHUNKING, saved);
        const bump = (what: string): void => { coverage[what] = (coverage[what] ?? 0) + 1; };
        if (!used) { bump('not for the SIMD kernel (a window in the padding only)'); return; }
        bump(`${c.rank}-D`);
        const stride = c.stride[c.rank - 1]!;
        const outputWidth = expected.result.values.shape.at(-1)!;
        if (outputWidth >= 8) bump(`stride ${Math.min(stride, 3)}, a block of 8`);
        if (outputWidth % 8 >= 4) bump('a block of 4');
        if (c.chunking.regionElements < 64 && c.planes > 1) bump('region reloads');
        if (Array.from(expected.result.values.data).some(Number.isNaN)) bump('NaN chosen');
        expectSameOutcome({ ok: true, result: { values: { shape: expected.result.values.shape, data: values }, indices: { shape: expected.result.indices.shape, data: indices } } },
          expected, poolTensors);
      }), { numRuns: 1500 });
    } finally {
      Object.assign(SIMD_CHUNKING, saved);
    }
    expectCovered(coverage, ['1-D', '2-D', '3-D', 'stride 1, a block of 8', 'stride 2, a block of 8', 'stride 3, a block of 8',
      'a block of 4', 'region reloads', 'NaN chosen']);
  });

  it('the JavaScript kernel on float32 (what runs where WebAssembly SIMD does not)', () => {
    fc.assert(fc.property(kernelCaseArb, (c) => {
      const { x, options } = kernelCase(c);
      const expected = outcome(() => POOL[c.rank].reference(x, options));
      if (!expected.ok) return;
      const { values, indices } = fastMaxPoolPlanes(PLAN[c.rank](x, options), undefined, 'javascript');
      expectSameOutcome({ ok: true, result: { values: { shape: expected.result.values.shape, data: values }, indices: { shape: expected.result.indices.shape, data: indices } } },
        expected, poolTensors);
    }), { numRuns: 500 });
  });
});

describe('caller-provided outputs (out)', () => {
  it('pool and unpool write every element of out, equal to the reference, and return out\'s own arrays (property)', () => {
    fc.assert(fc.property(poolCaseArb, fc.constantFrom(NaN, -0, 7), (c, garbage) => {
      const x = poolInput(c);
      const expected = outcome(() => POOL[c.rank].reference(x, c.options));
      if (!expected.ok) return;
      const n = expected.result.values.data.length;
      const out = {
        values: { data: (x.data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n)).fill(garbage) },
        indices: { data: new BigInt64Array(n).fill(-(2n ** 40n)) },
      };
      const result = POOL[c.rank].fast(x, c.options, out);
      expect(result.values.data).toBe(out.values.data);
      expect(result.indices.data).toBe(out.indices.data);
      expectSameOutcome({ ok: true, result }, expected, poolTensors);

      const { values, indices } = expected.result;
      const unpoolOptions: UnpoolOptions = { kernelSize: c.options.kernelSize, stride: c.options.stride, padding: c.options.padding };
      const unpooled = outcome(() => UNPOOL[c.rank].reference(values, indices, unpoolOptions));
      if (!unpooled.ok) return;
      const into = { data: unpooled.result.data.slice().fill(garbage) };
      const fastUnpooled = UNPOOL[c.rank].fast(values, indices, unpoolOptions, into);
      expect(fastUnpooled.data).toBe(into.data);
      expectSameOutcome({ ok: true, result: fastUnpooled }, unpooled, (t: Tensor) => ({ output: t }));
    }), { numRuns: 1000 });
  });

  it('an out of the wrong type or length, or sharing memory with an input, is refused with one line', () => {
    const x = { shape: [1, 1, 4, 4], data: new Float32Array(16) };
    const options = { kernelSize: 2 };
    const right = () => ({ values: { data: new Float32Array(4) }, indices: { data: new BigInt64Array(4) } });
    expect(() => fast.fastMaxPool2d(x, options, { ...right(), values: { data: new Float64Array(4) } }))
      .toThrow('out: values.data must be a Float32Array of 4 elements (the result\'s size), got Float64Array(4)');
    expect(() => fast.fastMaxPool2d(x, options, { ...right(), indices: { data: new BigInt64Array(5) } }))
      .toThrow('out: indices.data must be a BigInt64Array of 4 elements (the result\'s size), got BigInt64Array(5)');
    expect(() => fast.fastMaxPool2d(x, options, { ...right(), values: { data: x.data.subarray(12) } }))
      .toThrow('out: values.data shares memory with the input; pass arrays of their own');
    expect(() => fast.fastMaxPool2d(x, options, {} as never)).toThrow('out: values.data must be a Float32Array of 4 elements');
    const pooled = fast.fastMaxPool2d(x, options);
    expect(() => fast.fastMaxUnpool2d(pooled.values, pooled.indices, options, { data: new Float32Array(15) }))
      .toThrow('out: data must be a Float32Array of 16 elements (the result\'s size), got Float32Array(15)');
    expect(() => fast.fastMaxUnpool2d(pooled.values, pooled.indices, options, { data: x.data }))
      .not.toThrow();
    const error = (() => { try { fast.fastMaxPool2d(x, options, { ...right(), indices: { data: new BigInt64Array(1) } }); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(reference.PoolcheckError);
    expect(String((error as Error).message)).not.toContain('\n');
  });
});

describe('the parallel pool equals the reference, bit for bit (property)', () => {
  // Its workers run the built module (a worker thread cannot load TypeScript), so this checks
  // dist/, which `npm test` builds first.
  const parallelModule = new URL('../dist/fast/parallel.js', import.meta.url).href;
  let pool: ParallelPool;
  beforeAll(async () => {
    const { createParallelPool } = await import(parallelModule).catch((error: Error) => {
      throw new Error(`cannot load ${parallelModule} (run \`npm run build\` first; \`npm test\` does): ${error.message}`);
    }) as typeof import('../src/fast/parallel.js');
    // Three threads: two workers and the caller, so that the runs of planes are uneven.
    pool = await createParallelPool({ threads: 3 });
  });
  afterAll(async () => { await pool?.close(); });

  it('max pool 1-D/2-D/3-D on several planes, split across threads; values, indices, errors, out', () => {
    const coverage: Coverage = {};
    const bump = (what: string): void => { coverage[what] = (coverage[what] ?? 0) + 1; };
    const memoryArb = fc.constantFrom('ArrayBuffer', 'SharedArrayBuffer');
    fc.assert(fc.property(kernelCaseArb, fc.integer({ min: 1, max: 8 }), fc.boolean(), memoryArb, memoryArb, (c, planes, withOut, inputMemory, outMemory) => {
      const { x: unshared, options } = kernelCase({ ...c, planes });
      // Shared memory is read and written by the workers in place, at an offset into its buffer.
      const inShared = (length: number, bytes: number): ArrayBuffer | SharedArrayBuffer => new SharedArrayBuffer(bytes * (length + 3));
      const x = inputMemory === 'ArrayBuffer' ? unshared : {
        shape: unshared.shape, data: new Float32Array(inShared(unshared.data.length, 4), 12, unshared.data.length),
      };
      if (x !== unshared) (x.data as Float32Array).set(unshared.data as Float32Array);
      const expected = outcome(() => POOL[c.rank].reference(x, options));
      const name = `maxPool${c.rank}d` as const;
      let out: PoolResult | undefined;
      if (withOut && expected.ok) {
        const n = expected.result.values.data.length;
        const memory = (bytes: number): ArrayBuffer | SharedArrayBuffer => (outMemory === 'ArrayBuffer' ? new ArrayBuffer(bytes * (n + 1)) : inShared(n, bytes));
        out = {
          values: { shape: [], data: new Float32Array(memory(4), 4, n).fill(NaN) },
          indices: { shape: [], data: new BigInt64Array(memory(8), 8, n).fill(-1n) },
        };
        if (outMemory === 'SharedArrayBuffer') bump('shared out');
      }
      if (inputMemory === 'SharedArrayBuffer') bump('shared input');
      const got = outcome(() => pool[name](x, options, out));
      expectSameOutcome(got, expected, poolTensors);
      if (got.ok && out) expect(got.result.values.data).toBe(out.values.data);
      if (!expected.ok) { bump('errors'); return; }
      const geometry = planeGeometry(PLAN[c.rank](x, options));
      if (planes >= 3 && geometry && simdApplies(geometry)) bump('split across 3 threads');
      else bump('on the calling thread');
    }), { numRuns: 400 });
    expectCovered(coverage, ['split across 3 threads', 'on the calling thread', 'shared input', 'shared out']);
  });

  it('float64, and errors, as the single-threaded fast path; unpool too', () => {
    fc.assert(fc.property(poolCaseArb, (c) => {
      const x = poolInput(c);
      const name = `maxPool${c.rank}d` as const;
      expectSameOutcome(outcome(() => pool[name](x, c.options)), outcome(() => POOL[c.rank].reference(x, c.options)), poolTensors);
    }), { numRuns: 300 });
    const x = { shape: [1, 1, 5], data: Float32Array.from([1, 5, 2, 7, 3]) };
    const { values, indices } = pool.maxPool1d(x, { kernelSize: 2 });
    expect(Array.from(pool.maxUnpool1d(values, indices, { kernelSize: 2, outputSize: [5] }).data)).toEqual([0, 5, 0, 7, 0]);
  });
});

/** Indices whose shape differs from the input's (last dim one longer), of the same array type. */
function withLastDimGrown(shape: number[], like: IndexTensorInput['data']): IndexTensorInput {
  const grown = [...shape.slice(0, -1), shape[shape.length - 1]! + 1];
  const length = grown.reduce((a, b) => a * b, 1);
  const data = like instanceof BigInt64Array ? new BigInt64Array(length)
    : like instanceof Int32Array ? new Int32Array(length) : new Float64Array(length);
  return { shape: grown, data };
}

describe('fast path: the gotchas of SEMANTICS.md, as fixed examples', () => {
  const f32 = (shape: number[], values: number[]): Tensor => ({ shape, data: Float32Array.from(values) });
  const same = <T>(fastRun: () => T, referenceRun: () => T, tensorsOf: (r: T) => Record<string, { shape: number[]; data: ArrayBufferView }>): void =>
    expectSameOutcome(outcome(fastRun), outcome(referenceRun), tensorsOf);

  it('last NaN wins; −0 ties +0; all-padding window gives −inf with index 2', () => {
    const nan = f32([1, 1, 5], [1, NaN, 5, NaN, 2]);
    same(() => fast.fastMaxPool1d(nan, { kernelSize: 5 }), () => reference.maxPool1d(nan, { kernelSize: 5 }), poolTensors);
    const zeros = f32([1, 1, 2], [-0, 0]);
    same(() => fast.fastMaxPool1d(zeros, { kernelSize: 2 }), () => reference.maxPool1d(zeros, { kernelSize: 2 }), poolTensors);
    const pad = f32([1, 1, 2], [3, 4]);
    const options = { kernelSize: 2, stride: 1, padding: 1, dilation: 3 };
    const result = fast.fastMaxPool1d(pad, options);
    expect(Array.from(result.values.data)).toEqual([-Infinity]);
    expect(Array.from(result.indices.data)).toEqual([2n]);
    same(() => fast.fastMaxPool1d(pad, options), () => reference.maxPool1d(pad, options), poolTensors);
  });

  it('a signalling NaN keeps its payload (values are copied, not recomputed)', () => {
    const data = new Float32Array(4);
    new Uint32Array(data.buffer).set([0x7f800001, 0, 0xffc00abc, 1]);
    const result = fast.fastMaxPool1d({ shape: [1, 1, 4], data }, { kernelSize: 2 });
    expect(Array.from(new Uint32Array(result.values.data.buffer))).toEqual([0x7f800001, 0xffc00abc]);
  });

  it('unpool names the last invalid index, exactly, even beyond 2^53', () => {
    const x = f32([1, 1, 3], [1, 2, 3]);
    const indices = { shape: [1, 1, 3], data: BigInt64Array.from([2n ** 32n, 1n, 2n ** 63n - 1n]) };
    expect(() => fast.fastMaxUnpool1d(x, indices, { kernelSize: 2 }))
      .toThrow('Found an invalid max index: 9223372036854775807 (output volumes are of size 6x1');
  });

  it('W-sized inputs (a 2-D row of 127 outputs and a 3-D volume) agree with the reference', () => {
    const shape = [1, 3, 61, 255];
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => ((i * 7919) % 1009) - 500);
    data[1234] = NaN;
    data[777] = -0;
    const x = { shape, data };
    const options = { kernelSize: 3, stride: 2, padding: 1 };
    same(() => fast.fastMaxPool2d(x, options), () => reference.maxPool2d(x, options), poolTensors);
    const volume = { shape: [2, 2, 8, 16, 16], data: data.subarray(0, 2 * 2 * 8 * 16 * 16) };
    same(() => fast.fastMaxPool3d(volume, { kernelSize: 2 }), () => reference.maxPool3d(volume, { kernelSize: 2 }), poolTensors);
  });
});

describe('fast path against the golden corpus', () => {
  it('agrees with PyTorch 1.13 on every golden case (values bit for bit, NaN payloads included; errors by message)', async () => {
    const { verifyGolden } = await import('../src/golden/index.js');
    const report = await verifyGolden(
      { name: 'fast path', ...fast.fastOps, capabilities: { errors: 'pytorch' } },
      { errors: 'pytorch', nan: 'exact' },
    );
    expect(report.checked).toBeGreaterThan(1000);
    expect(report.failures.map((f) => `${f.case.id}: ${f.disagreement.summary}`)).toEqual([]);
    expect(report.agreed).toBe(report.checked);
  });
});
