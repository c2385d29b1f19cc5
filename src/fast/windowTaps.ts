/**
 * The window rule of the reference (src/reference/maxPoolPlanes.ts), worked out once per spatial
 * dim instead of once per output element:
 * - per output position o: the first tap (stepped out of the left padding) and the window end
 *   (clipped to the input), exactly as the reference computes them;
 * - per kernel tap j: the range of output positions whose j-th tap, o·s − p + j·d, lies inside
 *   the input. Those are exactly the taps the reference reads, since it skips the padding and
 *   stops at the input's end.
 */
import type { PoolPlan } from '../reference/plans.js';
import { LITTLE_ENDIAN } from './words.js';

export interface DimTaps {
  kernelSize: number;
  stride: number;
  padding: number;
  dilation: number;
  /** firstTap[o]: the first position read; ≥ windowEnd[o] when the window lies wholly in padding. */
  firstTap: Int32Array;
  /** windowEnd[o]: taps are firstTap, firstTap + dilation, … while < windowEnd. */
  windowEnd: Int32Array;
  /** Output positions o in [outputsFrom[j], outputsTo[j]) read tap j (for the taps that can lie inside). */
  outputsFrom: Int32Array;
  outputsTo: Int32Array;
}

const INT32_MAX = 2 ** 31 - 1;
/** Offsets into the input are kept in int32 arrays. */
const MAX_INPUT_LENGTH = INT32_MAX;

/**
 * Undefined when a position does not fit an int32 (only with absurd sizes, dilations or
 * paddings): int32 tables keep the kernel's offset arithmetic in machine integers.
 */
export function dimTaps(
  inputLength: number, outputLength: number, kernelSize: number, stride: number, padding: number, dilation: number,
): DimTaps | undefined {
  const lastTap = (outputLength - 1) * stride + (kernelSize - 1) * dilation;
  if (inputLength > INT32_MAX || lastTap > INT32_MAX || padding > INT32_MAX) return undefined;
  const firstTap = new Int32Array(outputLength);
  const windowEnd = new Int32Array(outputLength);
  for (let o = 0; o < outputLength; o++) {
    const windowStart = o * stride - padding;
    windowEnd[o] = Math.min(windowStart + (kernelSize - 1) * dilation + 1, inputLength);
    // The reference steps up by the dilation until ≥ 0; this is the same number of steps at once.
    firstTap[o] = windowStart >= 0 ? windowStart : windowStart + Math.ceil(-windowStart / dilation) * dilation;
  }
  // Taps from this one on start at or beyond the input's end even for o = 0; a kernel may be far
  // longer than the input when most of it lies in the padding.
  const tapCount = Math.min(kernelSize, Math.floor((inputLength - 1 + padding) / dilation) + 1);
  const outputsFrom = new Int32Array(tapCount);
  const outputsTo = new Int32Array(tapCount);
  for (let j = 0; j < tapCount; j++) {
    // o·s − p + j·d ≥ 0 and < inputLength; the quotients are exact enough at int32 sizes.
    const offset = j * dilation - padding;
    outputsFrom[j] = Math.min(outputLength, Math.max(0, Math.ceil(-offset / stride)));
    outputsTo[j] = Math.max(outputsFrom[j]!, Math.min(outputLength, Math.ceil((inputLength - offset) / stride)));
  }
  return { kernelSize, stride, padding, dilation, firstTap, windowEnd, outputsFrom, outputsTo };
}

/** A dim of length 1 with a unit window, so that 1-D and 2-D planes run in the 3-D kernel. */
export const UNIT_DIM: DimTaps = dimTaps(1, 1, 1, 1, 0, 1)!;

/** A pooling as the fast kernels see it: every plane as 3-D (1-D and 2-D get unit leading dims). */
export interface PlaneGeometry {
  planeCount: number;
  depth: number;
  height: number;
  width: number;
  depthTaps: DimTaps;
  rowTaps: DimTaps;
  columnTaps: DimTaps;
}

/**
 * The plan's geometry, or undefined where only the reference kernel applies: a big-endian
 * platform (the kernels write int64 indices as two little-endian words), or sizes past int32.
 */
export function planeGeometry(plan: PoolPlan): PlaneGeometry | undefined {
  const { input, planeCount, inputSize, outputSize, window } = plan;
  const rank = inputSize.length;
  const taps = inputSize.map((length, j) => dimTaps(
    length, outputSize[j]!, window.kernelSize[j]!, window.stride[j]!, window.padding[j]!, window.dilation[j]!));
  if (!LITTLE_ENDIAN || input.length > MAX_INPUT_LENGTH || !taps.every((t) => t !== undefined)) return undefined;
  const [depthTaps, rowTaps, columnTaps] = [...Array<DimTaps>(3 - rank).fill(UNIT_DIM), ...taps] as [DimTaps, DimTaps, DimTaps];
  const [depth, height, width] = [...Array<number>(3 - rank).fill(1), ...inputSize] as [number, number, number];
  return { planeCount, depth, height, width, depthTaps, rowTaps, columnTaps };
}
