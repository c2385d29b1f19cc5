/**
 * Checks on what the caller hands in, before any PyTorch rule applies. PyTorch never sees a
 * malformed tensor (its tensors are well formed by construction), so these messages are
 * poolcheck's own; they exist so that bad input fails here with a clear sentence instead of
 * deep inside a loop.
 */
import type { FloatData, IndexTensorInput, Tensor } from '../types.js';
import { PoolcheckError } from './errors.js';

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function checkShape(shape: unknown, what: string): asserts shape is number[] {
  if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw new PoolcheckError(`${what}: shape must be an array of non-negative integers, but got ${describe(shape)}`, 'TypeError');
  }
}

export function checkFloatTensor(x: unknown, fn: string, argument = 'input'): asserts x is Tensor {
  if (typeof x !== 'object' || x === null) {
    throw new PoolcheckError(`${fn}(): argument '${argument}' must be a tensor { shape, data }, but got ${describe(x)}`, 'TypeError');
  }
  const { shape, data } = x as { shape: unknown; data: unknown };
  checkShape(shape, `${fn}(): argument '${argument}'`);
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new PoolcheckError(`${fn}(): argument '${argument}' must hold a Float32Array or Float64Array, but got ${describe(data)}`, 'TypeError');
  }
  if (data.length !== elementCount(shape)) {
    throw new PoolcheckError(`${fn}(): argument '${argument}' has shape ${JSON.stringify(shape)} (${elementCount(shape)} elements) but its data holds ${data.length}`, 'TypeError');
  }
}

export function checkIndexTensor(x: unknown, fn: string): asserts x is IndexTensorInput {
  if (typeof x !== 'object' || x === null) {
    throw new PoolcheckError(`${fn}(): argument 'indices' must be a tensor { shape, data }, but got ${describe(x)}`, 'TypeError');
  }
  const { shape, data } = x as { shape: unknown; data: unknown };
  checkShape(shape, `${fn}(): argument 'indices'`);
  if (!(data instanceof BigInt64Array || data instanceof Int32Array || data instanceof Float64Array)) {
    throw new PoolcheckError(`${fn}(): argument 'indices' must hold a BigInt64Array, Int32Array or Float64Array, but got ${describe(data)}`, 'TypeError');
  }
  if (data.length !== elementCount(shape)) {
    throw new PoolcheckError(`${fn}(): argument 'indices' has shape ${JSON.stringify(shape)} (${elementCount(shape)} elements) but its data holds ${data.length}`, 'TypeError');
  }
  if (data instanceof Float64Array) {
    const bad = data.findIndex((v) => !Number.isInteger(v));
    if (bad >= 0) throw new PoolcheckError(`${fn}(): argument 'indices' must hold integers, but element ${bad} is ${data[bad]}`, 'TypeError');
  }
}

/** An index as an exact integer: bigint for int64 input, number otherwise. */
export function indexAt(data: IndexTensorInput['data'], i: number): number | bigint {
  return data[i]!;
}

export function sameTypedArray(like: FloatData, length: number): FloatData {
  return like instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}

/**
 * Integer views on the same memory, so that a chosen element is copied bit for bit: reading a
 * float32 NaN into a JS number and writing it back may change its payload (a signalling NaN
 * gets quieted), and PyTorch copies the element itself.
 */
export function elementCopier(from: FloatData, to: FloatData): (toIndex: number, fromIndex: number) => void {
  if (from instanceof Float64Array && to instanceof Float64Array) {
    const source = new BigUint64Array(from.buffer, from.byteOffset, from.length);
    const target = new BigUint64Array(to.buffer, to.byteOffset, to.length);
    return (toIndex, fromIndex) => { target[toIndex] = source[fromIndex]!; };
  }
  if (from instanceof Float32Array && to instanceof Float32Array) {
    const source = new Uint32Array(from.buffer, from.byteOffset, from.length);
    const target = new Uint32Array(to.buffer, to.byteOffset, to.length);
    return (toIndex, fromIndex) => { target[toIndex] = source[fromIndex]!; };
  }
  throw new Error('elementCopier: source and target must have the same element type');
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array [${value.slice(0, 6).map((v) => describe(v)).join(', ')}${value.length > 6 ? ', …' : ''}]`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
