/**
 * max_unpool1d: Python's size rule, then the 2-D op on the input with a unit width appended,
 * (N, C, L) → (N, C, L, 1). That is why PyTorch's messages say "output volumes are of size 7x1"
 * and count dimensions one higher; poolcheck keeps them so.
 */
import type { IndexTensorInput, Tensor, UnpoolOptions } from '../types.js';
import { pythonTuple } from './arguments.js';
import { planMaxUnpooling2dForward } from './maxUnpool2d.js';
import { runUnpoolPlan, type UnpoolPlan } from './plans.js';
import { resolveSpec } from './spec.js';
import { checkFloatTensor, checkIndexTensor } from './tensors.js';
import { unpoolOutputSize } from './unpoolOutputSize.js';

export function maxUnpool1d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  return runUnpoolPlan(planMaxUnpool1d(x, indices, options));
}

/** Every check max_unpool1d makes, in PyTorch's order (bar the data-dependent index check); then what the plane kernel needs. */
export function planMaxUnpool1d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): UnpoolPlan {
  // No unpool rule differs between the profiles; an unknown one is still refused.
  resolveSpec(options?.spec);
  checkFloatTensor(x, 'max_unpool1d');
  checkIndexTensor(indices, 'max_unpool1d');
  const kernel = pythonTuple('max_unpool1d', 'kernel_size', options.kernelSize, 1) ?? [];
  const stride = pythonTuple('max_unpool1d', 'stride', options.stride, 1) ?? kernel;
  const padding = pythonTuple('max_unpool1d', 'padding', options.padding ?? 0, 1)!;
  const outputSize = unpoolOutputSize(x.shape, kernel, stride, padding, options.outputSize);
  const plan = planMaxUnpooling2dForward([...x.shape, 1], x.data, [...indices.shape, 1], indices.data, [...outputSize, 1]);
  // .squeeze(-1)
  return { ...plan, outputShape: plan.outputShape.slice(0, -1) };
}
