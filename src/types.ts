/**
 * The data model shared by the reference, the properties and the adapters.
 *
 * Tensors are row-major, shaped (N, C, ...spatial) or unbatched (C, ...spatial), exactly the
 * ranks PyTorch accepts for the op. Values keep their typed-array type (float32 or float64).
 */

import type { SpecName, SpecProfile } from './reference/spec.js';

export type FloatData = Float32Array | Float64Array;

export interface Tensor {
  shape: number[];
  data: FloatData;
}

/** Indices as the reference returns them: int64, per (n, c) plane, row-major over spatial dims. */
export interface IndexTensor {
  shape: number[];
  data: BigInt64Array;
}

/** What an unpool accepts as indices: any integer-valued typed array. */
export type IndexData = BigInt64Array | Int32Array | Float64Array;

export interface IndexTensorInput {
  shape: number[];
  data: IndexData;
}

/** A number applies to every spatial dim; an array gives one number per spatial dim. */
export type PerDim = number | readonly number[];

export interface PoolOptions {
  kernelSize: PerDim;
  /** Defaults to kernelSize (PyTorch: stride=None or []). */
  stride?: PerDim;
  padding?: PerDim;
  dilation?: PerDim;
  ceilMode?: boolean;
  /**
   * Which PyTorch the reference follows (default 'pytorch-1.13'; see src/reference/spec.ts).
   * Read by the reference only: an implementation under test is never handed it.
   */
  spec?: SpecName | SpecProfile;
}

export interface UnpoolOptions {
  kernelSize: PerDim;
  /** Defaults to kernelSize. */
  stride?: PerDim;
  padding?: PerDim;
  /** Spatial sizes, or (N, C, ...spatial) whose leading two entries are ignored as in PyTorch. */
  outputSize?: readonly number[];
  /** As for pooling; no unpool rule differs between the profiles today (docs/semantics.md). */
  spec?: SpecName | SpecProfile;
}

export interface PoolResult {
  values: Tensor;
  indices: IndexTensor;
}

export type Dtype = 'float32' | 'float64';
export type SpatialRank = 1 | 2 | 3;

export type PoolOpName = 'maxPool1d' | 'maxPool2d' | 'maxPool3d';
export type UnpoolOpName = 'maxUnpool1d' | 'maxUnpool2d' | 'maxUnpool3d';
export type OpName = PoolOpName | UnpoolOpName;

export const POOL_OPS: readonly PoolOpName[] = ['maxPool1d', 'maxPool2d', 'maxPool3d'];
export const UNPOOL_OPS: readonly UnpoolOpName[] = ['maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d'];

export function dtypeOf(data: FloatData): Dtype {
  return data instanceof Float64Array ? 'float64' : 'float32';
}
