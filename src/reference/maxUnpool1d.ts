/**
 * max_unpool1d: PyTorch appends a unit width and runs max_unpool2d, (N, C, L) → (N, C, L, 1),
 * which is why its messages say "output volumes are of size 7x1" and count dimensions one higher.
 */
import type { IndexTensorInput, Tensor, UnpoolOptions } from '../types.js';
import { expandUnpoolArgument, intList } from './arguments.js';
import { check, formatSizes, PoolcheckError } from './errors.js';
import { maxUnpoolPlanes } from './maxUnpoolPlanes.js';
import { checkFloatTensor, checkIndexTensor } from './tensors.js';
import { unpoolOutputSize } from './unpoolOutputSize.js';

export function maxUnpool1d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  checkFloatTensor(x, 'max_unpool1d');
  checkIndexTensor(indices, 'max_unpool1d');
  const rank = x.shape.length;
  const rankError = (): string => `Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with ${rank + 1} dimensions.`;
  // The size rule runs first, in Python, indexing the input's sizes from the end; with too few
  // dims that indexing fails before the C++ rank check is reached.
  if (rank < 1) throw new PoolcheckError('tuple index out of range', 'IndexError');

  const kernel = expandUnpoolArgument('max_unpool1d', 'kernel_size', intList('max_unpool1d', 'kernel_size', options.kernelSize, []), 1);
  const strideList = intList('max_unpool1d', 'stride', options.stride, []);
  const stride = strideList.length === 0 ? [...kernel] : expandUnpoolArgument('max_unpool1d', 'stride', strideList, 1);
  const padding = expandUnpoolArgument('max_unpool1d', 'padding', intList('max_unpool1d', 'padding', options.padding, [0]), 1);
  const [outputLength] = unpoolOutputSize(x.shape.slice(-1), kernel, stride, padding, options.outputSize) as [number];
  check(rank === 2 || rank === 3, rankError);

  const unsqueezed = [...x.shape, 1];
  const unsqueezedIndices = [...indices.shape, 1];
  check(formatSizes(unsqueezed) === formatSizes(unsqueezedIndices),
    () => `Expected shape of indices to be same as that of the input tensor (${formatSizes(unsqueezed)}) but got indices tensor with shape: ${formatSizes(unsqueezedIndices)}`);
  for (let i = 1; i < unsqueezed.length; i++) {
    check(unsqueezed[i]! > 0,
      () => `max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got ${formatSizes(unsqueezed)} with dimension ${i} being empty.`);
  }
  const shape = [...x.shape.slice(0, -1), outputLength];
  if (outputLength < 0) {
    throw new PoolcheckError(`Trying to create tensor with negative dimension ${outputLength}: ${formatSizes([...shape, 1])}`);
  }
  const planeCount = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const data = maxUnpoolPlanes(x.data, indices.data, planeCount, outputLength, `${outputLength}x1`);
  return { shape, data };
}
