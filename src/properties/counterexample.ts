/**
 * A counterexample as data: everything needed to see, replay and regression-test one failure
 * without poolcheck's generators, as a JSON-ready record (tensors as base64 little-endian bytes,
 * as on the poolcheck/1 wire). A JSON report carries a list of them per failing property; the
 * HTML report draws them; `poolcheck replay` re-runs them; `--emit-tests` embeds them in test
 * files. docs/reports.md documents every field.
 */
import { compareFloatTensor, compareIndexTensor, formatDifference, type NaNPolicy } from '../golden/compare.js';
import { isImplementationCrash, type Implementation } from '../implementation.js';
import {
  decodeFloatTensor, decodeIndexTensor, encodeIndexTensor, encodeTensor, TensorBytesError, type EncodedTensor,
} from '../tensorBytes.js';
import type {
  Dtype, IndexTensor, IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions,
} from '../types.js';
import { dtypeOf, POOL_OPS, UNPOOL_OPS } from '../types.js';
import type { CallEvidence, CallOutcome, Mark } from './failure.js';
import { implementationFromModule } from './load.js';

/** The `format` of a counterexample record; a reader refuses other formats and newer versions. */
export const COUNTEREXAMPLE_FORMAT = 'poolcheck-counterexample';
export const COUNTEREXAMPLE_VERSION = 1;

/** What a call returned or raised, as data. */
export type OutcomeRecord =
  | { kind: 'pool'; values: EncodedTensor; indices: EncodedTensor }
  | { kind: 'unpool'; output: EncodedTensor }
  /** `type`: PyTorch's exception class when known (ValueError, RuntimeError, ...), else the error's name. */
  | { kind: 'error'; type: string; message: string }
  /** Something that is not a result at all (null, a number, an object without tensors). */
  | { kind: 'malformed'; description: string };

/** A call to the implementation: what was passed. */
export interface CallInputRecord {
  op: OpName;
  dtype: Dtype;
  /** The input's shape (the same as `input.shape`; here for readers that skip the tensors). */
  shape: number[];
  options: PoolOptions | UnpoolOptions;
  input: EncodedTensor;
  /** Unpool only: the indices passed. */
  indices?: EncodedTensor;
}

/** A call of the failure: what was passed, what came back, what PyTorch gives. */
export interface CallRecord extends CallInputRecord {
  /** What the call was when the failure made several ("first call", "plane (0, 1) alone"). */
  label?: string;
  /** What PyTorch gives (the reference, or the golden corpus's recorded answer); absent when no single answer applies. */
  expected?: OutcomeRecord;
  /** What the implementation gave in the run. */
  got?: OutcomeRecord;
  /** The first wrong element: which tensor of the result, and its flat offset. */
  mark?: Mark;
}

/** How the failure was found, and so how the run replays it. */
export type OriginRecord =
  | {
    kind: 'generated';
    /** fast-check seed of the run and path to the shrunk case: `--seed S --path P` replays it. */
    seed: number;
    path: string;
    /** Cases run up to and including the first failure, and shrinking steps taken. */
    numRuns: number;
    numShrinks: number;
  }
  | {
    kind: 'golden';
    /** The golden case id, and where it lives (file relative to the corpus directory, 1-based line). */
    caseId: string;
    file?: string;
    line?: number;
  };

/**
 * Whether the failure happens on a fresh implementation instance by itself. When it does not,
 * `earlierCalls` is the shortest sequence of calls found that, made first on a fresh instance,
 * makes it happen (the failure depends on state kept between calls).
 */
export type ReproductionRecord =
  | { alone: true }
  | {
    alone: false;
    /** Calls to make first, in order, on a fresh instance (their results are not judged). */
    earlierCalls: CallInputRecord[];
    /** How many calls the run had made when the failure appeared (what was minimised). */
    callsInRun: number;
    /** True when no single call of `earlierCalls` can be left out (delta debugging finished within its budget). */
    minimal: boolean;
  }
  | { alone: false; earlierCalls?: undefined; why: string }
  /** Not checked (no way to make a fresh instance, e.g. inside poolcheck/vitest), with why when it was tried. */
  | { alone: 'unknown'; why?: string };

export interface CounterexampleRecord {
  format: typeof COUNTEREXAMPLE_FORMAT;
  version: typeof COUNTEREXAMPLE_VERSION;
  property: string;
  /** One line: what is wrong. */
  summary: string;
  /** Further lines explaining the broken rule in the case's own numbers. */
  details: string[];
  /** The case in words (the report's story lines). */
  story: string[];
  origin: OriginRecord;
  /** The calls the failure is about, in the order they were made. */
  calls: CallRecord[];
  /** Which call is the one the summary is about (the first marked one, else the first). */
  mainCall: number;
  reproduction: ReproductionRecord;
  /** How replaying judges a result against `expected`. */
  judge: {
    /** 'exact': NaN payload and signalling bit must match; 'any': a NaN equals a NaN. */
    nan: NaNPolicy;
    /** 'pytorch': an expected error must carry PyTorch's message; 'throws': any error will do. */
    errors: 'throws' | 'pytorch';
  };
  /** The command that replays the failure against the same implementation, or null when there is none. */
  replay: string | null;
  /** The failure is poolcheck's own fault (then there is nothing to replay against the implementation). */
  internal?: boolean;
}

// ---------------------------------------------------------------- to data

function errorRecord(error: unknown): OutcomeRecord {
  const kind = (error as { kind?: unknown } | null)?.kind;
  if (error instanceof Error) return { kind: 'error', type: typeof kind === 'string' ? kind : error.name, message: error.message };
  return { kind: 'error', type: typeof error, message: safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '(a value that cannot be turned into text)';
  }
}

function isFloat(t: unknown): t is Tensor {
  const x = t as Tensor | null;
  return typeof x === 'object' && x !== null && Array.isArray(x.shape) && (x.data instanceof Float32Array || x.data instanceof Float64Array);
}

function isIndexLike(t: unknown): t is { shape: number[]; data: ArrayLike<number | bigint> } {
  const x = t as { shape?: unknown; data?: unknown } | null;
  return typeof x === 'object' && x !== null && Array.isArray(x.shape) && ArrayBuffer.isView(x.data) && !(x.data instanceof DataView);
}

function describeMalformed(raw: unknown): string {
  if (raw === null || raw === undefined) return String(raw);
  if (typeof raw !== 'object') return `${typeof raw} ${safeString(raw)}`;
  return `an object with keys ${Object.keys(raw as object).join(', ') || '(none)'}`;
}

/** An outcome as data; a tensor that cannot be encoded is described instead. */
export function outcomeRecord(outcome: CallOutcome): OutcomeRecord {
  if (outcome.kind === 'error') return errorRecord(outcome.error);
  if (outcome.kind === 'malformed') return { kind: 'malformed', description: describeMalformed(outcome.raw) };
  try {
    if (outcome.kind === 'pool') {
      if (isFloat(outcome.values) && isIndexLike(outcome.indices)) {
        return { kind: 'pool', values: encodeTensor(outcome.values), indices: encodeIndexTensor(outcome.indices) };
      }
      return { kind: 'malformed', description: describeMalformed(outcome) };
    }
    if (isFloat(outcome.output)) return { kind: 'unpool', output: encodeTensor(outcome.output) };
    return { kind: 'malformed', description: describeMalformed(outcome.output) };
  } catch (error) {
    return { kind: 'malformed', description: error instanceof Error ? error.message : safeString(error) };
  }
}

/** What was passed in a call, as data. */
export function callInputRecord(call: { op: OpName; input: Tensor; indices?: IndexTensorInput; options: PoolOptions | UnpoolOptions }): CallInputRecord {
  return {
    op: call.op,
    dtype: dtypeOf(call.input.data),
    shape: [...call.input.shape],
    options: structuredClone(call.options),
    input: encodeTensor(call.input),
    ...(call.indices ? { indices: encodeIndexTensor(call.indices) } : {}),
  };
}

/** A call of a failure's evidence as data (its expected outcome must have been recorded). */
export function callRecord(call: CallEvidence): CallRecord {
  return {
    ...(call.label !== undefined ? { label: call.label } : {}),
    ...callInputRecord(call),
    ...(call.showExpected !== false && call.expected ? { expected: outcomeRecord(call.expected) } : {}),
    ...(call.got ? { got: outcomeRecord(call.got) } : {}),
    ...(call.mark ? { mark: { ...call.mark } } : {}),
  };
}

/** The index of the call a failure is about: the first marked one, else the first. */
export function mainCallOf(calls: readonly { mark?: Mark }[]): number {
  const marked = calls.findIndex((c) => c.mark !== undefined);
  return marked >= 0 ? marked : 0;
}

// ---------------------------------------------------------------- from data

/** A counterexample record cannot be read: says what is wrong in one line. */
export class CounterexampleFormatError extends Error {
  override name = 'CounterexampleFormatError';
}

/** A call decoded back into tensors. */
export interface DecodedCall {
  op: OpName;
  input: Tensor;
  indices?: IndexTensorInput;
  options: PoolOptions | UnpoolOptions;
}

function decoded<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TensorBytesError) throw new CounterexampleFormatError(error.message);
    throw error;
  }
}

/** The tensors and options of a recorded call. */
export function decodeCall(call: CallInputRecord, what = 'call'): DecodedCall {
  const op = call.op;
  if (!(POOL_OPS as readonly string[]).includes(op) && !(UNPOOL_OPS as readonly string[]).includes(op)) throw new CounterexampleFormatError(`${what}.op ${JSON.stringify(op)} is not an op poolcheck knows`);
  const input = decoded(what, () => decodeFloatTensor(call.input, `${what}.input`));
  const indices = call.indices !== undefined ? decoded(what, () => decodeIndexTensor(call.indices, `${what}.indices`)) : undefined;
  if (typeof call.options !== 'object' || call.options === null) throw new CounterexampleFormatError(`${what}.options is not an object`);
  return { op, input, ...(indices ? { indices } : {}), options: structuredClone(call.options) };
}

/**
 * Checks the parts of a record a replay relies on (with `decodeTensors`, every tensor too);
 * throws CounterexampleFormatError.
 */
export function checkCounterexampleRecord(value: unknown, what = 'counterexample', decodeTensors = true): CounterexampleRecord {
  const r = value as Partial<CounterexampleRecord> | null;
  if (typeof r !== 'object' || r === null) throw new CounterexampleFormatError(`${what} is not an object`);
  if (r.format !== COUNTEREXAMPLE_FORMAT) throw new CounterexampleFormatError(`${what}.format is ${JSON.stringify(r.format)}, not "${COUNTEREXAMPLE_FORMAT}"`);
  if (r.version !== COUNTEREXAMPLE_VERSION) {
    throw new CounterexampleFormatError(`${what}.version is ${JSON.stringify(r.version)}; this poolcheck reads version ${COUNTEREXAMPLE_VERSION}`);
  }
  if (typeof r.property !== 'string') throw new CounterexampleFormatError(`${what}.property is not a string`);
  if (!Array.isArray(r.calls)) throw new CounterexampleFormatError(`${what}.calls is not an array`);
  if (typeof r.reproduction !== 'object' || r.reproduction === null) throw new CounterexampleFormatError(`${what}.reproduction is not an object`);
  if (!decodeTensors) return r as CounterexampleRecord;
  r.calls.forEach((c, i) => decodeCall(c, `${what}.calls[${i}]`));
  if (r.reproduction.alone === false && r.reproduction.earlierCalls) {
    r.reproduction.earlierCalls.forEach((c, i) => decodeCall(c, `${what}.reproduction.earlierCalls[${i}]`));
  }
  return r as CounterexampleRecord;
}

// ---------------------------------------------------------------- replay

export interface ReplayOutcome {
  /** True when the implementation still fails: some call disagrees with what PyTorch gives. */
  fails: boolean;
  /** One line per disagreement, naming the call. */
  disagreements: string[];
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

async function callOnce(impl: Implementation, call: DecodedCall): Promise<Settled> {
  const fn = impl[call.op] as ((...args: unknown[]) => unknown) | undefined;
  if (typeof fn !== 'function') return { ok: false, error: new Error(`the implementation has no ${call.op}`) };
  try {
    const args = call.indices ? [call.input, call.indices, call.options] : [call.input, call.options];
    const result = fn.apply(impl, args);
    return { ok: true, value: result instanceof Promise ? await result : result };
  } catch (error) {
    return { ok: false, error };
  }
}

function copyOf<T extends { shape: number[]; data: ArrayLike<unknown> & { slice(): unknown } }>(t: T): T {
  return { shape: [...t.shape], data: t.data.slice() } as T;
}

function expectedTensor(e: EncodedTensor, what: string): Tensor {
  return decoded(what, () => decodeFloatTensor(e, what));
}

/** What differs between a recorded expectation and what a call did, or undefined. */
function disagreement(expected: OutcomeRecord, settled: Settled, judge: CounterexampleRecord['judge']): string | undefined {
  if (expected.kind === 'error') {
    if (settled.ok) return `PyTorch raises ${expected.type}: "${expected.message}", but it returned a result`;
    if (isImplementationCrash(settled.error)) return `PyTorch raises ${expected.type}, but it crashed: ${safeString((settled.error as Error).message)}`;
    if (judge.errors === 'pytorch') {
      const message = settled.error instanceof Error ? settled.error.message : safeString(settled.error);
      if (!message.includes(expected.message)) return `PyTorch raises ${expected.type}: "${expected.message}", it threw "${message}"`;
    }
    return undefined;
  }
  if (!settled.ok) {
    const e = settled.error;
    return `PyTorch returns a result, but it threw ${e instanceof Error ? `${e.name}: ${e.message}` : safeString(e)}`;
  }
  if (expected.kind === 'malformed') return undefined;
  const result = settled.value as Record<string, unknown> | null | undefined;
  if (expected.kind === 'pool') {
    if (typeof result !== 'object' || result === null) return `PyTorch returns { values, indices }, it returned ${describeMalformed(result)}`;
    const values = expectedTensor(expected.values, 'expected.values');
    const indices = decoded('expected.indices', () => decodeIndexTensor(expected.indices, 'expected.indices'));
    const asInt64: IndexTensor = indices.data instanceof BigInt64Array
      ? { shape: indices.shape, data: indices.data }
      : { shape: indices.shape, data: BigInt64Array.from(indices.data as ArrayLike<number>, (v) => BigInt(v)) };
    const d = compareFloatTensor('values', values, result.values, judge.nan) ?? compareIndexTensor('indices', asInt64, result.indices);
    return d ? formatDifference(d) : undefined;
  }
  const d = compareFloatTensor('output', expectedTensor(expected.output, 'expected.output'), result, judge.nan);
  return d ? formatDifference(d) : undefined;
}

function callName(record: CallRecord, i: number): string {
  return `call ${i + 1} (${record.label ? `${record.label}: ` : ''}${record.op})`;
}

/**
 * Re-runs a recorded counterexample on `impl` (an Implementation, or a module namespace that
 * exports the ops): first its earlier calls when the failure depends on them, then its calls,
 * each judged against what PyTorch gives; an input changed by a call and a result changed by a
 * later call count as disagreements too. Use a fresh instance: state left by other calls
 * changes what a replay shows. This is what `poolcheck replay` and emitted regression tests run.
 */
export async function replayCounterexample(impl: Implementation | Record<string, unknown>, record: CounterexampleRecord): Promise<ReplayOutcome> {
  // Tensors are decoded (and so checked) as the calls are made.
  const r = checkCounterexampleRecord(record, 'counterexample', false);
  const implementation = implementationFromModule(impl, 'implementation');
  const disagreements: string[] = [];
  for (const [i, call] of (r.reproduction.alone === false && r.reproduction.earlierCalls ? r.reproduction.earlierCalls : []).entries()) {
    await callOnce(implementation, decodeCall(call, `earlier call ${i + 1}`));
  }
  const judge = r.judge ?? { nan: 'exact', errors: 'throws' };
  const returned: { index: number; settled: { ok: true; value: unknown }; snapshot: string }[] = [];
  for (const [i, record] of r.calls.entries()) {
    const call = decodeCall(record, `call ${i + 1}`);
    const pristine = { input: copyOf(call.input), indices: call.indices ? copyOf(call.indices) : undefined };
    const settled = await callOnce(implementation, call);
    if (Buffer.compare(bytes(call.input.data), bytes(pristine.input.data)) !== 0 ||
      (call.indices && Buffer.compare(bytes(call.indices.data), bytes(pristine.indices!.data)) !== 0)) {
      disagreements.push(`${callName(record, i)}: the call changed its input`);
    }
    if (record.expected === undefined) continue;
    const d = disagreement(record.expected, settled, judge);
    if (d !== undefined) disagreements.push(`${callName(record, i)}: ${d}`);
    else if (settled.ok) returned.push({ index: i, settled, snapshot: resultBytes(settled.value) });
  }
  // A result that was right when returned and changed by a later call (a reused output buffer).
  for (const { index, settled, snapshot } of returned) {
    if (resultBytes(settled.value) !== snapshot) {
      const record = r.calls[index]!;
      const d = disagreement(record.expected!, settled, judge);
      disagreements.push(`${callName(record, index)}: its result changed after later calls${d ? `: ${d}` : ''}`);
    }
  }
  return { fails: disagreements.length > 0, disagreements };
}

function bytes(data: ArrayBufferView): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The bytes of whatever tensors a result holds, to notice a later change. */
function resultBytes(value: unknown): string {
  const parts: string[] = [];
  const add = (t: unknown): void => {
    const data = (t as { data?: unknown } | null)?.data;
    if (ArrayBuffer.isView(data)) parts.push(bytes(data).toString('base64'));
  };
  const v = value as { values?: unknown; indices?: unknown } | null;
  if (v && typeof v === 'object' && 'values' in v) {
    add(v.values);
    add(v.indices);
  } else {
    add(value);
  }
  return parts.join('|');
}
