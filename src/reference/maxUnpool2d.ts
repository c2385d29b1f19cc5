/**
 * max_unpool2d(input, indices, kernel_size, stride, padding, output_size): Python's size rule,
 * then PyTorch 1.13's max_unpooling2d_forward_out_cpu with its checks in their order.
 */
import type { FloatData, IndexData, IndexTensorInput, Tensor, UnpoolOptions } from '../types.js';
import { pythonTuple } from './arguments.js';
import { check, formatSizes } from './errors.js';
import { runUnpoolPlan, type UnpoolPlan } from './plans.js';
import { resolveSpec } from './spec.js';
import { checkFloatTensor, checkIndexTensor } from './tensors.js';
import { checkedResize, checkIntOutputSize, unpoolOutputSize } from './unpoolOutputSize.js';

export function maxUnpool2d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  return runUnpoolPlan(planMaxUnpool2d(x, indices, options));
}

/** Every check max_unpool2d makes, in PyTorch's order (bar the data-dependent index check); then what the plane kernel needs. */
export function planMaxUnpool2d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): UnpoolPlan {
  // No unpool rule differs between the profiles; an unknown one is still refused.
  resolveSpec(options?.spec);
  checkFloatTensor(x, 'max_unpool2d');
  checkIndexTensor(indices, 'max_unpool2d');
  const kernel = pythonTuple('max_unpool2d', 'kernel_size', options.kernelSize, 2) ?? [];
  const stride = pythonTuple('max_unpool2d', 'stride', options.stride, 2) ?? kernel;
  const padding = pythonTuple('max_unpool2d', 'padding', options.padding ?? 0, 2)!;
  const outputSize = unpoolOutputSize(x.shape, kernel, stride, padding, options.outputSize);
  return planMaxUnpooling2dForward(x.shape, x.data, indices.shape, indices.data, outputSize);
}

/**
 * The C++ op, shared with max_unpool1d (which calls it on tensors with a unit width appended).
 * The index check is data dependent and happens in the plane kernel.
 */
export function planMaxUnpooling2dForward(
  shape: readonly number[], data: FloatData, indicesShape: readonly number[], indicesData: IndexData, outputSize: readonly number[],
): UnpoolPlan {
  checkIntOutputSize('max_unpool2d', outputSize);
  check(outputSize.length === 2,
    () => `There should be exactly two elements (height, width) in output_size, but got ${outputSize.length} elements.`);
  const rank = shape.length;
  check(rank === 3 || rank === 4,
    () => `Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with ${rank} dimensions.`);
  check(formatSizes(shape) === formatSizes(indicesShape),
    () => `Expected shape of indices to be same as that of the input tensor (${formatSizes(shape)}) but got indices tensor with shape: ${formatSizes(indicesShape)}`);
  // Dim 0 is not checked, even when it is the channel dim of an unbatched input.
  for (let i = 1; i < rank; i++) {
    check(shape[i]! > 0,
      () => `max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got ${formatSizes(shape)} with dimension ${i} being empty.`);
  }
  const [outputHeight, outputWidth] = outputSize as [number, number];
  const outputShape = [...shape.slice(0, -2), outputHeight, outputWidth];
  checkedResize(outputShape);
  return {
    input: data, indices: indicesData, planeCount: shape.slice(0, -2).reduce((a, b) => a * b, 1),
    outputPlaneSize: outputHeight * outputWidth, describeOutputSize: `${outputHeight}x${outputWidth}`, outputShape,
  };
}
