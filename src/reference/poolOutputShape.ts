/**
 * PyTorch's pooling_output_shape: the three checks it makes on each spatial dim, in its order,
 * then the length. Kept apart from sizes.ts because these checks (and their wording) belong to
 * the pooling ops, while the size rules are plain arithmetic.
 */
import { check, PoolcheckError } from './errors.js';
import { poolOutputLength } from './sizes.js';
import type { SpecProfile } from './spec.js';

/**
 * One spatial dim's output length after pooling_output_shape's checks. The padding limit is the
 * one rule here that differs between PyTorch releases (1.13: the kernel; 2.x: the dilated
 * kernel), so the profile decides it.
 */
export function checkedPoolOutputLength(
  inputLength: number, kernelSize: number, padding: number, stride: number, dilation: number, ceilMode: boolean,
  spec: SpecProfile,
): number {
  check(stride !== 0, () => 'stride should not be zero');
  check(padding >= 0, () => `pad must be non-negative, but got pad: ${padding}`);
  const overLimit = spec.paddingCheck(padding, kernelSize, dilation);
  if (overLimit !== undefined) throw new PoolcheckError(overLimit);
  return poolOutputLength(inputLength, { kernelSize, stride, padding, dilation, ceilMode });
}
