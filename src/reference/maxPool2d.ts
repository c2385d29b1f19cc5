/**
 * max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True),
 * with the checks of PyTorch 1.13's max_pool2d_with_indices in their order (`options.spec`
 * selects PyTorch 2's padding limit and wording instead; src/reference/spec.ts).
 */
import type { PoolOptions, PoolResult, Tensor } from '../types.js';
import { boolArgument, expandPoolArgument, intList } from './arguments.js';
import { check, formatSizes } from './errors.js';
import { runPoolPlan, type PoolPlan } from './plans.js';
import { checkedPoolOutputLength } from './poolOutputShape.js';
import { resolveSpec } from './spec.js';
import { checkFloatTensor } from './tensors.js';

/** The ATen op behind the Python function: its argument parser names it in TypeErrors. */
const ATEN = 'max_pool2d_with_indices';

export function maxPool2d(x: Tensor, options: PoolOptions): PoolResult {
  return runPoolPlan(planMaxPool2d(x, options));
}

/** Every check max_pool2d makes, in PyTorch's order; then what the plane kernel needs. */
export function planMaxPool2d(x: Tensor, options: PoolOptions): PoolPlan {
  const spec = resolveSpec(options?.spec);
  checkFloatTensor(x, 'max_pool2d');
  const kernel = expandPoolArgument('max_pool2d', 'kernel_size', intList(ATEN, 'kernel_size', options.kernelSize, [], spec), 2, spec);
  const strideList = intList(ATEN, 'stride', options.stride, [], spec);
  // An omitted (or empty) stride means "the kernel size".
  const stride = strideList.length === 0 ? [...kernel] : expandPoolArgument('max_pool2d', 'stride', strideList, 2, spec);
  const padding = expandPoolArgument('max_pool2d', 'padding', intList(ATEN, 'padding', options.padding, [0], spec), 2, spec);
  const dilation = expandPoolArgument('max_pool2d', 'dilation', intList(ATEN, 'dilation', options.dilation, [1], spec), 2, spec);
  const ceilMode = boolArgument(ATEN, options.ceilMode);

  const rank = x.shape.length;
  check(rank === 3 || rank === 4, () => 'non-empty 3D or 4D (batch mode) tensor expected for input');
  const [channels, height, width] = x.shape.slice(-3) as [number, number, number];

  const outputHeight = checkedPoolOutputLength(height, kernel[0]!, padding[0]!, stride[0]!, dilation[0]!, ceilMode, spec);
  const outputWidth = checkedPoolOutputLength(width, kernel[1]!, padding[1]!, stride[1]!, dilation[1]!, ceilMode, spec);

  // pool2d_shape_check
  check(kernel[0]! > 0 && kernel[1]! > 0, () => `kernel size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`);
  check(stride[0]! > 0 && stride[1]! > 0, () => `stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`);
  check(dilation[0]! > 0 && dilation[1]! > 0, () => `dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`);
  // A zero batch is allowed; a zero channel or spatial size is not.
  check(channels !== 0 && height !== 0 && width !== 0,
    () => `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatSizes(x.shape)}`);
  // Its padding test (kW/2 >= padW in 1.13, on the dilated kernel in 2.x) repeats the one
  // pooling_output_shape made, in both releases, so it never fires.
  check(outputWidth >= 1 && outputHeight >= 1,
    () => `Given input size: (${channels}x${height}x${width}). Calculated output size: (${channels}x${outputHeight}x${outputWidth}). Output size is too small`);

  const planeCount = x.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return {
    input: x.data,
    planeCount,
    inputSize: [height, width],
    outputSize: [outputHeight, outputWidth],
    window: { kernelSize: kernel, stride, padding, dilation },
    outputShape: [...x.shape.slice(0, -2), outputHeight, outputWidth],
  };
}
