/**
 * The poolcheck/1 wire format (docs/protocol.md): JSON messages, one per line, with tensors as
 * base64 of their little-endian bytes so that NaN payloads and -0 cross unchanged.
 * Everything the child sends is checked here before poolcheck trusts it.
 */
import { FULL_CAPABILITIES, type Capabilities } from '../../implementation.js';
import {
  decodeTensorBytes, encodeIndexTensor, encodeTensor, TensorBytesError, type DecodedData, type EncodedDtype, type EncodedTensor,
} from '../../tensorBytes.js';
import type {
  Dtype, IndexData, IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions,
} from '../../types.js';
import { dtypeOf } from '../../types.js';

export const PROTOCOL_VERSION = 'poolcheck/1';

export type WireDtype = EncodedDtype;

/** A tensor on the wire: dtype, shape, base64 of its little-endian bytes (src/tensorBytes.ts). */
export type WireTensor = EncodedTensor;

export interface WireRequest {
  id: number;
  op: OpName;
  x: WireTensor;
  indices?: WireTensor;
  options: PoolOptions | UnpoolOptions;
}

export interface WireBatchRequest {
  id: number;
  batch: WireRequest[];
}

export interface Handshake {
  protocol: string;
  name: string;
  version: string;
  capabilities: Partial<Capabilities>;
}

/** Thrown by the checks below; the client turns it into a ProtocolError with context. */
export class WireError extends Error {
  override name = 'WireError';
}

// ---------------------------------------------------------------- tensors

export { encodeTensor, encodeIndexTensor };

/** Checks a tensor the child sent: known dtype, sane shape, exactly shape-many elements. */
export function decodeTensor(value: unknown, what: string): { dtype: WireDtype; shape: number[]; data: DecodedData } {
  if (!isObject(value)) throw new WireError(`${what} is not a tensor object: ${preview(value)}`);
  try {
    return decodeTensorBytes(value, what);
  } catch (error) {
    if (error instanceof TensorBytesError) throw new WireError(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------- results

/** A pool result: values in the input's dtype, integer indices of the same shape and rank. */
export function decodePoolResult(result: unknown, input: Tensor): { values: Tensor; indices: IndexTensorInput } {
  if (!isObject(result)) throw new WireError(`pool result is not an object with "values" and "indices": ${preview(result)}`);
  const values = decodeValues(result.values, 'result.values', input);
  const indices = decodeTensor(result.indices, 'result.indices');
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') {
    throw new WireError(`result.indices has dtype ${indices.dtype}; expected int64 or int32`);
  }
  if (!sameShape(values.shape, indices.shape)) {
    throw new WireError(`result.values has shape [${values.shape.join(', ')}] but result.indices has [${indices.shape.join(', ')}]`);
  }
  return { values, indices: { shape: indices.shape, data: indices.data as IndexData } };
}

/** An unpool result: one tensor in the input's dtype and rank. */
export function decodeUnpoolResult(result: unknown, input: Tensor): Tensor {
  return decodeValues(result, 'result', input);
}

function decodeValues(value: unknown, what: string, input: Tensor): Tensor {
  const tensor = decodeTensor(value, what);
  const expected: Dtype = dtypeOf(input.data);
  if (tensor.dtype !== expected) throw new WireError(`${what} has dtype ${tensor.dtype} but the input was ${expected}`);
  if (tensor.shape.length !== input.shape.length) {
    throw new WireError(`${what} has rank ${tensor.shape.length} (shape [${tensor.shape.join(', ')}]) `
      + `but the input has rank ${input.shape.length} (shape [${input.shape.join(', ')}])`);
  }
  return { shape: tensor.shape, data: tensor.data as Float32Array | Float64Array };
}

// ---------------------------------------------------------------- handshake

const CAPABILITY_CHECKS: { [K in keyof Capabilities]: (value: unknown) => boolean } = {
  ops: (v) => Array.isArray(v) && v.every((op) => FULL_CAPABILITIES.ops.includes(op)),
  dtypes: (v) => Array.isArray(v) && v.every((d) => d === 'float32' || d === 'float64'),
  unbatched: isBoolean,
  dilation: isBoolean,
  ceilMode: isBoolean,
  padding: (v) => v === 'none' || v === 'uniform' || v === 'per-axis',
  perAxis: isBoolean,
  maxKernel: isLimit,
  maxInputLength: isLimit,
  maxPlaneSize: isLimit,
  nan: isBoolean,
  unpoolOutputSize: isBoolean,
  errors: (v) => v === 'none' || v === 'throws' || v === 'pytorch',
};

const CAPABILITY_HELP: { [K in keyof Capabilities]: string } = {
  ops: `an array of ${FULL_CAPABILITIES.ops.join(', ')}`,
  dtypes: 'an array of "float32", "float64"',
  unbatched: 'true or false',
  dilation: 'true or false',
  ceilMode: 'true or false',
  padding: '"none", "uniform" or "per-axis"',
  perAxis: 'true or false',
  maxKernel: 'a positive integer, or null for no limit',
  maxInputLength: 'a positive integer, or null for no limit',
  maxPlaneSize: 'a positive integer, or null for no limit',
  nan: 'true or false',
  unpoolOutputSize: 'true or false',
  errors: '"none", "throws" or "pytorch"',
};

/** The child's first line: protocol version, who it is, and what it supports. */
export function parseHandshake(message: unknown): Handshake {
  if (!isObject(message)) throw new WireError(`the handshake is not a JSON object: ${preview(message)}`);
  if (message.protocol !== PROTOCOL_VERSION) {
    throw new WireError(`the handshake names protocol ${preview(message.protocol)}; poolcheck speaks "${PROTOCOL_VERSION}"`);
  }
  if (typeof message.name !== 'string' || message.name === '') throw new WireError('the handshake has no "name" string');
  if (typeof message.version !== 'string') throw new WireError('the handshake has no "version" string');
  const declared = message.capabilities ?? {};
  if (!isObject(declared)) throw new WireError(`the handshake's "capabilities" is not an object: ${preview(declared)}`);
  const capabilities: Partial<Capabilities> = {};
  for (const [key, value] of Object.entries(declared)) {
    if (!(key in CAPABILITY_CHECKS)) {
      throw new WireError(`the handshake declares unknown capability "${key}"; known: ${Object.keys(CAPABILITY_CHECKS).join(', ')}`);
    }
    const field = key as keyof Capabilities;
    if (!CAPABILITY_CHECKS[field](value)) {
      throw new WireError(`capability "${key}" is ${preview(value)}; expected ${CAPABILITY_HELP[field]}`);
    }
    // JSON has no Infinity: null means "no limit".
    (capabilities as Record<string, unknown>)[key] = value === null ? Number.POSITIVE_INFINITY : value;
  }
  return { protocol: PROTOCOL_VERSION, name: message.name, version: message.version, capabilities };
}

// ---------------------------------------------------------------- helpers

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

function isLimit(value: unknown): boolean {
  return value === null || (Number.isSafeInteger(value) && (value as number) > 0);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** A short, printable rendering of something the child sent. */
export function preview(value: unknown, limit = 120): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} chars)` : text;
}
