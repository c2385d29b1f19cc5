/**
 * PyTorch's pooling_output_shape: the three checks it makes on each spatial dim, in its order,
 * then the length. Kept apart from sizes.ts because these checks (and their wording) belong to
 * the pooling ops, while the size rules are plain arithmetic.
 */
import { check } from './errors.js';
import { poolOutputLength } from './sizes.js';

export function checkedPoolOutputLength(
  inputLength: number, kernelSize: number, padding: number, stride: number, dilation: number, ceilMode: boolean,
): number {
  check(stride !== 0, () => 'stride should not be zero');
  check(padding >= 0, () => `pad must be non-negative, but got pad: ${padding}`);
  // C++ integer division truncates toward zero. 1.13 compares against the kernel, not the
  // dilated (effective) kernel; later releases changed this.
  check(padding <= Math.trunc(kernelSize / 2), () => `pad should be at most half of kernel size, but got pad=${padding} and kernel_size=${kernelSize}`);
  return poolOutputLength(inputLength, { kernelSize, stride, padding, dilation, ceilMode });
}
