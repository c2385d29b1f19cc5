/**
 * Turning the caller's options into one integer per spatial dim, with the messages PyTorch gives
 * when a tuple has the wrong length.
 */
import type { PerDim } from '../types.js';
import { PoolcheckError } from './errors.js';
import type { SpecProfile } from './spec.js';
import { describe } from './tensors.js';

/** Python's name for the type of a JS value, as PyTorch's argument parser prints it. */
function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  return 'object';
}

/** Where each pool argument stands in the ATen signature; the parser's messages quote it. */
const POOL_ARGUMENT_POSITION = { kernel_size: 2, stride: 3, padding: 4, dilation: 5, ceil_mode: 6 } as const;
type PoolArgument = keyof typeof POOL_ARGUMENT_POSITION;

/**
 * An int, or an array of ints, as PyTorch's argument parser accepts for IntArrayRef, with its
 * TypeError wording (`fn` is the ATen op, e.g. max_pool2d_with_indices). An omitted or null
 * argument takes the fallback, as Python's None does for stride. The parser checks a list's
 * first element when it matches the signature and the others when it unpacks the list; the
 * wording of both differs between releases, so the profile gives it.
 */
export function intList(
  fn: string, argument: PoolArgument, value: PerDim | null | undefined, fallback: readonly number[], spec: SpecProfile,
): number[] {
  if (value === undefined || (value === null && argument === 'stride')) return [...fallback];
  const position = POOL_ARGUMENT_POSITION[argument];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return [value];
  if (!Array.isArray(value)) {
    throw new PoolcheckError(`${fn}(): argument '${argument}' (position ${position}) must be tuple of ints, not ${pythonTypeName(value)}`, 'TypeError');
  }
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isSafeInteger(v));
  if (bad === 0) throw new PoolcheckError(spec.firstElementNotInt(fn, argument, position, pythonTypeName(value[0])), 'TypeError');
  if (bad > 0) throw new PoolcheckError(spec.laterElementNotInt(fn, argument, bad, pythonTypeName(value[bad])), 'TypeError');
  return [...value];
}

export function boolArgument(fn: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new PoolcheckError(`${fn}(): argument 'ceil_mode' (position ${POOL_ARGUMENT_POSITION.ceil_mode}) must be bool, not ${pythonTypeName(value)}`, 'TypeError');
  }
  return value;
}

const TUPLE_WORDS = { 2: 'two', 3: 'three' } as const;

/**
 * max_pool2d / max_pool3d accept one int for every dim or one per dim; a stride may also be
 * omitted (empty), meaning "equal to the kernel".
 */
export function expandPoolArgument(
  op: 'max_pool2d' | 'max_pool3d',
  argument: 'kernel_size' | 'stride' | 'padding' | 'dilation',
  list: readonly number[],
  rank: 2 | 3,
  spec: SpecProfile,
): number[] {
  const tuple = `a tuple of ${TUPLE_WORDS[rank]} ints`;
  const messages = {
    kernel_size: `${op}: kernel_size must either be a single int, or ${tuple}`,
    stride: `${op}: stride must either be omitted, a single int, or ${tuple}`,
    padding: spec.paddingLengthMessage(op, tuple),
    dilation: `${op}: dilation must be either a single int, or ${tuple}`,
  };
  if (list.length !== 1 && list.length !== rank) throw new PoolcheckError(messages[argument]);
  return list.length === 1 ? Array<number>(rank).fill(list[0]!) : [...list];
}

/** max_pool1d wants exactly one int per argument (it checks after the rank). */
export function checkPool1dArgument(argument: string, list: readonly number[]): number {
  if (list.length !== 1) {
    throw new PoolcheckError(`max_pool1d() argument '${argument}' should contain one int (got ${list.length})`);
  }
  return list[0]!;
}

/**
 * The functional unpool wrappers take sizes through Python's _single/_pair/_triple: an int is
 * repeated, a list is kept as it is, whatever its length (PyTorch then fails, or ignores extra
 * entries, further on; poolcheck follows it). Only numbers are accepted here: a value of another
 * type has no arithmetic in Python either.
 */
export function pythonTuple(fn: string, argument: string, value: PerDim | null | undefined, rank: number): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return Array<number>(rank).fill(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v))) return [...value];
  throw new PoolcheckError(`${fn}(): argument '${argument}' must be an int or a sequence of ints, but got ${describe(value)}`, 'TypeError');
}
