/**
 * max_pool1d(..., return_indices=True). PyTorch checks the rank and the one-int arguments, then
 * runs max_pool2d on the input with a unit height inserted: (N, C, L) → (N, C, 1, L). That is why
 * its later messages speak of kH/kW and show shapes like [3, 0, 1, 4] — kept here on purpose.
 */
import type { PoolOptions, PoolResult, Tensor } from '../types.js';
import { checkPool1dArgument, intList } from './arguments.js';
import { check } from './errors.js';
import { maxPool2d } from './maxPool2d.js';
import { checkFloatTensor } from './tensors.js';

export function maxPool1d(x: Tensor, options: PoolOptions): PoolResult {
  checkFloatTensor(x, 'max_pool1d');
  const kernelList = intList('max_pool1d', 'kernel_size', options.kernelSize, []);
  const strideList = intList('max_pool1d', 'stride', options.stride, []);
  const paddingList = intList('max_pool1d', 'padding', options.padding, [0]);
  const dilationList = intList('max_pool1d', 'dilation', options.dilation, [1]);

  const rank = x.shape.length;
  check(rank === 2 || rank === 3,
    () => `Expected 2 to 3 dimensions, but got ${rank}-dimensional tensor for argument #1 'self' (while checking arguments for max_pool1d)`);
  const kernel = checkPool1dArgument('kernel_size', kernelList);
  const stride = checkPool1dArgument('stride', strideList.length === 0 ? kernelList : strideList);
  const padding = checkPool1dArgument('padding', paddingList);
  const dilation = checkPool1dArgument('dilation', dilationList);

  const unsqueezed = { shape: [...x.shape.slice(0, -1), 1, x.shape[rank - 1]!], data: x.data };
  const { values, indices } = maxPool2d(unsqueezed, {
    kernelSize: [1, kernel], stride: [1, stride], padding: [0, padding], dilation: [1, dilation], ceilMode: options.ceilMode ?? false,
  });
  const squeeze = (shape: number[]): number[] => [...shape.slice(0, -2), shape[shape.length - 1]!];
  return {
    values: { shape: squeeze(values.shape), data: values.data },
    indices: { shape: squeeze(indices.shape), data: indices.data },
  };
}
