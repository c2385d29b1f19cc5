/**
 * fast-check arbitraries for the cases. Every case is drawn as independent integers and then
 * *mapped* into a valid configuration (no `chain`), so that shrinking can lower any one number
 * and the case stays valid: padding is clamped to the spec profile's limit (kernel//2 in
 * PyTorch 1.13, half the dilated kernel in PyTorch 2 for 1-D and 2-D), the input length is the window's
 * extent less the padding plus a drawn extra, the unpool output size is the default plus a
 * drawn offset inside PyTorch's range, and so on.
 *
 * Everything stays inside the implementation's declared capabilities. Cases are small by
 * default (fast), with about one in ten drawn large along every axis and one in ten tight
 * (inputs as short as the windows allow; what a shrunk case tends toward too).
 */
import fc from 'fast-check';
import type { Capabilities } from '../implementation.js';
import { resolveSpec, type SpecProfile } from '../reference/spec.js';
import type { PoolOpName, SpatialRank, UnpoolOpName } from '../types.js';
import {
  POOL_OP_OF_RANK, rankOf, unpoolDefaultSize, type PoolCase, type PoolGeometry, type UnpoolCase,
  type UnpoolGeometry, type IndexDraw,
} from './cases.js';
import { VALUE_PROFILES, profileHasNaN, type ValueDraw } from './values.js';

interface AxisDraw {
  kernel: number;
  stride: number;
  padding: number;
  dilation: number;
  extra: number;
}

/** Per rank, the largest kernel, stride and dilation drawn, and the extra input length. */
const BUDGET: Record<SpatialRank, { kernel: number; stride: number; dilation: number; extra: number; largeExtra: number; unpoolInput: number }> = {
  1: { kernel: 5, stride: 4, dilation: 3, extra: 6, largeExtra: 40, unpoolInput: 5 },
  2: { kernel: 4, stride: 3, dilation: 3, extra: 3, largeExtra: 10, unpoolInput: 4 },
  3: { kernel: 3, stride: 3, dilation: 2, extra: 2, largeExtra: 4, unpoolInput: 3 },
};

const axisDraw: fc.Arbitrary<AxisDraw> = fc.record({
  kernel: fc.integer({ min: 1, max: 60 }),
  stride: fc.integer({ min: 1, max: 60 }),
  padding: fc.integer({ min: 0, max: 3 }),
  dilation: fc.integer({ min: 1, max: 60 }),
  extra: fc.integer({ min: 0, max: 60 }),
});

/** The independent draws behind a geometry: three axes are always drawn, a rank uses the first ones. */
interface GeometryDraw {
  batched: boolean;
  batch: number;
  channels: number;
  axes: AxisDraw[];
  ceilMode: boolean;
  /** 0..9: 0 means a tight case (every input as short as its window allows), 9 a large one. */
  scale: number;
}

const geometryDraw: fc.Arbitrary<GeometryDraw> = fc.record({
  batched: fc.boolean().map((b) => !b), // shrinks toward batched, the common layout
  batch: fc.integer({ min: 1, max: 3 }),
  channels: fc.integer({ min: 1, max: 3 }),
  axes: fc.tuple(axisDraw, axisDraw, axisDraw),
  ceilMode: fc.boolean(),
  scale: fc.integer({ min: 0, max: 9 }),
});

/** A number in 1..max from any positive draw; small draws map to themselves. */
function upTo(max: number, draw: number): number {
  return 1 + ((draw - 1) % max);
}

/** Without per-axis support, the window's kernel, stride and dilation come from the first axis for all. */
function windowDraw<A>(axes: readonly A[], j: number, caps: Capabilities): A {
  return caps.perAxis ? axes[j]! : axes[0]!;
}

function drawnKernel(budget: { kernel: number }, shape: { kernel: number }, caps: Capabilities): number {
  return Math.min(upTo(budget.kernel, shape.kernel), caps.maxKernel);
}

export interface GeometryLimits {
  /** Dilation may be drawn (the op takes it; unpool round trips need 1). */
  dilation: boolean;
  /** Whose padding limit a valid case keeps to (default PyTorch 1.13's). */
  spec?: SpecProfile | undefined;
}

function mapPoolGeometry(draw: GeometryDraw, rank: SpatialRank, caps: Capabilities, limits: GeometryLimits): PoolGeometry {
  const budget = BUDGET[rank];
  const spec = limits.spec ?? resolveSpec(undefined);
  const large = draw.scale === 9;
  // Tight inputs are where windows hang over the padding (or lie wholly in it, with dilation).
  const tight = draw.scale === 0;
  const maxLength = caps.maxInputLength;
  const kernel: number[] = [];
  const stride: number[] = [];
  const dilation: number[] = [];
  for (let j = 0; j < rank; j++) {
    const shape = windowDraw(draw.axes, j, caps);
    kernel.push(drawnKernel(budget, shape, caps));
    stride.push(upTo(budget.stride, shape.stride));
    dilation.push(limits.dilation && caps.dilation ? upTo(budget.dilation, shape.dilation) : 1);
  }
  // The profile's limit: 1.13 checks padding against the kernel, 2.x (1-D, 2-D) the dilated one.
  const limit = (j: number): number => spec.maxPadding(kernel[j]!, dilation[j]!, rank);
  const padding = paddingFor(kernel, draw.axes.map((a) => a.padding), caps, (_k, j) => limit(j));
  const inputSize: number[] = [];
  for (let j = 0; j < rank; j++) {
    // The extent must fit the declared longest input; shrink the dilation, then the kernel.
    while ((kernel[j]! - 1) * dilation[j]! + 1 - 2 * padding[j]! > maxLength) {
      if (dilation[j]! > 1) dilation[j]!--;
      else kernel[j]!--;
      padding[j] = Math.min(padding[j]!, limit(j));
    }
    const extent = (kernel[j]! - 1) * dilation[j]! + 1;
    const extra = tight ? 0 : draw.axes[j]!.extra % ((large ? budget.largeExtra : budget.extra) + 1);
    // At least the window's extent less the padding, so every output length is >= 1.
    inputSize.push(Math.min(Math.max(1, extent - 2 * padding[j]!) + extra, maxLength));
  }
  return {
    rank,
    batched: caps.unbatched ? draw.batched : true,
    batch: draw.batch,
    channels: draw.channels,
    inputSize, kernel, stride, padding, dilation,
    ceilMode: caps.ceilMode && draw.ceilMode,
  };
}

/**
 * Padding within the limit on every axis (default kernel // 2, as unpool and PyTorch 1.13 keep
 * it), and within what the implementation declares. The top draw (3) means "the limit itself",
 * so that a limit beyond 3 (a dilated kernel under PyTorch 2) is reached, boundary included.
 */
function paddingFor(
  kernel: readonly number[], draws: readonly number[], caps: Capabilities,
  limit: (kernelSize: number, axis: number) => number = (k) => Math.floor(k / 2),
): number[] {
  const within = (draw: number, max: number): number => (draw >= 3 ? max : Math.min(draw, max));
  if (caps.padding === 'none') return kernel.map(() => 0);
  if (caps.padding === 'uniform') {
    const p = within(draws[0]!, Math.min(...kernel.map((k, j) => limit(k, j))));
    return kernel.map(() => p);
  }
  return kernel.map((k, j) => within(draws[j]!, limit(k, j)));
}

function valueDraw(caps: Capabilities): fc.Arbitrary<ValueDraw> {
  const profiles = caps.nan ? VALUE_PROFILES : VALUE_PROFILES.filter((p) => !profileHasNaN(p));
  return fc.record({
    profile: fc.integer({ min: 0, max: profiles.length - 1 }).map((i) => profiles[i]!),
    codes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 32 }),
    tail: fc.nat(),
  });
}

const indexDraw: fc.Arbitrary<IndexDraw> = fc.record({
  codes: fc.array(fc.nat(), { maxLength: 32 }),
  tail: fc.nat(),
});

function pick<T>(list: readonly T[]): fc.Arbitrary<T> {
  return fc.integer({ min: 0, max: list.length - 1 }).map((i) => list[i]!);
}

export function declaredPoolOps(caps: Capabilities): PoolOpName[] {
  return caps.ops.filter((op): op is PoolOpName => op.startsWith('maxPool'));
}

export function declaredUnpoolOps(caps: Capabilities): UnpoolOpName[] {
  return caps.ops.filter((op): op is UnpoolOpName => op.startsWith('maxUnpool'));
}

/** A pool case for one of `ops` (default: every declared pool op). */
export function poolCase(caps: Capabilities, limits: GeometryLimits = { dilation: true }, ops = declaredPoolOps(caps)): fc.Arbitrary<PoolCase> {
  return fc.record({
    op: pick(ops),
    dtype: pick(caps.dtypes),
    geometry: geometryDraw,
    spelling: fc.integer({ min: 0, max: 63 }),
    values: valueDraw(caps),
  }).map(({ op, dtype, geometry, spelling, values }) => ({
    op, dtype, spelling, values, geometry: mapPoolGeometry(geometry, rankOf(op), caps, limits),
  }));
}

/** The pool op of the same rank as an unpool op, for cases whose unpool input comes from pooling. */
export function poolOpFor(op: UnpoolOpName): PoolOpName {
  return POOL_OP_OF_RANK[rankOf(op)];
}

interface UnpoolAxisDraw {
  kernel: number;
  stride: number;
  padding: number;
  inputLength: number;
  /** Index into the accepted offsets 0, -1, +1, -2, +2, ... from the default size. */
  offset: number;
}

const unpoolAxisDraw: fc.Arbitrary<UnpoolAxisDraw> = fc.record({
  kernel: fc.integer({ min: 1, max: 60 }),
  stride: fc.integer({ min: 1, max: 60 }),
  padding: fc.integer({ min: 0, max: 3 }),
  inputLength: fc.integer({ min: 1, max: 60 }),
  offset: fc.nat({ max: 60 }),
});

/** 0, -1, 1, -2, 2, ... */
function zigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

/**
 * An unpool geometry whose output size is the default, or (when `outputSize` is declared) any
 * size PyTorch accepts: strictly within a stride of the default.
 */
function mapUnpoolGeometry(
  draw: { batched: boolean; batch: number; channels: number; axes: UnpoolAxisDraw[]; giveSize: boolean; fullForm: boolean },
  rank: SpatialRank, caps: Capabilities,
): UnpoolGeometry {
  const budget = BUDGET[rank];
  const kernel: number[] = [];
  const stride: number[] = [];
  for (let j = 0; j < rank; j++) {
    const shape = windowDraw(draw.axes, j, caps);
    kernel.push(drawnKernel(budget, shape, caps));
    stride.push(upTo(budget.stride, shape.stride));
  }
  const padding = paddingFor(kernel, draw.axes.map((a) => a.padding), caps);
  const inputSize = kernel.map((k, j) => {
    const length = upTo(budget.unpoolInput, draw.axes[j]!.inputLength);
    // A default size of 0 (k = 2p, one input element) writes nothing; one more element avoids it.
    return (length - 1) * stride[j]! + k - 2 * padding[j]! < 1 ? length + 1 : length;
  });
  const geometry: UnpoolGeometry = {
    rank,
    batched: caps.unbatched ? draw.batched : true,
    batch: draw.batch, channels: draw.channels,
    inputSize, kernel, stride, padding,
    outputSize: undefined,
    outputSizeForm: draw.fullForm ? 'full' : 'spatial',
  };
  if (caps.unpoolOutputSize) {
    const defaults = unpoolDefaultSize(geometry);
    const sizes = defaults.map((length, j) => {
      const choices = 2 * stride[j]! - 1;
      const size = length + zigzag(draw.axes[j]!.offset % choices);
      return size >= 1 ? size : length;
    });
    if (draw.giveSize || sizes.some((size, j) => size !== defaults[j])) geometry.outputSize = sizes;
  }
  return geometry;
}

const unpoolGeometryDraw = fc.record({
  batched: fc.boolean().map((b) => !b),
  batch: fc.integer({ min: 1, max: 3 }),
  channels: fc.integer({ min: 1, max: 3 }),
  axes: fc.tuple(unpoolAxisDraw, unpoolAxisDraw, unpoolAxisDraw),
  giveSize: fc.boolean(),
  fullForm: fc.boolean(),
});

/** An unpool case with arbitrary (valid) indices, as PyTorch's OpInfo samples them. */
export function unpoolCase(caps: Capabilities, ops = declaredUnpoolOps(caps)): fc.Arbitrary<UnpoolCase> {
  return fc.record({
    op: pick(ops),
    dtype: pick(caps.dtypes),
    geometry: unpoolGeometryDraw,
    spelling: fc.integer({ min: 0, max: 63 }),
    values: valueDraw(caps),
    indices: indexDraw,
  }).map(({ op, dtype, geometry, spelling, values, indices }) => ({
    op, dtype, spelling, values, indices, geometry: mapUnpoolGeometry(geometry, rankOf(op), caps),
  }));
}

/** A second value draw for the same shape (for relations between two calls). */
export function secondValues(caps: Capabilities): fc.Arbitrary<ValueDraw> {
  return valueDraw(caps);
}
