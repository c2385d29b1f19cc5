/**
 * Turning the caller's options into one integer per spatial dim, with the messages PyTorch gives
 * when a tuple has the wrong length.
 */
import type { PerDim } from '../types.js';
import { PoolcheckError } from './errors.js';
import { describe } from './tensors.js';

/** An int, or an array of ints, as PyTorch's argument parser accepts for IntArrayRef. */
export function intList(fn: string, argument: string, value: PerDim | undefined, fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'number' && Number.isSafeInteger(v))) {
    throw new PoolcheckError(
      `${fn}(): argument '${argument}' must be an int or a list of ints, but got ${describe(value)}`,
      'TypeError',
    );
  }
  return [...list];
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
): number[] {
  const tuple = `a tuple of ${TUPLE_WORDS[rank]} ints`;
  const messages = {
    kernel_size: `${op}: kernel_size must either be a single int, or ${tuple}`,
    stride: `${op}: stride must either be omitted, a single int, or ${tuple}`,
    // "must be either be" is PyTorch's own typo, kept so that messages compare equal.
    padding: `${op}: padding must be either be a single int, or ${tuple}`,
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
 * The functional unpool wrappers use _single/_pair/_triple, which keep a tuple as it is. A tuple
 * of the wrong length makes PyTorch misbehave rather than raise, so poolcheck refuses it.
 */
export function expandUnpoolArgument(op: string, argument: string, list: readonly number[], rank: number): number[] {
  if (list.length === 1) return Array<number>(rank).fill(list[0]!);
  if (list.length !== rank) {
    throw new PoolcheckError(
      `${op}(): argument '${argument}' must be a single int or a tuple of ${rank} ints, but got ${list.length} ints ` +
        '(poolcheck refuses this: PyTorch does not check it and misbehaves)',
      'ValueError',
    );
  }
  return [...list];
}
