/**
 * The caller's PyTorch-style options as one number per spatial axis, the form every framework's
 * attributes take. Only the broadcasting PyTorch does (one int for every axis, stride defaulting
 * to the kernel) happens here; whether a value is valid is for the framework to say.
 */
import type { PerDim, PoolOptions, SpatialRank, UnpoolOptions } from '../types.js';

export interface PoolAxes {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

export interface UnpoolAxes {
  kernel: number[];
  stride: number[];
  padding: number[];
  /** Spatial sizes only: PyTorch ignores a leading (N, C) pair, so it is dropped here. */
  outputSize?: number[];
}

export function perAxis(value: PerDim | undefined, rank: SpatialRank, fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  const list = typeof value === 'number' ? [value] : [...value];
  if (list.length === 0) return [...fallback];
  if (list.length === 1) return Array<number>(rank).fill(list[0]!);
  if (list.length !== rank) {
    throw new Error(`expected 1 or ${rank} values per option, got ${JSON.stringify(value)}`);
  }
  return list;
}

export function poolAxes(options: PoolOptions, rank: SpatialRank): PoolAxes {
  const kernel = perAxis(options.kernelSize, rank, []);
  return {
    kernel,
    stride: perAxis(options.stride, rank, kernel),
    padding: perAxis(options.padding, rank, Array<number>(rank).fill(0)),
    dilation: perAxis(options.dilation, rank, Array<number>(rank).fill(1)),
    ceilMode: options.ceilMode ?? false,
  };
}

export function unpoolAxes(options: UnpoolOptions, rank: SpatialRank): UnpoolAxes {
  const kernel = perAxis(options.kernelSize, rank, []);
  const axes: UnpoolAxes = {
    kernel,
    stride: perAxis(options.stride, rank, kernel),
    padding: perAxis(options.padding, rank, Array<number>(rank).fill(0)),
  };
  if (options.outputSize !== undefined) axes.outputSize = options.outputSize.slice(-rank);
  return axes;
}
