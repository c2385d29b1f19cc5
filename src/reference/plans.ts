/**
 * What an op has decided once PyTorch's checks have passed: the plane kernel's arguments and the
 * shape of the result. Each op's `plan…` function (next to the op) makes every check in PyTorch's
 * order and returns one of these; the op itself only runs the readable plane kernel on it. The
 * split exists so that a faster kernel (src/fast) can share the checks, and therefore every error
 * message, without copying them.
 */
import type { FloatData, IndexData, PoolResult, Tensor } from '../types.js';
import { maxPoolPlanes, type WindowParams } from './maxPoolPlanes.js';
import { maxUnpoolPlanes } from './maxUnpoolPlanes.js';

export interface PoolPlan {
  input: FloatData;
  /** N·C, or C when unbatched: the kernel pools each plane on its own. */
  planeCount: number;
  /** Spatial sizes of one input plane and of one output plane (1-D runs as 2-D: [1, L]). */
  inputSize: number[];
  outputSize: number[];
  window: WindowParams;
  /** Shape of the values and of the indices, as the op returns them. */
  outputShape: number[];
}

export interface UnpoolPlan {
  input: FloatData;
  indices: IndexData;
  planeCount: number;
  outputPlaneSize: number;
  /** How PyTorch prints the output plane in "Found an invalid max index" (e.g. `7x1`). */
  describeOutputSize: string;
  outputShape: number[];
}

export function runPoolPlan(plan: PoolPlan): PoolResult {
  const { values, indices } = maxPoolPlanes(plan.input, plan.planeCount, plan.inputSize, plan.outputSize, plan.window);
  return {
    values: { shape: plan.outputShape, data: values },
    indices: { shape: [...plan.outputShape], data: indices },
  };
}

export function runUnpoolPlan(plan: UnpoolPlan): Tensor {
  const data = maxUnpoolPlanes(plan.input, plan.indices, plan.planeCount, plan.outputPlaneSize, plan.describeOutputSize);
  return { shape: plan.outputShape, data };
}
