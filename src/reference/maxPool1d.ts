/**
 * max_pool1d(..., return_indices=True). PyTorch checks the rank and the one-int arguments, then
 * runs max_pool2d on the input with a unit height inserted: (N, C, L) → (N, C, 1, L). That is why
 * its later messages speak of kH/kW and show shapes like [3, 0, 1, 4] — kept here on purpose.
 */
import type { PoolOptions, PoolResult, Tensor } from '../types.js';
import { boolArgument, checkPool1dArgument, intList } from './arguments.js';
import { check } from './errors.js';
import { planMaxPool2d } from './maxPool2d.js';
import { runPoolPlan, type PoolPlan } from './plans.js';
import { resolveSpec } from './spec.js';
import { checkFloatTensor } from './tensors.js';

/** The ATen op behind the Python function: its argument parser names it in TypeErrors. */
const ATEN = 'max_pool1d_with_indices';

export function maxPool1d(x: Tensor, options: PoolOptions): PoolResult {
  return runPoolPlan(planMaxPool1d(x, options));
}

/** max_pool1d's own checks, then max_pool2d's on the unsqueezed input; the result is squeezed back. */
export function planMaxPool1d(x: Tensor, options: PoolOptions): PoolPlan {
  const spec = resolveSpec(options?.spec);
  checkFloatTensor(x, 'max_pool1d');
  const kernelList = intList(ATEN, 'kernel_size', options.kernelSize, [], spec);
  const strideList = intList(ATEN, 'stride', options.stride, [], spec);
  const paddingList = intList(ATEN, 'padding', options.padding, [0], spec);
  const dilationList = intList(ATEN, 'dilation', options.dilation, [1], spec);
  const ceilMode = boolArgument(ATEN, options.ceilMode);

  const rank = x.shape.length;
  check(rank === 2 || rank === 3,
    () => `Expected 2 to 3 dimensions, but got ${rank}-dimensional tensor for argument #1 'self' (while checking arguments for max_pool1d)`);
  const kernel = checkPool1dArgument('kernel_size', kernelList);
  const stride = checkPool1dArgument('stride', strideList.length === 0 ? kernelList : strideList);
  const padding = checkPool1dArgument('padding', paddingList);
  const dilation = checkPool1dArgument('dilation', dilationList);

  const unsqueezed = { shape: [...x.shape.slice(0, -1), 1, x.shape[rank - 1]!], data: x.data };
  const plan = planMaxPool2d(unsqueezed, {
    kernelSize: [1, kernel], stride: [1, stride], padding: [0, padding], dilation: [1, dilation], ceilMode, spec,
  });
  const shape = plan.outputShape;
  return { ...plan, outputShape: [...shape.slice(0, -2), shape[shape.length - 1]!] };
}
