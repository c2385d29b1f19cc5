/**
 * The reference's pooling rule (src/reference/maxPoolPlanes.ts) arranged for speed; it must give
 * the same bits, and is checked against the reference by property in test/fast.test.ts.
 *
 * What differs from the reference, and why it gives the same result:
 * - Every plane runs as 3-D (depth, height, width); 1-D and 2-D planes get unit leading dims,
 *   whose only tap is 0, so offsets and scan order are unchanged.
 * - A whole row of outputs (fixed depth and height positions) is pooled at once: for each window
 *   row (d, h) and each column tap j, one sweep along the row updates every output that reads
 *   that tap (windowTaps.ts says which). Each output still sees its own taps in the reference's
 *   row-major order (d, then h, then j), and takes a tap by the same rule, so it picks the same
 *   one; the long inner sweep is what makes it fast.
 * - The best tap of each output starts at its first tap. When no tap is taken, every tap is −inf,
 *   so copying the first tap's bits gives −inf, as the reference writes.
 * - Taking a tap is decided without a branch (see the sweep): about 1.5× faster on random data.
 * - Values are copied as 32-bit words and indices written as the two words of the int64, never
 *   through a BigInt, which would dominate the run time.
 * - float32 runs in WebAssembly SIMD (simdPoolPlanes.ts) wherever that kernel applies; this one
 *   takes float64, windows wholly in the padding, and engines without WebAssembly SIMD.
 */
import type { FloatData } from '../types.js';
import { maxPoolPlanes } from '../reference/maxPoolPlanes.js';
import type { PoolPlan } from '../reference/plans.js';
import { sameTypedArray } from '../reference/tensors.js';
import { simdMaxPoolPlanes } from './simdPoolPlanes.js';
import { planeGeometry, type DimTaps } from './windowTaps.js';
import { wordsOf, wordsPerElement } from './words.js';

/** Output arrays supplied by the caller, of the result's types and lengths (checked by the caller). */
export interface PoolOutputArrays {
  values: FloatData;
  indices: BigInt64Array;
}

/**
 * Pools every plane of the plan into `out` when given (every element is written), else into
 * fresh arrays. float32 goes to the WebAssembly SIMD kernel where it applies; the rest, and
 * everything when WebAssembly is missing, to the JavaScript kernel below.
 */
export function fastMaxPoolPlanes(
  plan: PoolPlan, out?: PoolOutputArrays, kernel: 'any' | 'javascript' = 'any',
): { values: FloatData; indices: BigInt64Array } {
  const { input, planeCount, outputSize } = plan;
  const outputPlaneSize = outputSize.reduce((a, b) => a * b, 1);
  const values = out?.values ?? sameTypedArray(input, planeCount * outputPlaneSize);
  const indices = out?.indices ?? new BigInt64Array(planeCount * outputPlaneSize);
  const geometry = planeGeometry(plan);
  if (geometry === undefined) {
    const result = maxPoolPlanes(input, planeCount, plan.inputSize, outputSize, plan.window);
    if (!out) return result;
    // Same types: these copies move bytes.
    values.set(result.values as Float32Array & Float64Array);
    indices.set(result.indices);
    return { values, indices };
  }
  if (kernel === 'any' && input instanceof Float32Array
    && simdMaxPoolPlanes(geometry, input, 0, 0, planeCount, values as Float32Array, indices, 0)) {
    return { values, indices };
  }
  const { height, width, depthTaps, rowTaps, columnTaps } = geometry;
  const inputPlaneSize = geometry.depth * height * width;
  const pool: PlanePool = {
    input, values, indices,
    inputWords: wordsOf(input), valueWords: wordsOf(values), indexWords: wordsOf(indices),
    elementWords: wordsPerElement(input),
    height, width, depthTaps, rowTaps, columnTaps,
  };
  for (let plane = 0; plane < planeCount; plane++) {
    // One call per plane, so that the engine optimises the loop as a whole function.
    poolPlane(pool, plane * inputPlaneSize, plane * outputPlaneSize);
  }
  return { values, indices };
}

interface PlanePool {
  input: FloatData;
  values: FloatData;
  indices: BigInt64Array;
  inputWords: Uint32Array;
  valueWords: Uint32Array;
  indexWords: Uint32Array;
  /** 1 for float32, 2 for float64. */
  elementWords: number;
  height: number;
  width: number;
  depthTaps: DimTaps;
  rowTaps: DimTaps;
  columnTaps: DimTaps;
}

/**
 * Scratch for up to CHUNK outputs of one row: the best value so far and its offset in the input.
 * Module constants (read into locals) rather than arrays made per call: the engine then knows
 * where they live, which makes the sweep about 1.4× faster. Longer rows go a chunk at a time.
 */
const CHUNK = 4096;
const chunkBest = new Float64Array(CHUNK);
const chunkBestOffset = new Int32Array(CHUNK);

function poolPlane(pool: PlanePool, planeBase: number, outputBase: number): void {
  const { input, values, indices, inputWords, valueWords, indexWords, elementWords, columnTaps } = pool;
  const best = chunkBest;
  const bestOffset = chunkBestOffset;
  const sliceSize = pool.height * pool.width;
  const width = pool.width;
  const { firstTap: firstDepth, windowEnd: depthEnd, dilation: depthStep } = pool.depthTaps;
  const { firstTap: firstRow, windowEnd: rowEnd, dilation: rowStep } = pool.rowTaps;
  const { firstTap: firstColumn, windowEnd: columnEnd } = columnTaps;
  const outputDepth = firstDepth.length;
  const outputHeight = firstRow.length;
  const outputWidth = firstColumn.length;

  let output = outputBase;
  for (let od = 0; od < outputDepth; od++) {
    const d0 = firstDepth[od]!;
    const d1 = depthEnd[od]!;
    for (let oh = 0; oh < outputHeight; oh++) {
      const h0 = firstRow[oh]!;
      const h1 = rowEnd[oh]!;
      const firstRowOffset = planeBase + d0 * sliceSize + h0 * width;
      const rowHasTaps = d0 < d1 && h0 < h1;
      for (let chunkStart = 0; chunkStart < outputWidth; chunkStart += CHUNK) {
        const chunkEnd = Math.min(chunkStart + CHUNK, outputWidth);
        for (let ow = chunkStart; ow < chunkEnd; ow++) {
          best[ow - chunkStart] = -Infinity;
          bestOffset[ow - chunkStart] = firstRowOffset + firstColumn[ow]!;
        }

        for (let d = d0; d < d1; d += depthStep) {
          for (let h = h0; h < h1; h += rowStep) {
            const rowBase = planeBase + d * sliceSize + h * width;
            if (input instanceof Float32Array) sweepRowFloat32(input, rowBase, chunkStart, chunkEnd, columnTaps);
            else sweepRowFloat64(input, rowBase, chunkStart, chunkEnd, columnTaps);
          }
        }

        for (let ow = chunkStart; ow < chunkEnd; ow++, output++) {
          if (!rowHasTaps || firstColumn[ow]! >= columnEnd[ow]!) {
            // A window wholly in the padding: no taps, −inf, and an index that may lie outside the plane.
            values[output] = -Infinity;
            indices[output] = BigInt(d0 * sliceSize + h0 * width + firstColumn[ow]!);
            continue;
          }
          const chosen = bestOffset[ow - chunkStart]!;
          if (elementWords === 1) {
            valueWords[output] = inputWords[chosen]!;
          } else {
            valueWords[2 * output] = inputWords[2 * chosen]!;
            valueWords[2 * output + 1] = inputWords[2 * chosen + 1]!;
          }
          indexWords[2 * output] = chosen - planeBase;
          indexWords[2 * output + 1] = 0; // a caller's output array may hold anything

        }
      }
    }
  }
}

/*
 * The sweep of one input row (window row) across a chunk of outputs: for each column tap j, every
 * output of the chunk that reads tap j compares it with its best so far.
 *
 * Written twice, for Float32Array and for Float64Array, with identical bodies: the engine
 * optimises a function for the array types it has seen, and one that has seen both runs about
 * 1.6× slower on either. Keep the two in step; test/fast.test.ts checks both against the reference.
 */

function sweepRowFloat32(input: Float32Array, rowBase: number, chunkStart: number, chunkEnd: number, columnTaps: DimTaps): void {
  const best = chunkBest;
  const bestOffset = chunkBestOffset;
  const { stride, padding, dilation, outputsFrom, outputsTo } = columnTaps;
  for (let j = 0; j < outputsFrom.length; j++) {
    const from = Math.max(outputsFrom[j]!, chunkStart);
    const to = Math.min(outputsTo[j]!, chunkEnd);
    let tap = rowBase + from * stride - padding + j * dilation;
    for (let k = from - chunkStart; k < to - chunkStart; k++, tap += stride) {
      const value = input[tap]!;
      // The reference's rule, `value > best || value is NaN` (so the last NaN wins), as 0 or 1.
      // Whether a tap is taken is as unpredictable as the data, so the choice is made by
      // arithmetic rather than by a branch the CPU would often mispredict.
      const take = +(value > best[k]!) | +(value !== value);
      const chosen = bestOffset[k]! + (tap - bestOffset[k]!) * take;
      bestOffset[k] = chosen;
      best[k] = input[chosen]!;
    }
  }
}

function sweepRowFloat64(input: Float64Array, rowBase: number, chunkStart: number, chunkEnd: number, columnTaps: DimTaps): void {
  const best = chunkBest;
  const bestOffset = chunkBestOffset;
  const { stride, padding, dilation, outputsFrom, outputsTo } = columnTaps;
  for (let j = 0; j < outputsFrom.length; j++) {
    const from = Math.max(outputsFrom[j]!, chunkStart);
    const to = Math.min(outputsTo[j]!, chunkEnd);
    let tap = rowBase + from * stride - padding + j * dilation;
    for (let k = from - chunkStart; k < to - chunkStart; k++, tap += stride) {
      const value = input[tap]!;
      const take = +(value > best[k]!) | +(value !== value);
      const chosen = bestOffset[k]! + (tap - bestOffset[k]!) * take;
      bestOffset[k] = chosen;
      best[k] = input[chosen]!;
    }
  }
}
