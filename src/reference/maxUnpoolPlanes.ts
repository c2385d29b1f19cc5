/**
 * The unpool rule (PyTorch 1.13's cpu_max_unpool): start from zeros, and write each input element
 * at position indices[i] of its own (n, c) plane. Elements are visited in input order, so when two
 * share an index the later one wins (PyTorch with one thread). An index outside the plane is not
 * written; the op fails after the scan, naming the last such index it met.
 */
import type { FloatData, IndexData } from '../types.js';
import { PoolcheckError } from './errors.js';
import { elementCopier, sameTypedArray } from './tensors.js';

export function maxUnpoolPlanes(
  input: FloatData,
  indices: IndexData,
  planeCount: number,
  outputPlaneSize: number,
  describeOutputSize: string,
): FloatData {
  const output = sameTypedArray(input, planeCount * outputPlaneSize);
  // PyTorch skips the kernel, and with it the index check, when the output is empty.
  if (output.length === 0) return output;
  const copyElement = elementCopier(input, output);
  const inputPlaneSize = planeCount === 0 ? 0 : input.length / planeCount;

  let invalidIndex: number | bigint | undefined;
  for (let i = 0; i < input.length; i++) {
    const plane = Math.floor(i / inputPlaneSize);
    const raw = indices[i]!;
    const index = Number(raw);
    if (index < 0 || index >= outputPlaneSize) {
      invalidIndex = raw;
      continue;
    }
    copyElement(plane * outputPlaneSize + index, i);
  }
  if (invalidIndex !== undefined) {
    // No closing parenthesis: PyTorch's message lacks it too.
    throw new PoolcheckError(`Found an invalid max index: ${invalidIndex} (output volumes are of size ${describeOutputSize}`);
  }
  return output;
}
