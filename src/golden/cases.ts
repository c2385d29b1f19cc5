/**
 * Golden cases as checks on any Implementation: whether a case is within what it declares it
 * supports, running the case on it, and judging the outcome against PyTorch's. Nothing here
 * knows about the reference; the reference is just one Implementation.
 */
import { isImplementationCrash, type Capabilities, type Implementation } from '../implementation.js';
import type { FloatData, PerDim, Tensor } from '../types.js';
import { compareFloatTensor, compareIndexTensor, formatShape, type Difference, type NaNPolicy } from './compare.js';
import {
  dtypeOfCase, isPoolCase, spatialRankOf, type GoldenCase, type GoldenError,
} from './format.js';

/** Why a case is outside the declared capabilities, or undefined when it is within them. */
export function uncoveredReason(c: GoldenCase, caps: Capabilities): string | undefined {
  if (!caps.ops.includes(c.op)) return `${c.op} is not implemented`;
  const dtype = dtypeOfCase(c);
  if (!caps.dtypes.includes(dtype)) return `${dtype} is not supported`;
  if (c.expected.kind === 'error' && caps.errors === 'none') return 'invalid input is not checked';
  const rank = spatialRankOf(c);
  if (c.input.shape.length === rank + 1 && !caps.unbatched) return 'unbatched input is not supported';

  const o = c.options as { kernelSize: PerDim; stride?: PerDim; padding?: PerDim; dilation?: PerDim; ceilMode?: boolean; outputSize?: readonly number[] };
  const entries = (v: PerDim | undefined): readonly number[] => (v === undefined ? [] : typeof v === 'number' ? [v] : v);
  const differs = (v: PerDim | undefined): boolean => new Set(entries(v)).size > 1;

  if (entries(o.dilation).some((d) => d !== 1) && !caps.dilation) return 'dilation is not supported';
  if (o.ceilMode === true && !caps.ceilMode) return 'ceil mode is not supported';
  const padding = entries(o.padding);
  if (caps.padding === 'none' && padding.some((p) => p !== 0)) return 'padding is not supported';
  if (caps.padding === 'uniform' && differs(o.padding)) return 'padding that differs between axes is not supported';
  if (!caps.perAxis && (differs(o.kernelSize) || differs(o.stride) || differs(o.dilation))) {
    return 'kernel, stride or dilation that differ between axes are not supported';
  }
  if (entries(o.kernelSize).some((k) => k > caps.maxKernel)) return `kernel larger than ${caps.maxKernel}`;
  const spatial = c.input.shape.slice(-rank);
  if (spatial.some((length) => length > caps.maxInputLength)) return `input longer than ${caps.maxInputLength} on some axis`;
  if (spatial.reduce((a, b) => a * b, 1) > caps.maxPlaneSize) return `input plane larger than ${caps.maxPlaneSize} elements`;
  if (!caps.nan && hasNaN(c.input.data)) return 'NaN inputs are not supported';
  if (o.outputSize !== undefined && !caps.unpoolOutputSize) return 'unpool outputSize is not supported';
  return undefined;
}

function hasNaN(data: FloatData): boolean {
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) return true;
  return false;
}

/** What an implementation did with a case. */
export type GoldenOutcome =
  | { kind: 'returned'; result: unknown }
  | { kind: 'threw'; error: unknown };

/**
 * Runs one case on `impl` with private copies of the inputs, so an implementation that writes to
 * its input cannot damage the corpus. Never throws: a throw is part of the outcome.
 */
export async function runGoldenCase(impl: Implementation, c: GoldenCase): Promise<GoldenOutcome> {
  const input: Tensor = { shape: [...c.input.shape], data: c.input.data.slice() };
  try {
    const fn = impl[c.op];
    if (typeof fn !== 'function') throw new Error(`the implementation has no ${c.op}`);
    const options = structuredClone(c.options);
    const result = isPoolCase(c)
      ? await (fn as NonNullable<Implementation['maxPool1d']>).call(impl, input, options)
      : await (fn as NonNullable<Implementation['maxUnpool1d']>).call(
        impl, input, { shape: [...c.indices.shape], data: c.indices.data.slice() }, options as never);
    return { kind: 'returned', result };
  } catch (error) {
    return { kind: 'threw', error };
  }
}

export interface JudgeOptions {
  /**
   * 'throws': any thrown error matches an expected error. 'pytorch': the thrown message must
   * contain PyTorch's message, and an error that names its Python class (a string `kind`, as
   * PoolcheckError does) must name the same one.
   */
  errors: 'throws' | 'pytorch';
  nan: NaNPolicy;
}

export interface GoldenDisagreement {
  /** One line: what differs. */
  summary: string;
  /** The first differing element, when the disagreement is about tensor contents. */
  difference?: Difference;
}

/** Compares an outcome with PyTorch's. Undefined means they agree. */
export function judgeGoldenCase(c: GoldenCase, outcome: GoldenOutcome, options: JudgeOptions): GoldenDisagreement | undefined {
  const expected = c.expected;
  if (expected.kind === 'error') {
    if (outcome.kind === 'returned') {
      return { summary: `PyTorch raised ${formatGoldenError(expected.error)}, but it returned ${describeResult(outcome.result)}` };
    }
    // A protocol child that crashed, hung or broke the protocol gave no answer, so it did not
    // reject the case either.
    if (isImplementationCrash(outcome.error)) {
      const firstLine = errorMessage(outcome.error).split('\n')[0];
      return { summary: `PyTorch raised ${formatGoldenError(expected.error)}, but it crashed instead of rejecting: "${firstLine}"` };
    }
    if (options.errors === 'throws') return undefined;
    const message = errorMessage(outcome.error);
    if (!message.includes(expected.error.message)) {
      return { summary: `wrong error message: PyTorch raised ${formatGoldenError(expected.error)}, it threw "${message}"` };
    }
    const kind = (outcome.error as { kind?: unknown } | null)?.kind;
    if (typeof kind === 'string' && kind !== expected.error.type) {
      return { summary: `wrong error class: PyTorch raised ${expected.error.type}, it threw ${kind}: "${message}"` };
    }
    return undefined;
  }
  if (outcome.kind === 'threw') {
    return { summary: `PyTorch returned a result, but it threw "${errorMessage(outcome.error)}"` };
  }
  const result = outcome.result as Record<string, unknown> | null | undefined;
  let difference: Difference | undefined;
  if (expected.kind === 'pool') {
    if (typeof result !== 'object' || result === null) {
      return { summary: `expected { values, indices }, it returned ${describeResult(result)}` };
    }
    difference = compareFloatTensor('values', expected.values, result.values, options.nan)
      ?? compareIndexTensor('indices', expected.indices, result.indices);
  } else {
    difference = compareFloatTensor('output', expected.output, result, options.nan);
  }
  return difference ? { summary: differenceSummary(difference), difference } : undefined;
}

function differenceSummary(d: Difference): string {
  switch (d.kind) {
    case 'element':
      return `${d.tensor} differ at flat index ${d.flatIndex} (coordinate ${formatShape(d.coordinate!)}): `
        + `PyTorch ${d.expected}, got ${d.got}`;
    case 'shape':
      return `${d.tensor} shape: PyTorch ${d.expected}, got ${d.got}`;
    case 'dtype':
      return `${d.tensor} dtype: PyTorch ${d.expected}, got ${d.got}`;
    default:
      return `${d.tensor}: expected ${d.expected}, got ${d.got}`;
  }
}

export function formatGoldenError(error: GoldenError): string {
  return `${error.type}: "${error.message}"`;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function describeResult(result: unknown): string {
  if (typeof result !== 'object' || result === null) return String(result);
  const r = result as { shape?: unknown; values?: { shape?: unknown } };
  const shape = Array.isArray(r.shape) ? r.shape : Array.isArray(r.values?.shape) ? r.values.shape : undefined;
  return shape ? `a result of shape ${formatShape(shape as number[])}` : 'an object';
}
