/**
 * Tensors as data that survives JSON: dtype, shape and base64 of the elements' little-endian
 * bytes, so that NaN payloads, signalling bits and -0 cross unchanged. One home for the
 * encoding that the poolcheck/1 wire format (docs/protocol.md) and the counterexamples of a
 * JSON report (docs/reports.md) share.
 */
import type { IndexData, IndexTensorInput, Tensor } from './types.js';
import { dtypeOf } from './types.js';

export type EncodedDtype = 'float32' | 'float64' | 'int64' | 'int32';

export interface EncodedTensor {
  dtype: EncodedDtype;
  shape: number[];
  /** base64 of the elements' little-endian bytes, row-major. */
  data: string;
}

export type DecodedData = Float32Array | Float64Array | BigInt64Array | Int32Array;

export const BYTES_PER_ELEMENT: Record<EncodedDtype, number> = { float32: 4, float64: 8, int64: 8, int32: 4 };

// Typed arrays use the machine's byte order; the encoding is little-endian.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Why a value cannot be decoded as a tensor; callers rethrow it in their own words. */
export class TensorBytesError extends Error {
  override name = 'TensorBytesError';
}

function bytesOf(data: ArrayBufferView): string {
  if (!littleEndian) throw new TensorBytesError('poolcheck encodes tensors little-endian and needs a little-endian machine');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** A float tensor as data, bit for bit. */
export function encodeTensor(x: Tensor): EncodedTensor {
  return { dtype: dtypeOf(x.data), shape: [...x.shape], data: bytesOf(x.data) };
}

/**
 * poolcheck's index arrays mean plain integers whatever typed array carries them (see
 * IndexData), so they are encoded as int64, PyTorch's index dtype. Only indices that are not
 * integers at all are encoded as float64, for the implementation to reject.
 */
export function encodeIndexTensor(indices: { shape: readonly number[]; data: ArrayLike<number | bigint> }): EncodedTensor {
  const { data } = indices;
  if (data instanceof BigInt64Array) return { dtype: 'int64', shape: [...indices.shape], data: bytesOf(data) };
  const numbers = Array.from(data as ArrayLike<number | bigint>, Number);
  // Every integer a float64 holds is exact as an int64 below 2^63 (2^53 and beyond included: boundary indices).
  if (numbers.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 63)) {
    return { dtype: 'int64', shape: [...indices.shape], data: bytesOf(BigInt64Array.from(numbers, (v) => BigInt(v))) };
  }
  return { dtype: 'float64', shape: [...indices.shape], data: bytesOf(Float64Array.from(numbers)) };
}

/** Checks an encoded tensor (known dtype, sane shape, exactly shape-many elements) and decodes it. */
export function decodeTensorBytes(value: unknown, what: string): { dtype: EncodedDtype; shape: number[]; data: DecodedData } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TensorBytesError(`${what} is not a tensor object`);
  const { dtype, shape, data } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(dtype in BYTES_PER_ELEMENT)) {
    throw new TensorBytesError(`${what} has dtype ${JSON.stringify(dtype) ?? String(dtype)}; expected one of ${Object.keys(BYTES_PER_ELEMENT).join(', ')}`);
  }
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new TensorBytesError(`${what} has shape ${JSON.stringify(shape) ?? String(shape)}; expected an array of non-negative integers`);
  }
  if (typeof data !== 'string') throw new TensorBytesError(`${what} has no base64 "data" string`);
  const encoded = dtype as EncodedDtype;
  const bytes = Buffer.from(data, 'base64');
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  const expectedBytes = elements * BYTES_PER_ELEMENT[encoded];
  if (bytes.byteLength !== expectedBytes) {
    throw new TensorBytesError(`${what} has shape [${shape.join(', ')}] (${elements} ${dtype} elements, ${expectedBytes} bytes) `
      + `but its data holds ${bytes.byteLength} bytes`);
  }
  // Copy into a fresh, aligned buffer: Buffer.from may hand out a slice of a shared pool.
  const aligned = new ArrayBuffer(expectedBytes);
  new Uint8Array(aligned).set(bytes);
  const typed = encoded === 'float32' ? new Float32Array(aligned)
    : encoded === 'float64' ? new Float64Array(aligned)
      : encoded === 'int64' ? new BigInt64Array(aligned) : new Int32Array(aligned);
  return { dtype: encoded, shape: [...(shape as number[])], data: typed };
}

/** A float tensor back from data; refuses an index dtype. */
export function decodeFloatTensor(value: unknown, what: string): Tensor {
  const t = decodeTensorBytes(value, what);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new TensorBytesError(`${what} has dtype ${t.dtype}; expected float32 or float64`);
  return { shape: t.shape, data: t.data as Float32Array | Float64Array };
}

/** Indices back from data (int64, int32, or float64 for non-integer indices kept as they were). */
export function decodeIndexTensor(value: unknown, what: string): IndexTensorInput {
  const t = decodeTensorBytes(value, what);
  if (t.dtype === 'float32') throw new TensorBytesError(`${what} has dtype float32; expected int64, int32 or float64`);
  return { shape: t.shape, data: t.data as IndexData };
}
