/**
 * max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True),
 * with the checks of PyTorch 1.13's max_pool3d_with_indices_out_cpu_template in their order
 * (`options.spec` selects PyTorch 2's padding rules and wording instead; src/reference/spec.ts).
 */
import type { PoolOptions, PoolResult, Tensor } from '../types.js';
import { boolArgument, expandPoolArgument, intList } from './arguments.js';
import { check, formatSizes, PoolcheckError } from './errors.js';
import { runPoolPlan, type PoolPlan } from './plans.js';
import { checkedPoolOutputLength } from './poolOutputShape.js';
import { resolveSpec } from './spec.js';
import { checkFloatTensor } from './tensors.js';

const FN = 'max_pool3d_with_indices_out_cpu_template()';

/** The ATen op behind the Python function: its argument parser names it in TypeErrors. */
const ATEN = 'max_pool3d_with_indices';

export function maxPool3d(x: Tensor, options: PoolOptions): PoolResult {
  return runPoolPlan(planMaxPool3d(x, options));
}

/** Every check max_pool3d makes, in PyTorch's order; then what the plane kernel needs. */
export function planMaxPool3d(x: Tensor, options: PoolOptions): PoolPlan {
  const spec = resolveSpec(options?.spec);
  checkFloatTensor(x, 'max_pool3d');
  const kernel = expandPoolArgument('max_pool3d', 'kernel_size', intList(ATEN, 'kernel_size', options.kernelSize, [], spec), 3, spec);
  const strideList = intList(ATEN, 'stride', options.stride, [], spec);
  const stride = strideList.length === 0 ? [...kernel] : expandPoolArgument('max_pool3d', 'stride', strideList, 3, spec);
  const padding = expandPoolArgument('max_pool3d', 'padding', intList(ATEN, 'padding', options.padding, [0], spec), 3, spec);
  const dilation = expandPoolArgument('max_pool3d', 'dilation', intList(ATEN, 'dilation', options.dilation, [1], spec), 3, spec);
  const ceilMode = boolArgument(ATEN, options.ceilMode);

  const rank = x.shape.length;
  check(rank === 4 || rank === 5, () => 'non-empty 4D or 5D (batch mode) tensor expected for input');
  const [slices, depth, height, width] = x.shape.slice(-4) as [number, number, number, number];

  const outputDepth = checkedPoolOutputLength(depth, kernel[0]!, padding[0]!, stride[0]!, dilation[0]!, ceilMode, spec);
  const outputHeight = checkedPoolOutputLength(height, kernel[1]!, padding[1]!, stride[1]!, dilation[1]!, ceilMode, spec);
  const outputWidth = checkedPoolOutputLength(width, kernel[2]!, padding[2]!, stride[2]!, dilation[2]!, ceilMode, spec);

  // pool3d_shape_check
  const [kT, kH, kW] = kernel as [number, number, number];
  const [dT, dH, dW] = stride as [number, number, number];
  const [dilationT, dilationH, dilationW] = dilation as [number, number, number];
  check(kT > 0 && kW > 0 && kH > 0, () => `kernel size should be greater than zero, but got kT: ${kT} kH: ${kH} kW: ${kW}`);
  check(dT > 0 && dW > 0 && dH > 0, () => `stride should be greater than zero, but got dT: ${dT} dH: ${dH} dW: ${dW}`);
  check(dilationT > 0 && dilationW > 0 && dilationH > 0,
    () => `dilation should be greater than zero, but got dilationT: ${dilationT} dilationH: ${dilationH} dilationW: ${dilationW}`);
  x.shape.forEach((size, i) => {
    if (rank === 5 && i === 0) return; // a zero batch is allowed
    // PyTorch prints the dim's size (always 0 here) where it means to print the dim's number.
    check(size > 0, () => `${FN}: Expected input's non-batch dimensions to have positive length, but input has a shape of ${formatSizes(x.shape)} and non-batch dimension ${size} has length zero!`);
  });
  // Its padding test: never fires in 1.13 (pooling_output_shape made the same one); in 2.x it
  // still uses the plain kernel, after pooling_output_shape allowed the dilated one.
  const overLimit = spec.pool3dPaddingCheck(kernel, padding, dilation);
  if (overLimit !== undefined) throw new PoolcheckError(overLimit);
  check(outputDepth >= 1 && outputWidth >= 1 && outputHeight >= 1,
    () => `Given input size: (${slices}x${depth}x${height}x${width}). Calculated output size: (${slices}x${outputDepth}x${outputHeight}x${outputWidth}). Output size is too small`);

  const planeCount = x.shape.slice(0, -3).reduce((a, b) => a * b, 1);
  return {
    input: x.data,
    planeCount,
    inputSize: [depth, height, width],
    outputSize: [outputDepth, outputHeight, outputWidth],
    window: { kernelSize: kernel, stride, padding, dilation },
    outputShape: [...x.shape.slice(0, -3), outputDepth, outputHeight, outputWidth],
  };
}
