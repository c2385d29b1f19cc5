/**
 * The reference's unpool rule (src/reference/maxUnpoolPlanes.ts) arranged for speed, checked
 * against it by property in test/fast.test.ts. Elements are written in input order, so the later
 * of two duplicates wins, and the error names the last invalid index met, as in the reference.
 *
 * int64 indices are read as two 32-bit words instead of as BigInts: an index is valid exactly when
 * its high word is 0 and its low word is below the plane size (which is < 2^32). Only the one
 * index quoted in the error is ever read as a BigInt.
 */
import type { FloatData, IndexData } from '../types.js';
import { PoolcheckError } from '../reference/errors.js';
import { maxUnpoolPlanes } from '../reference/maxUnpoolPlanes.js';
import type { UnpoolPlan } from '../reference/plans.js';
import { sameTypedArray } from '../reference/tensors.js';
import { LITTLE_ENDIAN, wordsOf, wordsPerElement } from './words.js';

/** Positions in the output plane must fit the low word of an int64 index. */
const LOW_WORD_LIMIT = 2 ** 32;

/** Unpools into `out` when given (zeroed first), else into a fresh array. */
export function fastMaxUnpoolPlanes(plan: UnpoolPlan, out?: FloatData): FloatData {
  const { input, indices, planeCount, outputPlaneSize, describeOutputSize } = plan;
  if (!LITTLE_ENDIAN || outputPlaneSize >= LOW_WORD_LIMIT) {
    const result = maxUnpoolPlanes(input, indices, planeCount, outputPlaneSize, describeOutputSize);
    if (!out) return result;
    out.set(result as Float32Array & Float64Array); // same type: the bytes
    return out;
  }
  const output = out ? out.fill(0) : sameTypedArray(input, planeCount * outputPlaneSize);
  // PyTorch skips the kernel, and with it the index check, when the output is empty.
  if (output.length === 0) return output;

  const lastInvalid = indices instanceof BigInt64Array
    ? unpoolWithInt64Indices(input, indices, output, planeCount, outputPlaneSize)
    : unpoolWithNumberIndices(input, indices, output, planeCount, outputPlaneSize);
  if (lastInvalid >= 0) {
    // No closing parenthesis: PyTorch's message lacks it too.
    throw new PoolcheckError(`Found an invalid max index: ${indices[lastInvalid]} (output volumes are of size ${describeOutputSize}`);
  }
  return output;
}

/** Returns the position of the last invalid index, or −1. */
function unpoolWithInt64Indices(
  input: FloatData, indices: BigInt64Array, output: FloatData, planeCount: number, outputPlaneSize: number,
): number {
  const elementWords = wordsPerElement(input);
  const inputWords = wordsOf(input);
  const outputWords = wordsOf(output);
  const indexWords = wordsOf(indices);
  const inputPlaneSize = input.length / planeCount;
  let lastInvalid = -1;
  let i = 0;
  for (let plane = 0; plane < planeCount; plane++) {
    const outputBase = plane * outputPlaneSize;
    for (const planeEnd = i + inputPlaneSize; i < planeEnd; i++) {
      const low = indexWords[2 * i]!;
      if (indexWords[2 * i + 1] !== 0 || low >= outputPlaneSize) {
        lastInvalid = i;
        continue;
      }
      if (elementWords === 1) {
        outputWords[outputBase + low] = inputWords[i]!;
      } else {
        outputWords[2 * (outputBase + low)] = inputWords[2 * i]!;
        outputWords[2 * (outputBase + low) + 1] = inputWords[2 * i + 1]!;
      }
    }
  }
  return lastInvalid;
}

function unpoolWithNumberIndices(
  input: FloatData, indices: Exclude<IndexData, BigInt64Array>, output: FloatData, planeCount: number, outputPlaneSize: number,
): number {
  const elementWords = wordsPerElement(input);
  const inputWords = wordsOf(input);
  const outputWords = wordsOf(output);
  const inputPlaneSize = input.length / planeCount;
  let lastInvalid = -1;
  let i = 0;
  for (let plane = 0; plane < planeCount; plane++) {
    const outputBase = plane * outputPlaneSize;
    for (const planeEnd = i + inputPlaneSize; i < planeEnd; i++) {
      // + 0 turns a −0 (a valid Float64Array index) into 0.
      const index = indices[i]! + 0;
      if (index < 0 || index >= outputPlaneSize) {
        lastInvalid = i;
        continue;
      }
      if (elementWords === 1) {
        outputWords[outputBase + index] = inputWords[i]!;
      } else {
        outputWords[2 * (outputBase + index)] = inputWords[2 * i]!;
        outputWords[2 * (outputBase + index) + 1] = inputWords[2 * i + 1]!;
      }
    }
  }
  return lastInvalid;
}
