/**
 * max_unpool2d(input, indices, kernel_size, stride, padding, output_size): the Python wrapper's
 * size rule, then the checks of PyTorch 1.13's max_unpooling2d_forward_out_cpu in their order.
 */
import type { IndexTensorInput, Tensor, UnpoolOptions } from '../types.js';
import { expandUnpoolArgument, intList } from './arguments.js';
import { check, formatSizes, PoolcheckError } from './errors.js';
import { maxUnpoolPlanes } from './maxUnpoolPlanes.js';
import { checkFloatTensor, checkIndexTensor } from './tensors.js';
import { unpoolOutputSize } from './unpoolOutputSize.js';

export function maxUnpool2d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  checkFloatTensor(x, 'max_unpool2d');
  checkIndexTensor(indices, 'max_unpool2d');
  const rank = x.shape.length;
  const rankError = (): string => `Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with ${rank} dimensions.`;
  // The size rule runs first, in Python, indexing the input's sizes from the end; with too few
  // dims that indexing fails before the C++ rank check is reached.
  if (rank < 2) throw new PoolcheckError('tuple index out of range', 'IndexError');

  const kernel = expandUnpoolArgument('max_unpool2d', 'kernel_size', intList('max_unpool2d', 'kernel_size', options.kernelSize, []), 2);
  const strideList = intList('max_unpool2d', 'stride', options.stride, []);
  const stride = strideList.length === 0 ? [...kernel] : expandUnpoolArgument('max_unpool2d', 'stride', strideList, 2);
  const padding = expandUnpoolArgument('max_unpool2d', 'padding', intList('max_unpool2d', 'padding', options.padding, [0]), 2);
  const [outputHeight, outputWidth] = unpoolOutputSize(x.shape.slice(-2), kernel, stride, padding, options.outputSize) as [number, number];
  check(rank === 3 || rank === 4, rankError);

  check(formatSizes(x.shape) === formatSizes(indices.shape),
    () => `Expected shape of indices to be same as that of the input tensor (${formatSizes(x.shape)}) but got indices tensor with shape: ${formatSizes(indices.shape)}`);
  for (let i = 1; i < rank; i++) {
    check(x.shape[i]! > 0,
      () => `max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got ${formatSizes(x.shape)} with dimension ${i} being empty.`);
  }
  const shape = [...x.shape.slice(0, -2), outputHeight, outputWidth];
  if (outputHeight < 0 || outputWidth < 0) {
    throw new PoolcheckError(`Trying to create tensor with negative dimension ${Math.min(outputHeight, outputWidth)}: ${formatSizes(shape)}`);
  }
  const planeCount = x.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const data = maxUnpoolPlanes(x.data, indices.data, planeCount, outputHeight * outputWidth, `${outputHeight}x${outputWidth}`);
  return { shape, data };
}
