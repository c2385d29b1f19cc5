/**
 * max_unpool3d(input, indices, kernel_size, stride, padding, output_size): Python's size rule,
 * then PyTorch 1.13's max_unpooling3d_shape_check with its checks in their order.
 */
import type { IndexTensorInput, Tensor, UnpoolOptions } from '../types.js';
import { pythonTuple } from './arguments.js';
import { check, formatSizes, PoolcheckError } from './errors.js';
import { runUnpoolPlan, type UnpoolPlan } from './plans.js';
import { resolveSpec } from './spec.js';
import { checkFloatTensor, checkIndexTensor } from './tensors.js';
import { checkedResize, checkIntOutputSize, unpoolOutputSize } from './unpoolOutputSize.js';

export function maxUnpool3d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  return runUnpoolPlan(planMaxUnpool3d(x, indices, options));
}

/** Every check max_unpool3d makes, in PyTorch's order (bar the data-dependent index check); then what the plane kernel needs. */
export function planMaxUnpool3d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): UnpoolPlan {
  // No unpool rule differs between the profiles; an unknown one is still refused.
  resolveSpec(options?.spec);
  checkFloatTensor(x, 'max_unpool3d');
  checkIndexTensor(indices, 'max_unpool3d');
  const kernel = pythonTuple('max_unpool3d', 'kernel_size', options.kernelSize, 3) ?? [];
  const stride = pythonTuple('max_unpool3d', 'stride', options.stride, 3) ?? kernel;
  const padding = pythonTuple('max_unpool3d', 'padding', options.padding ?? 0, 3)!;
  const outputSize = unpoolOutputSize(x.shape, kernel, stride, padding, options.outputSize);

  checkIntOutputSize('max_unpool3d', outputSize);
  for (const [name, position, list] of [['stride', 4, stride], ['padding', 5, padding]] as const) {
    if (!list.every(Number.isSafeInteger)) {
      throw new PoolcheckError(`max_unpool3d(): argument '${name}' (position ${position}) must be tuple of ints, not tuple`, 'TypeError');
    }
  }
  const rank = x.shape.length;
  check(rank === 4 || rank === 5,
    () => `Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with ${rank} dimensions.`);
  check(outputSize.length === 3,
    () => `There should be exactly three elements (depth, height, width) in output_size, but got ${outputSize.length} elements.`);
  check(stride.length === 3,
    () => `There should be exactly three elements (depth, height, width) in stride, but got: ${stride.length} elements.`);
  check(padding.length === 3,
    () => `There should be exactly three elements (depth, height, width) in padding, but got: ${padding.length} elements.`);
  check(formatSizes(x.shape) === formatSizes(indices.shape),
    () => `Expected shape of indices to be same as that of the input tensor (${formatSizes(x.shape)}) but got indices tensor with shape: ${formatSizes(indices.shape)}`);
  for (let i = 1; i < rank; i++) {
    check(x.shape[i]! > 0,
      () => `max_unpooling3d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got ${formatSizes(x.shape)} with dimension ${i} being empty.`);
  }
  // Unlike 2-D, the 3-D op checks its stride.
  check(stride.every((s) => s > 0), () => `strides should be greater than zero, but got stride: ${formatSizes(stride)}`);

  const [outputDepth, outputHeight, outputWidth] = outputSize as [number, number, number];
  const outputShape = [...x.shape.slice(0, -3), outputDepth, outputHeight, outputWidth];
  checkedResize(outputShape);
  return {
    input: x.data, indices: indices.data, planeCount: x.shape.slice(0, -3).reduce((a, b) => a * b, 1),
    outputPlaneSize: outputDepth * outputHeight * outputWidth,
    describeOutputSize: `${outputDepth}x${outputHeight}x${outputWidth}`, outputShape,
  };
}
