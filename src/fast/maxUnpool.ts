/**
 * max_unpool1d/2d/3d, fast: the reference's checks (its plan… functions), then the fast plane
 * kernel. Results and errors equal the reference's bit for bit.
 *
 * `out` (optional): an earlier result of the same shape, or any `{ data }` with an array of the
 * result's type and length; the call zeroes it, writes the result into it and returns it. After
 * an error (an invalid index) its contents are unspecified.
 */
import type { FloatData, IndexTensorInput, Tensor, UnpoolOptions } from '../types.js';
import { planMaxUnpool1d } from '../reference/maxUnpool1d.js';
import { planMaxUnpool2d } from '../reference/maxUnpool2d.js';
import { planMaxUnpool3d } from '../reference/maxUnpool3d.js';
import type { UnpoolPlan } from '../reference/plans.js';
import { fastMaxUnpoolPlanes } from './maxUnpoolPlanes.js';
import { checkOutputArray } from './outputArrays.js';

/** Where an unpool call may write its result: the array of an earlier result of the same shape. */
export interface UnpoolOutput {
  data: FloatData;
}

function runFastUnpoolPlan(plan: UnpoolPlan, out: UnpoolOutput | undefined): Tensor {
  let output: FloatData | undefined;
  if (out !== undefined) {
    output = out?.data;
    const length = plan.outputShape.reduce((a, b) => a * b, 1);
    checkOutputArray(output, 'data', plan.input.constructor as new (n: number) => FloatData, length,
      { 'the input': plan.input, 'the indices': plan.indices });
  }
  return { shape: plan.outputShape, data: fastMaxUnpoolPlanes(plan, output) };
}

/** max_unpool1d, equal to the reference's `maxUnpool1d` bit for bit; `out` as above. */
export function fastMaxUnpool1d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor {
  return runFastUnpoolPlan(planMaxUnpool1d(x, indices, options), out);
}

/** max_unpool2d, equal to the reference's `maxUnpool2d` bit for bit; `out` as above. */
export function fastMaxUnpool2d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor {
  return runFastUnpoolPlan(planMaxUnpool2d(x, indices, options), out);
}

/** max_unpool3d, equal to the reference's `maxUnpool3d` bit for bit; `out` as above. */
export function fastMaxUnpool3d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor {
  return runFastUnpoolPlan(planMaxUnpool3d(x, indices, options), out);
}
