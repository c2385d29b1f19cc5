/**
 * Calling an implementation: sync or async, with a private copy of the input, and reading what
 * comes back into a checked shape. A call that throws or returns something malformed becomes a
 * PropertyFailure right here, so every property reports those the same way.
 */
import type { Implementation } from '../implementation.js';
import type {
  Dtype, FloatData, IndexTensorInput, PoolOpName, PoolOptions, Tensor, UnpoolOpName, UnpoolOptions,
} from '../types.js';
import { dtypeOf } from '../types.js';
import { formatShape, indexNumbers, sameShape } from './compare.js';
import { fail, SuiteError, type CallEvidence, type CallOutcome } from './failure.js';

export interface PoolCall {
  op: PoolOpName;
  input: Tensor;
  options: PoolOptions;
}

export interface UnpoolCall {
  op: UnpoolOpName;
  input: Tensor;
  indices: IndexTensorInput;
  options: UnpoolOptions;
}

export interface PoolOutput {
  values: Tensor;
  indices: IndexTensorInput;
  /** The indices as numbers, whatever integer array carried them. */
  index: Float64Array;
}

export function copyTensor<T extends { shape: number[]; data: FloatData | IndexTensorInput['data'] }>(t: T): T {
  return { ...t, shape: [...t.shape], data: t.data.slice() } as T;
}

function opFunction(impl: Implementation, op: PoolOpName | UnpoolOpName): (...args: never[]) => unknown {
  const fn = impl[op];
  if (typeof fn !== 'function') throw new SuiteError(`poolcheck generated a ${op} case, but the implementation has no ${op}`);
  return fn.bind(impl) as (...args: never[]) => unknown;
}

/**
 * How a call ended: it returned, it threw (the implementation's answer, e.g. a rejection of an
 * invalid case), or it crashed (no answer at all: see `isCrash`). A crash is never a rejection.
 */
export type Settled =
  | { ok: true; value: unknown }
  | { ok: false; crashed: false; error: unknown }
  | { ok: false; crashed: true; error: Error };

import { isImplementationCrash as isCrash } from '../implementation.js';

export { isCrash };

async function settle(run: () => unknown): Promise<Settled> {
  try {
    const result = run();
    // Sync implementations skip the extra microtask; it adds up over thousands of cases.
    return { ok: true, value: result instanceof Promise ? await result : result };
  } catch (error) {
    // Any other thrown value is the implementation's answer, even one that is not an Error
    // (`throw 'bad padding'`, or a promise rejected with no reason): Capabilities' errors:
    // 'throws' promises only that invalid input is refused, and a refusal is what that is. With
    // errors: 'pytorch' such a value still has to carry PyTorch's message as its text.
    return isCrash(error) ? { ok: false, crashed: true, error } : { ok: false, crashed: false, error };
  }
}

export interface CallOptions {
  /** Names the call in a report when a property makes several. */
  label?: string;
  /**
   * Hand the implementation a private copy of the input (default), so that evidence shows the
   * input as it was; no-shared-state passes the tensors themselves to catch mutation.
   */
  copyInput?: boolean;
}

export async function attemptPool(impl: Implementation, call: PoolCall, copyInput = true): Promise<Settled> {
  const fn = opFunction(impl, call.op) as (x: Tensor, o: PoolOptions) => unknown;
  const input = copyInput ? copyTensor(call.input) : call.input;
  return settle(() => fn(input, { ...call.options }));
}

export async function attemptUnpool(impl: Implementation, call: UnpoolCall, copyInput = true): Promise<Settled> {
  const fn = opFunction(impl, call.op) as (x: Tensor, i: IndexTensorInput, o: UnpoolOptions) => unknown;
  const input = copyInput ? copyTensor(call.input) : call.input;
  const indices = copyInput ? copyTensor(call.indices) : call.indices;
  return settle(() => fn(input, indices, { ...call.options }));
}

function isFloatData(data: unknown): data is FloatData {
  return data instanceof Float32Array || data instanceof Float64Array;
}

function isIndexData(data: unknown): data is IndexTensorInput['data'] {
  return data instanceof BigInt64Array || data instanceof Int32Array || data instanceof Float64Array ||
    data instanceof BigUint64Array || data instanceof Uint32Array || data instanceof Int16Array ||
    data instanceof Uint16Array || data instanceof Int8Array || data instanceof Uint8Array || data instanceof Float32Array;
}

function isTensorLike(t: unknown): t is { shape: unknown; data: unknown } {
  return typeof t === 'object' && t !== null && 'shape' in t && 'data' in t;
}

function shapeOf(t: { shape: unknown }): number[] | undefined {
  return Array.isArray(t.shape) && t.shape.every((s) => Number.isInteger(s)) ? t.shape as number[] : undefined;
}

/** What went wrong with a returned tensor, or undefined when it is well formed. */
function tensorProblem(name: string, t: unknown, expectedShape: readonly number[], dtype: Dtype | 'index'): string | undefined {
  if (!isTensorLike(t)) return `${name} is not a { shape, data } tensor`;
  const shape = shapeOf(t);
  if (!shape) return `${name}.shape is not an array of integers`;
  if (dtype === 'index') {
    if (!isIndexData(t.data)) return `${name}.data is not an integer typed array (BigInt64Array, Int32Array, Float64Array, ...)`;
  } else if (!isFloatData(t.data)) {
    return `${name}.data is not a Float32Array or Float64Array`;
  } else if (dtypeOf(t.data) !== dtype) {
    return `${name} is ${dtypeOf(t.data)} but the input is ${dtype}`;
  }
  if (!sameShape(shape, expectedShape)) {
    return `${name} has shape ${formatShape(shape)} but the size rule gives ${formatShape(expectedShape)}`;
  }
  const data = t.data as ArrayLike<unknown>;
  const count = expectedShape.reduce((a, b) => a * b, 1);
  if (data.length !== count) return `${name}.data holds ${data.length} elements for shape ${formatShape(shape)} (${count})`;
  return undefined;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Pool with the implementation; the result must have the expected shape and the input's dtype. */
export async function poolWith(
  impl: Implementation, call: PoolCall, expectedShape: readonly number[], { label, copyInput = true }: CallOptions = {},
): Promise<PoolOutput> {
  const settled = await attemptPool(impl, call, copyInput);
  const evidence = (got: CallOutcome): CallEvidence => ({ ...call, ...(label ? { label } : {}), got });
  if (!settled.ok) {
    fail(`${call.op} ${settled.crashed ? 'crashed' : 'threw'} on a valid case: ${errorText(settled.error)}`,
      [evidence({ kind: 'error', error: settled.error })]);
  }
  const raw = settled.value as { values?: unknown; indices?: unknown } | null;
  if (typeof raw !== 'object' || raw === null) {
    fail(`${call.op} returned ${raw === null ? 'null' : typeof raw}, not { values, indices }`, [evidence({ kind: 'malformed', raw })]);
  }
  const problem = tensorProblem('values', raw.values, expectedShape, dtypeOf(call.input.data)) ??
    tensorProblem('indices', raw.indices, expectedShape, 'index');
  if (problem) {
    const got: CallOutcome = isTensorLike(raw.values) && isTensorLike(raw.indices)
      ? { kind: 'pool', values: raw.values as Tensor, indices: raw.indices as IndexTensorInput }
      : { kind: 'malformed', raw };
    fail(`${call.op} returned a malformed result: ${problem}`, [evidence(got)]);
  }
  const values = raw.values as Tensor;
  const indices = raw.indices as IndexTensorInput;
  const index = indexNumbers(indices.data);
  const fractional = index.findIndex((v) => !Number.isInteger(v));
  if (fractional >= 0) {
    fail(`indices[${fractional}] is ${index[fractional]}, not an integer`, [
      { ...evidence({ kind: 'pool', values, indices }), mark: { tensor: 'indices', offset: fractional } }]);
  }
  return { values, indices, index };
}

/** Unpool with the implementation; the result must have the expected shape and the input's dtype. */
export async function unpoolWith(
  impl: Implementation, call: UnpoolCall, expectedShape: readonly number[], { label, copyInput = true }: CallOptions = {},
): Promise<Tensor> {
  const settled = await attemptUnpool(impl, call, copyInput);
  const evidence = (got: CallOutcome): CallEvidence => ({ ...call, ...(label ? { label } : {}), got });
  if (!settled.ok) {
    fail(`${call.op} ${settled.crashed ? 'crashed' : 'threw'} on a valid case: ${errorText(settled.error)}`,
      [evidence({ kind: 'error', error: settled.error })]);
  }
  const raw = settled.value;
  const problem = tensorProblem('output', raw, expectedShape, dtypeOf(call.input.data));
  if (problem) {
    const got: CallOutcome = isTensorLike(raw) ? { kind: 'unpool', output: raw as Tensor } : { kind: 'malformed', raw };
    fail(`${call.op} returned a malformed result: ${problem}`, [evidence(got)]);
  }
  return raw as Tensor;
}

export { errorText };
