/**
 * One call to an implementation, and what came out of it, compared bit for bit with what the
 * reference gives for the same call. Used by the port's own tests and by the witness table;
 * the property suite has its own, richer comparison.
 */
import type { Implementation } from '../../../src/implementation.js';
import * as reference from '../../../src/reference/index.js';
import type {
  FloatData, IndexTensorInput, PoolOpName, PoolOptions, Tensor, UnpoolOpName, UnpoolOptions,
} from '../../../src/types.js';

export type Call =
  | { op: PoolOpName; x: Tensor; options: PoolOptions }
  | { op: UnpoolOpName; x: Tensor; indices: IndexTensorInput; options: UnpoolOptions };

export type Outcome =
  | { kind: 'error'; message: string; errorName: string }
  | { kind: 'result'; dtype: string; shape: number[]; values: string[]; indexShape?: number[]; indices?: string[] };

/** The reference as an Implementation, so that both sides of a comparison run the same way. */
export const referenceImplementation: Implementation = { name: 'reference', ...reference };

function bits(data: FloatData): string[] {
  if (data instanceof Float64Array) {
    return Array.from(new BigUint64Array(data.buffer, data.byteOffset, data.length), (word) => word.toString(16));
  }
  return Array.from(new Uint32Array(data.buffer, data.byteOffset, data.length), (word) => word.toString(16));
}

function describeValue(bitsHex: string | undefined, dtype: string): string {
  if (bitsHex === undefined) return 'nothing';
  const view = dtype === 'Float64Array' ? new Float64Array(new BigUint64Array([BigInt(`0x${bitsHex}`)]).buffer)
    : new Float32Array(new Uint32Array([Number.parseInt(bitsHex, 16)]).buffer);
  const value = view[0]!;
  return `${Object.is(value, -0) ? '-0' : String(value)} (0x${bitsHex})`;
}

export async function run(impl: Implementation, call: Call): Promise<Outcome> {
  try {
    if (call.op.startsWith('maxPool')) {
      const { x, options } = call as Extract<Call, { op: PoolOpName }>;
      const result = await impl[call.op as PoolOpName]!(x, options);
      return {
        kind: 'result', dtype: result.values.data.constructor.name, shape: [...result.values.shape], values: bits(result.values.data),
        indexShape: [...result.indices.shape], indices: Array.from(result.indices.data as ArrayLike<number | bigint>, (index) => String(index)),
      };
    }
    const { x, indices, options } = call as Extract<Call, { op: UnpoolOpName }>;
    const result = await impl[call.op as UnpoolOpName]!(x, indices, options);
    return { kind: 'result', dtype: result.data.constructor.name, shape: [...result.shape], values: bits(result.data) };
  } catch (error) {
    return error instanceof Error
      ? { kind: 'error', message: error.message, errorName: error.name }
      : { kind: 'error', message: String(error), errorName: typeof error };
  }
}

/**
 * The first way `got` differs from `expected`, in words, or undefined when they agree.
 * Error messages are compared only when asked: a port may word its errors its own way.
 */
export function firstDifference(expected: Outcome, got: Outcome, compareMessages = false): string | undefined {
  if (expected.kind === 'error' || got.kind === 'error') {
    if (expected.kind !== got.kind) {
      return expected.kind === 'error'
        ? `expected an error (${expected.message}) but got a result of shape [${(got as { shape: number[] }).shape}]`
        : `expected a result of shape [${expected.shape}] but got an error (${(got as { message: string }).message})`;
    }
    const [e, g] = [expected as { message: string }, got as { message: string }];
    return compareMessages && e.message !== g.message ? `error message differs:\n  expected: ${e.message}\n  got:      ${g.message}` : undefined;
  }
  if (expected.dtype !== got.dtype) return `dtype: expected ${expected.dtype}, got ${got.dtype}`;
  if (expected.shape.join() !== got.shape.join()) return `shape: expected [${expected.shape}], got [${got.shape}]`;
  const valueAt = expected.values.findIndex((word, i) => word !== got.values[i]);
  if (valueAt >= 0) {
    return `value ${valueAt}: expected ${describeValue(expected.values[valueAt], expected.dtype)}, got ${describeValue(got.values[valueAt], got.dtype)}`;
  }
  if (expected.indices !== undefined) {
    if (expected.indexShape!.join() !== got.indexShape!.join()) return `indices shape: expected [${expected.indexShape}], got [${got.indexShape}]`;
    const indexAt = expected.indices.findIndex((index, i) => index !== got.indices![i]);
    if (indexAt >= 0) return `index ${indexAt}: expected ${expected.indices[indexAt]}, got ${got.indices![indexAt]}`;
  }
  return undefined;
}
