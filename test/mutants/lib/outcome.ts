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

/** What a call is checked for beyond its result: memory faults leave the result itself right. */
interface CallChecks {
  /** Overwrite every bit of the input after the call returns, then read the result (a view of the input changes). */
  writeInputAfter?: boolean;
  /** Record the input's shape as it is after the call (a port may change it in place). */
  inputShapeAfter?: boolean;
}

export type Call =
  | ({ op: PoolOpName; x: Tensor; options: PoolOptions } & CallChecks)
  | ({ op: UnpoolOpName; x: Tensor; indices: IndexTensorInput; options: UnpoolOptions } & CallChecks);

export type Outcome =
  | { kind: 'error'; message: string; errorName: string }
  | {
    kind: 'result'; dtype: string; shape: number[]; values: string[]; indexShape?: number[]; indices?: string[];
    inputShape?: number[];
  };

/** Above this many elements a result is recorded by its non-zero elements only (planes past 2^24 have millions). */
const DENSE_LIMIT = 4096;

function recorded(words: ArrayLike<number | bigint>): string[] {
  const hex = (word: number | bigint): string => word.toString(16);
  if (words.length <= DENSE_LIMIT) return Array.from(words, hex);
  const sparse = [`${words.length} elements`];
  for (let i = 0; i < words.length; i++) if (words[i] !== 0 && words[i] !== 0n) sparse.push(`${i}=${hex(words[i]!)}`);
  return sparse;
}

function flipBits(data: FloatData): void {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
}

/** The reference as an Implementation, so that both sides of a comparison run the same way. */
export const referenceImplementation: Implementation = { name: 'reference', ...reference };

function bits(data: FloatData): string[] {
  if (data instanceof Float64Array) return recorded(new BigUint64Array(data.buffer, data.byteOffset, data.length));
  return recorded(new Uint32Array(data.buffer, data.byteOffset, data.length));
}

function describeValue(bitsHex: string | undefined, dtype: string): string {
  if (bitsHex === undefined) return 'nothing';
  const view = dtype === 'Float64Array' ? new Float64Array(new BigUint64Array([BigInt(`0x${bitsHex}`)]).buffer)
    : new Float32Array(new Uint32Array([Number.parseInt(bitsHex, 16)]).buffer);
  const value = view[0]!;
  return `${Object.is(value, -0) ? '-0' : String(value)} (0x${bitsHex})`;
}

export async function run(impl: Implementation, call: Call): Promise<Outcome> {
  // Each implementation gets its own copy of the input: a faulty one may change it.
  const x: Tensor = { shape: [...call.x.shape], data: call.x.data.slice() };
  const afterCall = (): { inputShape?: number[] } => {
    if (call.writeInputAfter) flipBits(x.data);
    return call.inputShapeAfter ? { inputShape: [...x.shape] } : {};
  };
  try {
    if (call.op.startsWith('maxPool')) {
      const { options } = call as Extract<Call, { op: PoolOpName }>;
      const result = await impl[call.op as PoolOpName]!(x, options);
      const checks = afterCall();
      return {
        kind: 'result', dtype: result.values.data.constructor.name, shape: [...result.values.shape], values: bits(result.values.data),
        indexShape: [...result.indices.shape], indices: recorded(result.indices.data as ArrayLike<number | bigint>), ...checks,
      };
    }
    const { indices, options } = call as Extract<Call, { op: UnpoolOpName }>;
    const result = await impl[call.op as UnpoolOpName]!(x, indices, options);
    const checks = afterCall();
    return { kind: 'result', dtype: result.data.constructor.name, shape: [...result.shape], values: bits(result.data), ...checks };
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
  if (expected.inputShape && expected.inputShape.join() !== got.inputShape?.join()) {
    return `input shape after the call: expected [${expected.inputShape}], got [${got.inputShape}]`;
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
