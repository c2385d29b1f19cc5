/**
 * max_pool1d/2d/3d with indices, fast: the reference's checks (its plan… functions, so errors
 * are the reference's own), then the fast plane kernel. Results equal the reference's bit for bit.
 */
import type { PoolOptions, PoolResult, Tensor } from '../types.js';
import { planMaxPool1d } from '../reference/maxPool1d.js';
import { planMaxPool2d } from '../reference/maxPool2d.js';
import { planMaxPool3d } from '../reference/maxPool3d.js';
import type { PoolPlan } from '../reference/plans.js';
import { fastMaxPoolPlanes } from './maxPoolPlanes.js';

function runFastPoolPlan(plan: PoolPlan): PoolResult {
  const { values, indices } = fastMaxPoolPlanes(plan);
  return {
    values: { shape: plan.outputShape, data: values },
    indices: { shape: [...plan.outputShape], data: indices },
  };
}

export function fastMaxPool1d(x: Tensor, options: PoolOptions): PoolResult {
  return runFastPoolPlan(planMaxPool1d(x, options));
}

export function fastMaxPool2d(x: Tensor, options: PoolOptions): PoolResult {
  return runFastPoolPlan(planMaxPool2d(x, options));
}

export function fastMaxPool3d(x: Tensor, options: PoolOptions): PoolResult {
  return runFastPoolPlan(planMaxPool3d(x, options));
}
