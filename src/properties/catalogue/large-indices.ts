/**
 * The large-index tier: a few cases per run on planes past 2^24 elements, where an index held in
 * a float32 (a GPU port's float texture) stops being exact, with the fast path as the oracle.
 *
 * A plane that large is cheap when almost nothing is pooled: the input is zeros except under a
 * handful of windows (2 or 3 per axis, strides of millions in 1-D, thousands in 2-D, hundreds in
 * 3-D), each of whose taps holds a distinct negative value but one, the winner, which is positive.
 * A winner past 2^24 is odd where its window allows (a float32 holds every even index up to
 * 2^25). Unpool cases write a few elements into an output plane past 2^24, at odd indices past
 * 2^24, with indices as BigInt64Array, Int32Array or Float64Array.
 *
 * Planes past 2^31 (where int32 indices break) are out of scope: such a plane is 8 GiB of
 * float32 input for a pool, or of output for an unpool, per call and per implementation; the
 * int32 and low-32-bit faults are reached instead through invalid indices at 2^32 + a valid
 * index (argument-forms), which need no large plane.
 */
import fc from 'fast-check';
import type { Capabilities } from '../../implementation.js';
import type { Dtype, FloatData, PoolOptions, SpatialRank, Tensor, UnpoolOptions } from '../../types.js';
import { declaredPoolOps, declaredUnpoolOps } from '../arbitraries.js';
import { POOL_OP_OF_RANK, product, rankOf, UNPOOL_OP_OF_RANK, type PoolGeometry } from '../cases.js';
import { Bits, firstIndexDifference, formatShape, indexNumbers } from '../compare.js';
import { fail } from '../failure.js';
import { positionText, valueText } from '../format.js';
import { poolWith, unpoolWith, type PoolCall, type UnpoolCall } from '../invoke.js';
import { referencePool, referenceUnpool } from '../oracle.js';
import type { GeneratedProperty, PropertyContext } from '../property.js';
import { windowAt, windowGrid } from '../window.js';
import { indicesAs, type IndexType } from './argument-forms.js';

/** float32 holds every integer up to 2^24 and only even ones up to 2^25. */
export const FLOAT32_EXACT_LIMIT = 2 ** 24;

/** The smallest plane the tier draws: a few windows' room past 2^24. */
export const LARGE_PLANE_MIN = FLOAT32_EXACT_LIMIT + 64;

interface LargeAxisDraw {
  kernel: number;
  dilation: number;
  padding: number;
  /** Windows along the axis: 2 or 3. */
  windows: number;
  /** Extra length beyond the least that puts the plane past 2^24. */
  extra: number;
}

interface LargePoolDraw {
  kind: 'pool';
  rank: SpatialRank;
  dtype: Dtype;
  batched: boolean;
  ceilMode: boolean;
  axes: LargeAxisDraw[];
  /** Which tap of each window wins (in scan order, before the odd-index preference). */
  winners: number[];
}

interface LargeUnpoolDraw {
  kind: 'unpool';
  rank: SpatialRank;
  dtype: Dtype;
  batched: boolean;
  axes: LargeAxisDraw[];
  /** Where each element's index lands past 2^24 (element 0 lands below it). */
  offsets: number[];
  indexType: IndexType;
}

/** A drawn case resolved against the declaration (the story and the check need nothing else). */
type LargePoolCase = { kind: 'pool'; draw: LargePoolDraw; geometry: PoolGeometry };
type LargeUnpoolCase = { kind: 'unpool'; draw: LargeUnpoolDraw; call: UnpoolCall };

/**
 * A pool part and an unpool part (each when such ops are declared), checked in that order: with
 * only a few cases per run, every case reaches both.
 */
export interface LargeCase {
  pool?: LargePoolCase;
  unpool?: LargeUnpoolCase;
}

/** Per rank, the least axis length whose plane passes LARGE_PLANE_MIN. */
function baseLength(rank: SpatialRank): number {
  return Math.ceil(LARGE_PLANE_MIN ** (1 / rank));
}

const axisDraw: fc.Arbitrary<LargeAxisDraw> = fc.record({
  kernel: fc.integer({ min: 1, max: 3 }),
  dilation: fc.integer({ min: 1, max: 2 }),
  padding: fc.nat({ max: 1 }),
  windows: fc.integer({ min: 2, max: 3 }),
  extra: fc.nat({ max: 63 }),
});

/** Pool geometry: the plane past 2^24, a few windows per axis, the last ending at the plane's end. */
export function largePoolGeometry(d: LargePoolDraw, caps: Capabilities): PoolGeometry {
  const axes = d.axes.slice(0, d.rank).map((a) => (caps.perAxis ? a : { ...d.axes[0]!, extra: a.extra }));
  const kernel = axes.map((a) => Math.min(a.kernel, caps.maxKernel));
  const dilation = axes.map((a) => (caps.dilation ? a.dilation : 1));
  const paddings = axes.map((a, j) => (caps.padding === 'none' ? 0 : Math.min(a.padding, Math.floor(kernel[j]! / 2))));
  const padding = caps.padding === 'uniform' ? paddings.map(() => Math.min(...paddings)) : paddings;
  const inputSize = axes.map((a) => baseLength(d.rank) + a.extra);
  const strides = inputSize.map((length, j) => {
    const extent = (kernel[j]! - 1) * dilation[j]! + 1;
    return Math.max(1, Math.floor((length + 2 * padding[j]! - extent) / (axes[j]!.windows - 1)));
  });
  const stride = caps.perAxis ? strides : strides.map(() => Math.min(...strides));
  return { rank: d.rank, batched: caps.unbatched ? d.batched : true, batch: 1, channels: 1, inputSize, kernel, stride, padding, dilation, ceilMode: caps.ceilMode && d.ceilMode };
}

/**
 * The input: zeros, except each window's taps, which hold distinct negatives but for one
 * positive winner (the drawn tap, moved to the next odd offset when it lies past 2^24).
 */
function largePoolInput(d: LargePoolDraw, g: PoolGeometry): Tensor {
  const grid = windowGrid(g);
  const data = d.dtype === 'float64' ? new Float64Array(grid.inputPlaneSize) : new Float32Array(grid.inputPlaneSize);
  for (let o = 0; o < grid.outputPlaneSize; o++) {
    const taps = windowAt(grid, o).taps;
    if (taps.length === 0) continue;
    taps.forEach((tap, t) => { data[tap] = -1 - t; });
    let winner = d.winners[o % d.winners.length]! % taps.length;
    if (taps[winner]! > FLOAT32_EXACT_LIMIT && taps[winner]! % 2 === 0) {
      // The next odd tap past 2^24 in scan order (cyclically), if the window has one.
      for (let step = 1; step < taps.length; step++) {
        const t = (winner + step) % taps.length;
        if (taps[t]! > FLOAT32_EXACT_LIMIT && taps[t]! % 2 === 1) { winner = t; break; }
      }
    }
    data[taps[winner]!] = 1 + o;
  }
  const shape = g.batched ? [1, 1, ...g.inputSize] : [1, ...g.inputSize];
  return { shape, data };
}

/** The pool call of a large case: its options written out in full. */
export function largePoolCall(d: LargePoolDraw, geometry: PoolGeometry): PoolCall {
  const options: PoolOptions = {
    kernelSize: geometry.kernel, stride: geometry.stride, padding: geometry.padding, dilation: geometry.dilation,
    ceilMode: geometry.ceilMode,
  };
  return { op: POOL_OP_OF_RANK[d.rank], input: largePoolInput(d, geometry), options };
}

/** Unpool: a 2 (× 2 (× 2)) input whose default output plane passes 2^24, and indices past it. */
export function largeUnpoolCall(d: LargeUnpoolDraw, caps: Capabilities): UnpoolCall {
  const axes = d.axes.slice(0, d.rank);
  const inputSize = axes.map(() => 2);
  const kernel = axes.map((a) => Math.min(a.kernel, caps.maxKernel));
  const padding = axes.map((a, j) => (caps.padding === 'none' ? 0 : Math.min(a.padding, Math.floor(kernel[j]! / 2))));
  const uniformPadding = caps.padding === 'uniform' ? padding.map(() => Math.min(...padding)) : padding;
  // Default length (2 − 1)·s + k − 2p reaches the rank's base length (plus the extra).
  const strides = axes.map((a, j) => baseLength(d.rank) + a.extra - kernel[j]! + 2 * uniformPadding[j]!);
  const stride = caps.perAxis ? strides : strides.map(() => Math.max(...strides));
  const kernels = caps.perAxis ? kernel : kernel.map(() => kernel[0]!);
  const outputSize = stride.map((s, j) => s + kernels[j]! - 2 * uniformPadding[j]!);
  const planeSize = product(outputSize);
  const count = product(inputSize);
  const shape = d.batched || !caps.unbatched ? [1, 1, ...inputSize] : [1, ...inputSize];
  const data = d.dtype === 'float64' ? new Float64Array(count) : new Float32Array(count);
  const indices = new BigInt64Array(count);
  const room = Math.floor((planeSize - FLOAT32_EXACT_LIMIT - 1) / 2);
  for (let i = 0; i < count; i++) {
    data[i] = 1 + i;
    const offset = d.offsets[i % d.offsets.length]!;
    // Element 0 below 2^24, the others at distinct odd indices past it.
    indices[i] = BigInt(i === 0 ? offset % FLOAT32_EXACT_LIMIT : FLOAT32_EXACT_LIMIT + 1 + 2 * ((offset + i) % room));
  }
  const options: UnpoolOptions = { kernelSize: kernels, stride, padding: uniformPadding };
  return { op: UNPOOL_OP_OF_RANK[d.rank], input: { shape, data }, indices: indicesAs(d.indexType, { shape: [...shape], data: indices }), options };
}

/** The ranks of `ops` whose large planes fit the declared longest input. */
function ranksOf(ops: readonly string[], caps: Capabilities): SpatialRank[] {
  return [...new Set(ops.map((op) => rankOf(op as never)))].filter((rank) => baseLength(rank) + 63 <= caps.maxInputLength).sort();
}

function arbitrary(caps: Capabilities): fc.Arbitrary<LargeCase> {
  const dtypes = caps.dtypes;
  const parts: { pool?: fc.Arbitrary<LargePoolCase>; unpool?: fc.Arbitrary<LargeUnpoolCase> } = {};
  const poolRanks = ranksOf(declaredPoolOps(caps), caps);
  if (poolRanks.length > 0) {
    parts.pool = (fc.record<LargePoolDraw>({
      kind: fc.constant('pool' as const),
      rank: fc.constantFrom(...poolRanks),
      dtype: fc.constantFrom(...dtypes),
      batched: fc.boolean().map((b) => !b),
      ceilMode: fc.boolean(),
      axes: fc.tuple(axisDraw, axisDraw, axisDraw),
      winners: fc.array(fc.nat({ max: 26 }), { minLength: 1, maxLength: 27 }),
    }).map((draw) => ({ kind: 'pool' as const, draw, geometry: largePoolGeometry(draw, caps) })));
  }
  const unpoolRanks = ranksOf(declaredUnpoolOps(caps), caps);
  if (unpoolRanks.length > 0) {
    parts.unpool = (fc.record<LargeUnpoolDraw>({
      kind: fc.constant('unpool' as const),
      rank: fc.constantFrom(...unpoolRanks),
      dtype: fc.constantFrom(...dtypes),
      batched: fc.boolean().map((b) => !b),
      axes: fc.tuple(axisDraw, axisDraw, axisDraw),
      offsets: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
      indexType: fc.constantFrom<IndexType>('int64', 'int32', 'float64'),
    }).map((draw) => ({ kind: 'unpool' as const, draw, call: largeUnpoolCall(draw, caps) })));
  }
  return fc.record(parts as { pool: fc.Arbitrary<LargePoolCase>; unpool: fc.Arbitrary<LargeUnpoolCase> }) as fc.Arbitrary<LargeCase>;
}

function story(c: LargeCase): string[] {
  return [...(c.pool ? partStory(c.pool) : []), ...(c.unpool ? partStory(c.unpool) : [])];
}

function partStory(c: LargePoolCase | LargeUnpoolCase): string[] {
  if (c.kind === 'pool') {
    const call = largePoolCall(c.draw, c.geometry);
    return [
      `large plane: ${call.op}, ${c.draw.dtype}, input ${formatShape(call.input.shape)} (${product(c.geometry.inputSize)} elements per plane, past 2^24)`,
      `options: ${JSON.stringify(call.options)}; zeros except under the windows, each with one positive winner`,
    ];
  }
  const { call } = c;
  const plane = product(referenceShape(call).slice(-c.draw.rank));
  return [
    `large plane: ${call.op}, ${c.draw.dtype}, input ${formatShape(call.input.shape)}, indices ${call.indices.data.constructor.name} ` +
      `[${Array.from(call.indices.data as ArrayLike<number | bigint>, String).join(', ')}]`,
    `options: ${JSON.stringify(call.options)} -> output plane of ${plane} elements (past 2^24)`,
  ];
}

/** The unpool's output shape, from its default size rule. */
function referenceShape(call: UnpoolCall): number[] {
  const o = call.options as { kernelSize: number[]; stride: number[]; padding: number[] };
  const spatial = o.stride.map((s, j) => s + o.kernelSize[j]! - 2 * o.padding[j]!);
  return [...call.input.shape.slice(0, -spatial.length), ...spatial];
}

async function checkPool(ctx: PropertyContext, c: LargePoolCase): Promise<void> {
  const call = largePoolCall(c.draw, c.geometry);
  const expected = referencePool(call, ctx.spec);
  const shape = expected.values.shape;
  // The input goes uncopied: copying 64 MiB would cost more than the whole check.
  const got = await poolWith(ctx.impl, call, shape, { copyInput: false });
  const evidence = (tensor: 'values' | 'indices', offset: number) => [
    { ...call, got: { kind: 'pool' as const, values: got.values, indices: got.indices }, mark: { tensor, offset }, showExpected: false }];
  const expectedIndex = indexNumbers(expected.indices.data);
  const i = firstIndexDifference(got.index, expectedIndex);
  if (i >= 0) {
    const past = expectedIndex[i]! > FLOAT32_EXACT_LIMIT ? ' (past 2^24, where a float32 holds only even integers)' : '';
    fail(`indices${positionText(shape, i)} is ${got.index[i]}, the winner is at ${expectedIndex[i]}${past}`, evidence('indices', i));
  }
  const gotBits = new Bits(got.values.data);
  const expectedBits = new Bits(expected.values.data);
  for (let at = 0; at < expectedIndex.length; at++) {
    if (!gotBits.equal(at, expectedBits, at)) {
      fail(`values${positionText(shape, at)} is ${valueText(got.values.data, at)}, the window's maximum is ${valueText(expected.values.data, at)}`,
        evidence('values', at));
    }
  }
}

const ZERO_CHUNK = new Uint8Array(1 << 20);

/**
 * The first element of `data` not in `skip` whose bits are not +0, or -1. Compared a chunk at
 * a time against zeros (memcmp speed), since an output plane past 2^24 is mostly zeros and a
 * plain loop over it, or over a second expected array, would cost more than the whole check.
 */
function firstStrayElement(data: FloatData, skip: ReadonlySet<number>): number {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const width = data.BYTES_PER_ELEMENT;
  for (let start = 0; start < bytes.length; start += ZERO_CHUNK.length) {
    const end = Math.min(bytes.length, start + ZERO_CHUNK.length);
    if (Buffer.compare(bytes.subarray(start, end), ZERO_CHUNK.subarray(0, end - start)) === 0) continue;
    for (let b = start; b < end; b++) {
      if (bytes[b] === 0) continue;
      const element = Math.floor(b / width);
      if (!skip.has(element)) return element;
      b = (element + 1) * width - 1;
    }
  }
  return -1;
}

async function checkUnpool(ctx: PropertyContext, c: LargeUnpoolCase): Promise<void> {
  const { call } = c;
  // The oracle's output is allocated but barely written; only its written elements are read.
  const expected = referenceUnpool(call, ctx.spec);
  const got = await unpoolWith(ctx.impl, call, expected.shape, { copyInput: false });
  const index = indexNumbers(call.indices.data);
  const inputPlane = product(call.input.shape.slice(-c.draw.rank));
  const outputPlane = product(expected.shape.slice(-c.draw.rank));
  // Output element -> the input element written there (the last, as PyTorch on one thread).
  const written = new Map<number, number>();
  index.forEach((at, i) => written.set(Math.floor(i / inputPlane) * outputPlane + at, i));
  const evidence = (at: number) => [{ ...call, got: { kind: 'unpool' as const, output: got }, mark: { tensor: 'output' as const, offset: at }, showExpected: false }];
  const gotBits = new Bits(got.data);
  const expectedBits = new Bits(expected.data);
  for (const [at, i] of written) {
    if (!gotBits.equal(at, expectedBits, at)) {
      const past = index[i]! > FLOAT32_EXACT_LIMIT ? ' (past 2^24, where a float32 holds only even integers)' : '';
      fail(`output${positionText(expected.shape, at)} is ${valueText(got.data, at)}, but input element ${i} = ` +
        `${valueText(call.input.data, i)} has index ${index[i]} there${past}`, evidence(at));
    }
  }
  const stray = firstStrayElement(got.data, new Set(written.keys()));
  if (stray >= 0) {
    fail(`output${positionText(expected.shape, stray)} (flat ${stray}) is ${valueText(got.data, stray)}, but no index points there, ` +
      'so it must be +0', evidence(stray));
  }
}

/** The large-index tier. */
export const largeIndices: GeneratedProperty<LargeCase> = {
  kind: 'generated',
  id: 'large-indices',
  statement: 'Indices stay exact past 2^24 (where a float32 stops holding every integer): on planes past 2^24 elements, ' +
    'pooled indices and values, and unpool outputs written through BigInt64Array, Int32Array or Float64Array indices, ' +
    'agree with the fast path exactly. Planes past 2^31 are out of scope (8 GiB per call).',
  ops: 'any',
  notCovered(caps) {
    if (caps.maxPlaneSize < LARGE_PLANE_MIN + 4096) {
      return `the implementation declares maxPlaneSize ${caps.maxPlaneSize}; the tier needs planes past 2^24 elements`;
    }
    const ranks = ranksOf([...declaredPoolOps(caps), ...declaredUnpoolOps(caps)], caps);
    return ranks.length === 0 ? `the implementation declares maxInputLength ${caps.maxInputLength}, too short for a plane past 2^24` : undefined;
  },
  // A few cases per run: each allocates planes of 2^24 elements (64 MiB of float32).
  runs: (budget) => Math.max(1, Math.ceil(budget / 34)),
  arbitrary,
  story,
  async check(ctx, c) {
    if (c.pool) await checkPool(ctx, c.pool);
    if (c.unpool) await checkUnpool(ctx, c.unpool);
  },
};
