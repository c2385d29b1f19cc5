/**
 * What a deviation's condition can test: the features of one call (op, input, options,
 * indices), computed from the call alone so that a condition never depends on what the
 * implementation returned, and the matching of a condition against them.
 *
 * A condition is a set of features of the case, all of which must hold:
 *   { "hasNaN": true, "hasNegativeInfinity": false }
 * A feature's constraint is a value it must equal, a list of values it may take, or a numeric
 * range { "min": 1, "max": 2 } (inclusive).
 */
import { poolAxes, unpoolAxes } from '../adapters/axes.js';
import { elementCount } from '../adapters/layout.js';
import type { Dtype, IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions } from '../types.js';
import { dtypeOf } from '../types.js';

/** What a condition can test. Every feature is a scalar, so that a constraint reads one way. */
export interface CaseFeatures {
  op: OpName;
  kind: 'pool' | 'unpool';
  dtype: Dtype;
  spatialRank: number;
  /** False when the input is (C, ...spatial). */
  batched: boolean;
  ceilMode: boolean;
  /** Some axis has dilation > 1. */
  dilated: boolean;
  /** Some axis has padding > 0. */
  padded: boolean;
  maxPadding: number;
  /** The smallest stride over the axes (PyTorch's unpool accepts 0 and negative strides unchecked in 1-D and 2-D). */
  minStride: number;
  /** Kernel or stride differs between axes. */
  perAxisWindow: boolean;
  /** Unpool called with an explicit outputSize. */
  hasOutputSize: boolean;
  hasNaN: boolean;
  /** +inf or -inf. */
  hasInfinity: boolean;
  hasNegativeInfinity: boolean;
  hasNegativeZero: boolean;
  /** Some value is < 0 (-0 does not count). */
  hasNegative: boolean;
  /** Some value other than NaN is <= 0 (-0, +0, negatives, -inf). */
  hasNonPositive: boolean;
  /**
   * Some value other than NaN is below 2^-126, float32's smallest normal number (FLT_MIN): every
   * non-positive value, and the positive subnormals.
   */
  hasBelowFloatMin: boolean;
  /** Two equal values (±0 count as equal; NaN never) in one (n, c) plane of the input. */
  hasTies: boolean;
  /** Unpool only: two equal indices in one plane. */
  hasDuplicateIndices?: boolean;
  /** Unpool only: an index outside [0, output plane size) of its plane. */
  hasIndexOutsidePlane?: boolean;
}

export type FeatureName = keyof CaseFeatures;
export type FeatureValue = string | number | boolean;
export type Constraint = FeatureValue | readonly FeatureValue[] | { min?: number; max?: number };
export type Condition = Partial<Record<FeatureName, Constraint>>;

export const FEATURE_NAMES: readonly FeatureName[] = [
  'op', 'kind', 'dtype', 'spatialRank', 'batched', 'ceilMode', 'dilated', 'padded', 'maxPadding', 'minStride', 'perAxisWindow',
  'hasOutputSize', 'hasNaN', 'hasInfinity', 'hasNegativeInfinity', 'hasNegativeZero', 'hasNegative',
  'hasNonPositive', 'hasBelowFloatMin', 'hasTies', 'hasDuplicateIndices', 'hasIndexOutsidePlane',
];

/** A failing case as the matcher sees it: which property failed, and the call's features. */
export interface CaseDescription extends CaseFeatures {
  property: string;
}

function satisfies(value: FeatureValue | undefined, constraint: Constraint): boolean {
  if (value === undefined) return false;
  if (Array.isArray(constraint)) return constraint.includes(value);
  if (typeof constraint === 'object' && constraint !== null) {
    const range = constraint as { min?: number; max?: number };
    return typeof value === 'number' && (range.min === undefined || value >= range.min)
      && (range.max === undefined || value <= range.max);
  }
  return value === constraint;
}

/** Whether every feature the condition names holds for the case. A missing feature never holds. */
export function conditionHolds(when: Condition, features: CaseFeatures): boolean {
  return (Object.entries(when) as Array<[FeatureName, Constraint]>)
    .every(([name, constraint]) => satisfies(features[name], constraint));
}

/** 2^-126: float32's smallest normal number, C's FLT_MIN. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

function valueFeatures(x: Tensor, planeSize: number) {
  const data = x.data;
  let hasNaN = false;
  let hasInfinity = false;
  let hasNegativeInfinity = false;
  let hasNegativeZero = false;
  let hasNegative = false;
  let hasNonPositive = false;
  let hasBelowFloatMin = false;
  let hasTies = false;
  for (let start = 0; start < data.length; start += planeSize) {
    const seen = new Set<number>();
    for (let i = start; i < Math.min(start + planeSize, data.length); i++) {
      const v = data[i]!;
      if (Number.isNaN(v)) {
        hasNaN = true;
        continue;
      }
      if (!Number.isFinite(v)) hasInfinity = true;
      if (v === -Infinity) hasNegativeInfinity = true;
      if (Object.is(v, -0)) hasNegativeZero = true;
      if (v < 0) hasNegative = true;
      if (v <= 0) hasNonPositive = true;
      if (v < FLOAT32_MIN_NORMAL) hasBelowFloatMin = true;
      if (seen.has(v)) hasTies = true; // a Set compares with SameValueZero: -0 and +0 are one value
      seen.add(v);
    }
  }
  return { hasNaN, hasInfinity, hasNegativeInfinity, hasNegativeZero, hasNegative, hasNonPositive, hasBelowFloatMin, hasTies };
}

function indexFeatures(indices: IndexTensorInput, inputPlaneSize: number, outputPlaneSize: number) {
  let hasDuplicateIndices = false;
  let hasIndexOutsidePlane = false;
  for (let start = 0; start < indices.data.length; start += inputPlaneSize) {
    const seen = new Set<number>();
    for (let i = start; i < Math.min(start + inputPlaneSize, indices.data.length); i++) {
      const index = Number(indices.data[i]!);
      if (index < 0 || index >= outputPlaneSize) hasIndexOutsidePlane = true;
      if (seen.has(index)) hasDuplicateIndices = true;
      seen.add(index);
    }
  }
  return { hasDuplicateIndices, hasIndexOutsidePlane };
}

const RANK_OF_OP: Record<OpName, 1 | 2 | 3> = {
  maxPool1d: 1, maxPool2d: 2, maxPool3d: 3, maxUnpool1d: 1, maxUnpool2d: 2, maxUnpool3d: 3,
};

/**
 * The features of one call, as the suite's failure evidence records it. Unpool's default output
 * size is ONNX's and PyTorch's shared formula, (in - 1) * stride + kernel - 2 * padding.
 */
export function describeCall(
  op: OpName, input: Tensor, options: PoolOptions | UnpoolOptions, indices?: IndexTensorInput,
): CaseFeatures {
  const rank = RANK_OF_OP[op];
  const kind = op.startsWith('maxPool') ? 'pool' : 'unpool';
  const spatial = input.shape.slice(-rank);
  const inputPlaneSize = elementCount(spatial);
  const common = {
    op, kind, dtype: dtypeOf(input.data), spatialRank: rank, batched: input.shape.length === rank + 2,
    ...valueFeatures(input, inputPlaneSize),
  } as const;
  const differsBetweenAxes = (list: number[]) => list.some((v) => v !== list[0]);
  if (kind === 'pool') {
    const axes = poolAxes(options as PoolOptions, rank);
    return {
      ...common,
      ceilMode: axes.ceilMode,
      dilated: axes.dilation.some((d) => d > 1),
      padded: axes.padding.some((p) => p > 0),
      maxPadding: Math.max(...axes.padding),
      minStride: Math.min(...axes.stride),
      perAxisWindow: differsBetweenAxes(axes.kernel) || differsBetweenAxes(axes.stride),
      hasOutputSize: false,
    };
  }
  const axes = unpoolAxes(options as UnpoolOptions, rank);
  const outputSpatial = axes.outputSize
    ?? spatial.map((length, axis) => (length - 1) * axes.stride[axis]! + axes.kernel[axis]! - 2 * axes.padding[axis]!);
  return {
    ...common,
    ceilMode: false,
    dilated: false,
    padded: axes.padding.some((p) => p > 0),
    maxPadding: Math.max(...axes.padding),
    minStride: Math.min(...axes.stride),
    perAxisWindow: differsBetweenAxes(axes.kernel) || differsBetweenAxes(axes.stride),
    hasOutputSize: axes.outputSize !== undefined,
    ...(indices ? indexFeatures(indices, inputPlaneSize, elementCount(outputSpatial)) : {}),
  };
}

