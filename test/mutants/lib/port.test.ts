/**
 * The mutants are only meaningful if the port they share is correct with every fault off: then
 * each mutant differs from PyTorch by its one fault and nothing else. This checks the clean port
 * against the reference on random small cases of every kind (ranks, batching, options, special
 * values, invalid arguments, unpool of real and of arbitrary indices), errors included, down to
 * the wording of the errors the port words itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as reference from '../../../src/reference/index.js';
import type {
  FloatData, IndexTensorInput, PoolOpName, PoolOptions, Tensor, UnpoolOpName, UnpoolOptions,
} from '../../../src/types.js';
import { type Call, firstDifference, referenceImplementation, run } from './outcome.js';
import { makePort } from './port.js';

const port = makePort();

/** Ties, both zeros, infinities and NaNs with different payloads, one of them signalling. */
const PALETTE: (number | keyof typeof NAN_BITS)[] = [0, 1, 1, 2, -1, -0, 0, -2, Infinity, -Infinity, -Infinity, 'nanA', 'nanB', 'signalling', 0.1, 3];

const NAN_BITS = {
  nanA: { float32: 0x7fc00011, float64: 0x7ff8000000000011n },
  nanB: { float32: 0xffc00022, float64: 0xfff8000000000022n },
  signalling: { float32: 0x7f800001, float64: 0x7ff0000000000001n },
};

function tensorFrom(shape: number[], codes: number[], float64: boolean): Tensor {
  const length = shape.reduce((a, b) => a * b, 1);
  const data: FloatData = float64 ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const entry = PALETTE[codes[i % codes.length]!]!;
    if (typeof entry === 'number') data[i] = entry;
    else if (float64) new BigUint64Array(data.buffer)[i] = NAN_BITS[entry].float64;
    else new Uint32Array(data.buffer)[i] = NAN_BITS[entry].float32;
  }
  return { shape, data };
}

const axis = fc.record({
  length: fc.integer({ min: 1, max: 7 }),
  kernel: fc.integer({ min: 1, max: 4 }),
  stride: fc.integer({ min: 1, max: 3 }),
  padding: fc.integer({ min: 0, max: 2 }),
  dilation: fc.integer({ min: 1, max: 3 }),
});

/** Mostly valid arguments; now and then one broken the way callers break them. */
const breakage = fc.oneof(
  { weight: 8, arbitrary: fc.constant('none') },
  { weight: 1, arbitrary: fc.constantFrom('kernel 0', 'negative padding', 'padding over the limit', 'stride 0') },
);

/** How one option is written: a bare number, a one-element list, one number per axis, or left out. */
const optionForm = fc.constantFrom('number', 'one-element list', 'per axis', 'omitted');

const poolCase = fc.record({
  rank: fc.constantFrom<1 | 2 | 3>(1, 2, 3),
  batch: fc.constantFrom<number | undefined>(undefined, 0, 1, 2),
  channels: fc.integer({ min: 1, max: 3 }),
  axes: fc.array(axis, { minLength: 3, maxLength: 3 }),
  forms: fc.record({ kernel: optionForm, stride: optionForm, padding: optionForm, dilation: optionForm }),
  ceilMode: fc.constantFrom<boolean | undefined>(true, false, undefined),
  float64: fc.boolean(),
  breakage,
  codes: fc.array(fc.integer({ min: 0, max: PALETTE.length - 1 }), { minLength: 1, maxLength: 40 }),
});

const unpoolTwist = fc.record({
  sizeMode: fc.constantFrom('default', 'spatial', 'with N and C'),
  sizeDeltas: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 3, maxLength: 3 }),
  indexType: fc.constantFrom('BigInt64Array', 'Int32Array', 'Float64Array'),
  /** Indices rewritten at random (out of range and duplicates included) instead of the pool's. */
  arbitraryIndices: fc.option(fc.array(fc.integer({ min: -1, max: 30 }), { minLength: 1, maxLength: 20 }), { nil: undefined }),
});

type PoolCase = typeof poolCase extends fc.Arbitrary<infer T> ? T : never;
type UnpoolTwist = typeof unpoolTwist extends fc.Arbitrary<infer T> ? T : never;
type AxisOption = 'kernel' | 'stride' | 'padding' | 'dilation';

const DEFAULTS: Record<Exclude<AxisOption, 'kernel'>, (kernel: number) => number> = {
  stride: (kernel) => kernel, padding: () => 0, dilation: () => 1,
};

function poolCall({ rank, batch, channels, axes, forms, ceilMode, float64, breakage, codes }: PoolCase): Call {
  const used = axes.slice(0, rank).map((a) => ({ ...a }));
  // A number or a one-element list applies to every axis; a left-out option takes its default.
  for (const name of ['kernel', 'stride', 'padding', 'dilation'] as const) {
    if (forms[name] === 'per axis') continue;
    if (name !== 'kernel' && forms[name] === 'omitted') used.forEach((a) => { a[name] = DEFAULTS[name](a.kernel); });
    else used.forEach((a) => { a[name] = used[0]![name]; });
  }
  // Valid padding is at most half the kernel.
  used.forEach((a) => { a.padding = Math.min(a.padding, Math.trunc(a.kernel / 2)); });
  const broken = breakage === 'kernel 0' ? 'kernel' : breakage === 'stride 0' ? 'stride' : breakage === 'none' ? undefined : 'padding';
  if (broken !== undefined) {
    // The last axis breaks, or every axis when the option is one number.
    const targets = forms[broken] === 'per axis' ? [used[rank - 1]!] : used;
    for (const a of targets) {
      if (breakage === 'kernel 0') a.kernel = 0;
      if (breakage === 'stride 0') a.stride = 0;
      if (breakage === 'negative padding') a.padding = -1;
      if (breakage === 'padding over the limit') a.padding = Math.trunc(a.kernel / 2) + 1;
    }
    if (forms[broken] === 'omitted') forms = { ...forms, [broken]: 'number' };
  }
  const written = (name: AxisOption): number | number[] | undefined => {
    const form = forms[name];
    if (form === 'omitted' && name !== 'kernel') return undefined;
    if (form === 'per axis') return used.map((a) => a[name]);
    return form === 'one-element list' ? [used[0]![name]] : used[0]![name];
  };
  const options: PoolOptions = { kernelSize: written('kernel')! };
  for (const [key, name] of [['stride', 'stride'], ['padding', 'padding'], ['dilation', 'dilation']] as const) {
    const value = written(name);
    if (value !== undefined) options[key] = value;
  }
  if (ceilMode !== undefined) options.ceilMode = ceilMode;
  const shape = [...(batch === undefined ? [] : [batch]), channels, ...used.map((a) => a.length)];
  return { op: `maxPool${rank}d` as PoolOpName, x: tensorFrom(shape, codes, float64), options };
}

function indexArray(values: readonly (number | bigint)[], type: string): IndexTensorInput['data'] {
  const numbers = values.map(Number);
  if (type === 'Int32Array') return Int32Array.from(numbers);
  if (type === 'Float64Array') return Float64Array.from(numbers);
  return BigInt64Array.from(numbers, (n) => BigInt(n));
}

/** Unpools what the reference pooled, with the pool's kernel, stride and padding. */
function unpoolCall(pool: Extract<Call, { op: PoolOpName }>, twist: UnpoolTwist): Call | undefined {
  let pooled;
  try {
    pooled = reference[pool.op](pool.x, pool.options);
  } catch {
    return undefined;
  }
  const rank = Number(pool.op.charAt(7)) as 1 | 2 | 3;
  const spatial = pooled.values.shape.slice(-rank);
  const perAxis = (v: number | readonly number[] | undefined, j: number): number | undefined =>
    (typeof v === 'number' ? v : v?.length === 1 ? v[0] : v?.[j]);
  const defaults = spatial.map((length, j) => reference.unpoolDefaultLength(length, {
    kernelSize: perAxis(pool.options.kernelSize, j)!,
    stride: perAxis(pool.options.stride, j) ?? perAxis(pool.options.kernelSize, j)!,
    padding: perAxis(pool.options.padding, j) ?? 0,
  }));
  const requested = defaults.map((size, j) => size + twist.sizeDeltas[j]!);
  const outputSize = twist.sizeMode === 'default' ? undefined
    : twist.sizeMode === 'spatial' ? requested : [7, 9, ...requested];
  const raw = twist.arbitraryIndices === undefined
    ? Array.from(pooled.indices.data)
    : Array.from(pooled.indices.data, (_, i) => twist.arbitraryIndices![i % twist.arbitraryIndices!.length]!);
  const options: UnpoolOptions = {
    kernelSize: pool.options.kernelSize,
    ...(pool.options.stride === undefined ? {} : { stride: pool.options.stride }),
    ...(pool.options.padding === undefined ? {} : { padding: pool.options.padding }),
    ...(outputSize === undefined ? {} : { outputSize }),
  };
  const indices = { shape: [...pooled.indices.shape], data: indexArray(raw, twist.indexType) };
  return { op: pool.op.replace('maxPool', 'maxUnpool') as UnpoolOpName, x: pooled.values, indices, options };
}

async function expectAgreement(call: Call): Promise<void> {
  const expected = await run(referenceImplementation, call);
  if (expected.kind === 'error') expect(expected.errorName, `the reference crashed: ${expected.message}`).toBe('PoolcheckError');
  const difference = firstDifference(expected, await run(port, call), true);
  expect(difference, `${call.op} ${JSON.stringify(call.options)} on shape [${call.x.shape}]`).toBeUndefined();
}

describe('the mutant port with every fault off agrees with the reference', () => {
  it('on random max pool cases (values, indices, shapes and error messages)', async () => {
    let pooled = 0;
    await fc.assert(fc.asyncProperty(poolCase, async (c) => {
      const call = poolCall(c);
      if (!('message' in (await run(referenceImplementation, call)))) pooled++;
      await expectAgreement(call);
    }), { numRuns: 600 });
    // Errors are compared too, but most cases must have produced a result to compare.
    expect(pooled).toBeGreaterThan(300);
  });

  it('on random max unpool cases (real and arbitrary indices, every outputSize form)', async () => {
    let unpooled = 0;
    await fc.assert(fc.asyncProperty(poolCase, unpoolTwist, async (c, twist) => {
      const call = unpoolCall(poolCall(c) as Extract<Call, { op: PoolOpName }>, twist);
      if (call === undefined) return;
      unpooled++;
      await expectAgreement(call);
    }), { numRuns: 800 });
    // Most random pool cases are valid, so most runs must have reached an unpool.
    expect(unpooled).toBeGreaterThan(300);
  });

  it('on the edge cases PyTorch is known for', async () => {
    const f32 = (shape: number[], values: number[]): Tensor => ({ shape, data: Float32Array.from(values) });
    const calls: Call[] = [
      { op: 'maxPool1d', x: f32([1, 5], [1, NaN, 5, NaN, 2]), options: { kernelSize: 5 } },
      { op: 'maxPool1d', x: f32([1, 2], [-0, 0]), options: { kernelSize: 2 } },
      { op: 'maxPool1d', x: f32([1, 2], [1, 2]), options: { kernelSize: 2, stride: 1, padding: 1, dilation: 3 } },
      { op: 'maxPool2d', x: f32([1, 2, 2], [1, 2, 3, 4]), options: { kernelSize: 2, stride: 1, padding: 1, dilation: 3 } },
      { op: 'maxPool1d', x: f32([1, 5], [0, 1, 2, 3, 4]), options: { kernelSize: 2, padding: 1, ceilMode: true } },
      { op: 'maxPool1d', x: f32([3, 1], [0, 1, 2]), options: { kernelSize: 4, stride: 2 } },
      { op: 'maxPool1d', x: f32([1, 4], [1, 2, 3, 4]), options: { kernelSize: 2, dilation: 3, padding: 2 } },
      { op: 'maxUnpool1d', x: f32([1, 3], [1, 2, 4]), indices: { shape: [1, 3], data: new BigInt64Array([0n, 2n, 4n]) }, options: { kernelSize: 2, padding: 1 } },
      { op: 'maxUnpool1d', x: f32([1, 2], [1, 2]), indices: { shape: [1, 2], data: new Int32Array([1, 1]) }, options: { kernelSize: 2, outputSize: [9, 9, 5] } },
      { op: 'maxUnpool2d', x: f32([1, 1, 1], [5]), indices: { shape: [1, 1, 1], data: new Float64Array([0]) }, options: { kernelSize: 1, padding: 1, outputSize: [0, 0] } },
      { op: 'maxUnpool3d', x: f32([1, 1, 1, 1], [5]), indices: { shape: [1, 1, 1, 1], data: new BigInt64Array([0n]) }, options: { kernelSize: 1, padding: 1 } },
    ];
    for (const call of calls) await expectAgreement(call);
  });
});
