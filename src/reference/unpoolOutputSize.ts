/**
 * torch.nn.functional._unpool_output_size: the spatial size an unpool writes into. It runs in
 * Python before the C++ op, so its errors are Python's (ValueError, IndexError). It works on
 * whatever tuples _pair/_triple made, indexing the input's sizes from the end.
 */
import { PoolcheckError } from './errors.js';

/** Python's `sequence[i]`, with its error for an index past either end. */
function pythonItem(sequence: readonly number[], index: number): number {
  const position = index < 0 ? sequence.length + index : index;
  if (position < 0 || position >= sequence.length) throw new PoolcheckError('tuple index out of range', 'IndexError');
  return sequence[position]!;
}

export function unpoolOutputSize(
  inputShape: readonly number[],
  kernel: readonly number[], stride: readonly number[], padding: readonly number[],
  outputSize: readonly number[] | null | undefined,
): number[] {
  const rank = kernel.length;
  const defaults: number[] = [];
  for (let d = 0; d < rank; d++) {
    // (input_size[-len(kernel_size) + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d]
    const inputLength = pythonItem(inputShape, -rank + d);
    defaults.push((inputLength - 1) * pythonItem(stride, d) + kernel[d]! - 2 * pythonItem(padding, d));
  }
  if (outputSize === undefined || outputSize === null) return defaults;

  if (!Array.isArray(outputSize) || !outputSize.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new PoolcheckError(`output_size must be a sequence of ints, but got ${JSON.stringify(outputSize)}`, 'TypeError');
  }
  // (N, C, ...spatial) is accepted too; the leading two entries are dropped without a look.
  const requested = outputSize.length === rank + 2 ? outputSize.slice(2) : [...outputSize];
  if (requested.length !== rank) {
    throw new PoolcheckError(
      `output_size should be a sequence containing ${rank} or ${rank + 2} elements, but it has a length of '${requested.length}'`,
      'ValueError');
  }
  for (let d = 0; d < rank; d++) {
    // Strictly between default − s and default + s: both ends are refused.
    const minSize = defaults[d]! - stride[d]!;
    const maxSize = defaults[d]! + stride[d]!;
    if (!(minSize < requested[d]! && requested[d]! < maxSize)) {
      throw new PoolcheckError(
        `invalid output_size "[${requested.join(', ')}]" (dim ${d} must be between ${minSize} and ${maxSize})`, 'ValueError');
    }
  }
  return requested;
}

/** The C++ op takes output_size as int[]; a Python float in it fails in the argument parser. */
export function checkIntOutputSize(cppOp: string, outputSize: readonly number[]): void {
  if (!outputSize.every(Number.isSafeInteger)) {
    throw new PoolcheckError(`${cppOp}(): argument 'output_size' (position 3) must be tuple of ints, not list`, 'TypeError');
  }
}

/**
 * at::Tensor::resize_ multiplies the sizes as unsigned 64-bit numbers, so one negative size makes
 * it overflow unless a zero size came along first enough to zero the product; then PyTorch
 * returns an empty tensor with a negative dim. poolcheck does the same.
 */
export function checkedResize(shape: readonly number[]): void {
  const limit = 1n << 64n;
  let product = 1n;
  let overflow = false;
  for (const size of shape) {
    const full = product * BigInt.asUintN(64, BigInt(size));
    if (full >= limit) overflow = true;
    product = full % limit;
  }
  if (overflow || product > (1n << 63n) - 1n) throw new PoolcheckError('numel: integer multiplication overflow');
}
