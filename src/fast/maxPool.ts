/**
 * max_pool1d/2d/3d with indices, fast: the reference's checks (its plan… functions, so errors
 * are the reference's own), then the fast plane kernel. Results equal the reference's bit for bit.
 *
 * `out` (optional): an earlier result of the same shapes, or any `{ values: { data }, indices:
 * { data } }` with arrays of the result's types and lengths; the call writes every element of
 * those arrays and returns them, allocating no output memory (see outputArrays.ts).
 */
import type { FloatData, PoolOptions, PoolResult, Tensor } from '../types.js';
import { planMaxPool1d } from '../reference/maxPool1d.js';
import { planMaxPool2d } from '../reference/maxPool2d.js';
import { planMaxPool3d } from '../reference/maxPool3d.js';
import type { PoolPlan } from '../reference/plans.js';
import { fastMaxPoolPlanes, type PoolOutputArrays } from './maxPoolPlanes.js';
import { checkOutputArray } from './outputArrays.js';

/** Where a pool call may write its result: arrays of an earlier result of the same shapes. */
export interface PoolOutput {
  values: { data: FloatData };
  indices: { data: BigInt64Array };
}

/** `out`'s arrays, checked against what the plan would allocate. */
export function poolOutputArrays(plan: PoolPlan, out: PoolOutput | undefined): PoolOutputArrays | undefined {
  if (out === undefined) return undefined;
  const length = plan.planeCount * plan.outputSize.reduce((a, b) => a * b, 1);
  const values = out?.values?.data;
  const indices = out?.indices?.data;
  checkOutputArray(values, 'values.data', plan.input.constructor as new (n: number) => FloatData, length, { 'the input': plan.input });
  checkOutputArray(indices, 'indices.data', BigInt64Array, length, { 'the input': plan.input, 'out.values.data': values });
  return { values, indices };
}

function runFastPoolPlan(plan: PoolPlan, out: PoolOutput | undefined): PoolResult {
  const { values, indices } = fastMaxPoolPlanes(plan, poolOutputArrays(plan, out));
  return {
    values: { shape: plan.outputShape, data: values },
    indices: { shape: [...plan.outputShape], data: indices },
  };
}

/** max_pool1d with indices, equal to the reference's `maxPool1d` bit for bit; `out` as above. */
export function fastMaxPool1d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult {
  return runFastPoolPlan(planMaxPool1d(x, options), out);
}

/** max_pool2d with indices, equal to the reference's `maxPool2d` bit for bit; `out` as above. */
export function fastMaxPool2d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult {
  return runFastPoolPlan(planMaxPool2d(x, options), out);
}

/** max_pool3d with indices, equal to the reference's `maxPool3d` bit for bit; `out` as above. */
export function fastMaxPool3d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult {
  return runFastPoolPlan(planMaxPool3d(x, options), out);
}
