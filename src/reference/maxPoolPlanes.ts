/**
 * The pooling rule itself, for any number of spatial dims, applied to each (n, c) plane on its
 * own. This is PyTorch 1.13's CPU kernel (max_pool2d / max_pool3d with indices) written out:
 *
 *   per spatial dim j and output position o_j:
 *     windowStart = o_j·s_j − p_j
 *     windowEnd   = min(windowStart + (k_j − 1)·d_j + 1, L_j)
 *     firstTap    = windowStart, stepped up by d_j until it is ≥ 0   (padding is never read)
 *     taps        = firstTap, firstTap + d_j, … while < windowEnd
 *
 *   best = −inf, bestIndex = the flat offset of the first taps (Σ firstTap_j · planeStride_j)
 *   scan the taps in row-major order; take a tap when  value > best  or  value is NaN
 *
 * Consequences worth knowing: ties keep the first tap (−0 and +0 tie); the last NaN wins; a window
 * of −inf keeps the first tap; a window lying wholly in the padding (possible with dilation) has
 * no taps and reports −inf with an index that can be outside the plane.
 */
import type { FloatData } from '../types.js';
import { elementCopier, sameTypedArray } from './tensors.js';

export interface WindowParams {
  kernelSize: readonly number[];
  stride: readonly number[];
  padding: readonly number[];
  dilation: readonly number[];
}

/** Row-major strides of one plane: the last spatial dim is contiguous. */
export function planeStrides(size: readonly number[]): number[] {
  const strides = new Array<number>(size.length);
  let stride = 1;
  for (let j = size.length - 1; j >= 0; j--) {
    strides[j] = stride;
    stride *= size[j]!;
  }
  return strides;
}

/** Calls visit(position) for every multi-index of `shape` in row-major order. */
function forEachPosition(shape: readonly number[], visit: (position: readonly number[]) => void): void {
  if (shape.some((size) => size <= 0)) return;
  const position = new Array<number>(shape.length).fill(0);
  for (;;) {
    visit(position);
    let j = shape.length - 1;
    while (j >= 0 && ++position[j]! === shape[j]) position[j--] = 0;
    if (j < 0) return;
  }
}

export function maxPoolPlanes(
  input: FloatData,
  planeCount: number,
  inputSize: readonly number[],
  outputSize: readonly number[],
  window: WindowParams,
): { values: FloatData; indices: BigInt64Array } {
  const rank = inputSize.length;
  const inputPlaneSize = inputSize.reduce((a, b) => a * b, 1);
  const outputPlaneSize = outputSize.reduce((a, b) => a * b, 1);
  const strides = planeStrides(inputSize);

  const values = sameTypedArray(input, planeCount * outputPlaneSize);
  const indices = new BigInt64Array(planeCount * outputPlaneSize);
  const copyElement = elementCopier(input, values);

  const firstTap = new Array<number>(rank);
  const windowEnd = new Array<number>(rank);

  for (let plane = 0; plane < planeCount; plane++) {
    const planeBase = plane * inputPlaneSize;
    let outputOffset = plane * outputPlaneSize;

    forEachPosition(outputSize, (outputPosition) => {
      for (let j = 0; j < rank; j++) {
        const windowStart = outputPosition[j]! * window.stride[j]! - window.padding[j]!;
        windowEnd[j] = Math.min(windowStart + (window.kernelSize[j]! - 1) * window.dilation[j]! + 1, inputSize[j]!);
        let first = windowStart;
        while (first < 0) first += window.dilation[j]!;
        firstTap[j] = first;
      }

      let best = -Infinity;
      let bestIndex = firstTap.reduce((sum, tap, j) => sum + tap * strides[j]!, 0);
      let found = false;

      const scan = (j: number, offset: number): void => {
        for (let tap = firstTap[j]!; tap < windowEnd[j]!; tap += window.dilation[j]!) {
          const tapOffset = offset + tap * strides[j]!;
          if (j < rank - 1) {
            scan(j + 1, tapOffset);
            continue;
          }
          const value = input[planeBase + tapOffset]!;
          // NaN is taken even after another NaN: the last NaN in scan order wins.
          if (value > best || Number.isNaN(value)) {
            best = value;
            bestIndex = tapOffset;
            found = true;
          }
        }
      };
      scan(0, 0);

      if (found) copyElement(outputOffset, planeBase + bestIndex);
      else values[outputOffset] = -Infinity;
      indices[outputOffset] = BigInt(bestIndex);
      outputOffset++;
    });
  }
  return { values, indices };
}
