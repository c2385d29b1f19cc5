/**
 * torch.nn.functional._unpool_output_size: the spatial size an unpool writes into. This check
 * runs in Python, before the C++ op, so its errors are ValueErrors.
 */
import { PoolcheckError } from './errors.js';
import { unpoolDefaultLength } from './sizes.js';

export function unpoolOutputSize(
  inputSpatial: readonly number[],
  kernel: readonly number[], stride: readonly number[], padding: readonly number[],
  outputSize: readonly number[] | undefined,
): number[] {
  const rank = kernel.length;
  const defaults = kernel.map((k, d) => unpoolDefaultLength(inputSpatial[d]!, { kernelSize: k, stride: stride[d]!, padding: padding[d]! }));
  if (outputSize === undefined) return defaults;

  if (!Array.isArray(outputSize) || !outputSize.every((v) => Number.isSafeInteger(v))) {
    throw new PoolcheckError(`output_size must be a list of ints, but got ${JSON.stringify(outputSize)}`, 'TypeError');
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
