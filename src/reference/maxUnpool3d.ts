/**
 * max_unpool3d(input, indices, kernel_size, stride, padding, output_size): the Python wrapper's
 * size rule, then the checks of PyTorch 1.13's max_unpooling3d_shape_check in their order.
 */
import type { IndexTensorInput, Tensor, UnpoolOptions } from '../types.js';
import { expandUnpoolArgument, intList } from './arguments.js';
import { check, formatSizes, PoolcheckError } from './errors.js';
import { maxUnpoolPlanes } from './maxUnpoolPlanes.js';
import { checkFloatTensor, checkIndexTensor } from './tensors.js';
import { unpoolOutputSize } from './unpoolOutputSize.js';

export function maxUnpool3d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  checkFloatTensor(x, 'max_unpool3d');
  checkIndexTensor(indices, 'max_unpool3d');
  const rank = x.shape.length;
  const rankError = (): string => `Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with ${rank} dimensions.`;
  // The size rule runs first, in Python, indexing the input's sizes from the end; with too few
  // dims that indexing fails before the C++ rank check is reached.
  if (rank < 3) throw new PoolcheckError('tuple index out of range', 'IndexError');

  const kernel = expandUnpoolArgument('max_unpool3d', 'kernel_size', intList('max_unpool3d', 'kernel_size', options.kernelSize, []), 3);
  const strideList = intList('max_unpool3d', 'stride', options.stride, []);
  const stride = strideList.length === 0 ? [...kernel] : expandUnpoolArgument('max_unpool3d', 'stride', strideList, 3);
  const padding = expandUnpoolArgument('max_unpool3d', 'padding', intList('max_unpool3d', 'padding', options.padding, [0]), 3);
  const [outputDepth, outputHeight, outputWidth] =
    unpoolOutputSize(x.shape.slice(-3), kernel, stride, padding, options.outputSize) as [number, number, number];
  check(rank === 4 || rank === 5, rankError);

  check(formatSizes(x.shape) === formatSizes(indices.shape),
    () => `Expected shape of indices to be same as that of the input tensor (${formatSizes(x.shape)}) but got indices tensor with shape: ${formatSizes(indices.shape)}`);
  for (let i = 1; i < rank; i++) {
    check(x.shape[i]! > 0,
      () => `max_unpooling3d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got ${formatSizes(x.shape)} with dimension ${i} being empty.`);
  }
  // Unlike 2-D, the 3-D op checks its stride.
  check(stride.every((s) => s > 0), () => `strides should be greater than zero, but got stride: ${formatSizes(stride)}`);

  const shape = [...x.shape.slice(0, -3), outputDepth, outputHeight, outputWidth];
  if (outputDepth < 0 || outputHeight < 0 || outputWidth < 0) {
    throw new PoolcheckError(`Trying to create tensor with negative dimension ${Math.min(outputDepth, outputHeight, outputWidth)}: ${formatSizes(shape)}`);
  }
  const planeCount = x.shape.slice(0, -3).reduce((a, b) => a * b, 1);
  const data = maxUnpoolPlanes(x.data, indices.data, planeCount, outputDepth * outputHeight * outputWidth,
    `${outputDepth}x${outputHeight}x${outputWidth}`);
  return { shape, data };
}
