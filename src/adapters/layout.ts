/**
 * Moving tensors between PyTorch's layout (N, C, ...spatial), row-major, and the layouts other
 * frameworks want. Pure data movement: no value is changed, so NaN payloads and -0 survive.
 */
import type { FloatData, SpatialRank } from '../types.js';

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** A tensor that certainly has its batch dim, and whether the adapter had to add it. */
export interface Batched<T extends { shape: number[] }> {
  tensor: T;
  addedBatchDim: boolean;
}

/**
 * PyTorch accepts (C, ...spatial) as well as (N, C, ...spatial); the frameworks here want the
 * batch dim, so the adapter adds N = 1 on the way in and removes it on the way out.
 */
export function withBatchDim<T extends { shape: number[] }>(x: T, rank: SpatialRank): Batched<T> {
  if (x.shape.length === rank + 2) return { tensor: x, addedBatchDim: false };
  if (x.shape.length === rank + 1) return { tensor: { ...x, shape: [1, ...x.shape] }, addedBatchDim: true };
  throw new Error(`expected a tensor of rank ${rank + 1} or ${rank + 2}, got shape ${JSON.stringify(x.shape)}`);
}

export function withoutAddedBatchDim<T extends { shape: number[] }>(x: T, addedBatchDim: boolean): T {
  return addedBatchDim ? { ...x, shape: x.shape.slice(1) } : x;
}

type BitsView = Uint32Array | BigUint64Array | Int32Array;

/**
 * Elements are moved through integer views of the same memory: copying a float through a JS
 * number could quiet a signalling NaN, and poolcheck compares values bit for bit.
 */
function bitsView(data: FloatData | Int32Array): BitsView {
  if (data instanceof Float32Array) return new Uint32Array(data.buffer, data.byteOffset, data.length);
  if (data instanceof Float64Array) return new BigUint64Array(data.buffer, data.byteOffset, data.length);
  return data;
}

function emptyLike<D extends FloatData | Int32Array>(data: D): D {
  return new (data.constructor as new (length: number) => D)(data.length);
}

/** Copies element `from(i)` of the source to position i of a new array of the same type. */
function gather<D extends FloatData | Int32Array>(data: D, sourceOf: (targetPosition: number) => number): D {
  const out = emptyLike(data);
  const source = bitsView(data);
  const target = bitsView(out);
  for (let i = 0; i < target.length; i++) target[i] = source[sourceOf(i)]!;
  return out;
}

/**
 * The same tensor with its axes reordered: axis i of the result is axis `order[i]` of `x`, both
 * row-major. Each target position is split into its coordinates, which are then summed with the
 * source's strides.
 */
function permuted<D extends FloatData | Int32Array>(
  x: { shape: number[]; data: D }, order: readonly number[],
): { shape: number[]; data: D } {
  const shape = order.map((axis) => x.shape[axis]!);
  const sourceStride: number[] = [];
  for (let axis = x.shape.length - 1, stride = 1; axis >= 0; axis--) {
    sourceStride[axis] = stride;
    stride *= x.shape[axis]!;
  }
  const data = gather(x.data, (target) => {
    let source = 0;
    for (let i = shape.length - 1; i >= 0; i--) {
      source += (target % shape[i]!) * sourceStride[order[i]!]!;
      target = Math.floor(target / shape[i]!);
    }
    return source;
  });
  return { shape, data };
}

/** (N, C, H, W) row-major to (N, H, W, C) row-major. */
export function nchwToNhwc<D extends FloatData>(x: { shape: number[]; data: D }): { shape: number[]; data: D } {
  return permuted(x, [0, 2, 3, 1]);
}

/** (N, H, W, C) row-major to (N, C, H, W) row-major. */
export function nhwcToNchw<D extends FloatData | Int32Array>(x: { shape: number[]; data: D }): { shape: number[]; data: D } {
  return permuted(x, [0, 3, 1, 2]);
}
