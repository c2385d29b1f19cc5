/**
 * max_unpool1d/2d/3d, fast: the reference's checks (its plan… functions), then the fast plane
 * kernel. Results and errors equal the reference's bit for bit.
 */
import type { IndexTensorInput, Tensor, UnpoolOptions } from '../types.js';
import { planMaxUnpool1d } from '../reference/maxUnpool1d.js';
import { planMaxUnpool2d } from '../reference/maxUnpool2d.js';
import { planMaxUnpool3d } from '../reference/maxUnpool3d.js';
import type { UnpoolPlan } from '../reference/plans.js';
import { fastMaxUnpoolPlanes } from './maxUnpoolPlanes.js';

function runFastUnpoolPlan(plan: UnpoolPlan): Tensor {
  return { shape: plan.outputShape, data: fastMaxUnpoolPlanes(plan) };
}

export function fastMaxUnpool1d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  return runFastUnpoolPlan(planMaxUnpool1d(x, indices, options));
}

export function fastMaxUnpool2d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  return runFastUnpoolPlan(planMaxUnpool2d(x, indices, options));
}

export function fastMaxUnpool3d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
  return runFastUnpoolPlan(planMaxUnpool3d(x, indices, options));
}
