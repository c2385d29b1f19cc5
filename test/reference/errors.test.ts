/**
 * Every error case with PyTorch 1.13's exact message and exception class, and in PyTorch's order
 * of checks where two mistakes meet. Each row was run as the same call in PyTorch
 * (F.max_pool{1,2,3}d(..., return_indices=True), F.max_unpool{1,2,3}d).
 */
import { describe, expect, it } from 'vitest';
import { maxPool1d, maxPool2d, maxPool3d, maxUnpool1d, maxUnpool2d, maxUnpool3d, PoolcheckError } from '../../src/index.js';
import type { PoolOptions, Tensor } from '../../src/index.js';
import { expectPyTorchError, f32, int64, valuesOf } from './helpers.js';

function zeros(shape: number[]): Tensor {
  return f32(shape, Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0));
}

type Row = [title: string, shape: number[], options: PoolOptions, message: string];

function table(pool: (x: Tensor, options: PoolOptions) => unknown, rows: Row[]): void {
  for (const [title, shape, options, message] of rows) {
    it(`${title}: ${message}`, () => expectPyTorchError(() => pool(zeros(shape), options), message));
  }
}

const halfKernel = (p: number, k: number): string => `pad should be at most half of kernel size, but got pad=${p} and kernel_size=${k}`;

describe('max_pool2d errors', () => {
  table(maxPool2d, [
    ['kernel of 3 ints', [1, 1, 4, 4], { kernelSize: [2, 2, 2] }, 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints'],
    ['empty kernel', [1, 1, 4, 4], { kernelSize: [] }, 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints'],
    ['stride of 3 ints', [1, 1, 4, 4], { kernelSize: 2, stride: [1, 1, 1] }, 'max_pool2d: stride must either be omitted, a single int, or a tuple of two ints'],
    ['padding of 3 ints', [1, 1, 4, 4], { kernelSize: 2, padding: [0, 0, 0] }, 'max_pool2d: padding must be either be a single int, or a tuple of two ints'],
    ['dilation of 3 ints', [1, 1, 4, 4], { kernelSize: 2, dilation: [1, 1, 1] }, 'max_pool2d: dilation must be either a single int, or a tuple of two ints'],
    ['rank 2', [4, 4], { kernelSize: 2 }, 'non-empty 3D or 4D (batch mode) tensor expected for input'],
    ['rank 5', [1, 1, 1, 4, 4], { kernelSize: 2 }, 'non-empty 3D or 4D (batch mode) tensor expected for input'],
    ['argument lengths are checked before the rank', [4, 4], { kernelSize: [2, 2, 2] }, 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints'],
    ['the rank is checked before padding', [4], { kernelSize: 2, padding: 5 }, 'non-empty 3D or 4D (batch mode) tensor expected for input'],
    ['stride 0', [1, 1, 4, 4], { kernelSize: 2, stride: 0 }, 'stride should not be zero'],
    ['stride 0 in W only', [1, 1, 4, 4], { kernelSize: 2, stride: [1, 0] }, 'stride should not be zero'],
    ['kernel 0 (the stride defaults to it)', [1, 1, 4, 4], { kernelSize: 0 }, 'stride should not be zero'],
    ['stride 0 is checked before a negative padding', [1, 1, 4, 4], { kernelSize: 2, stride: 0, padding: -1 }, 'stride should not be zero'],
    ['negative padding', [1, 1, 4, 4], { kernelSize: 2, padding: -1 }, 'pad must be non-negative, but got pad: -1'],
    ['padding above half the kernel', [1, 1, 4, 4], { kernelSize: 3, padding: [0, 2] }, halfKernel(2, 3)],
    ['H is checked before W', [1, 1, 4, 4], { kernelSize: [3, 2], padding: [2, -1] }, halfKernel(2, 3)],
    ['the limit ignores dilation (k2 d3 p2)', [1, 1, 8, 8], { kernelSize: 2, padding: 2, dilation: 3 }, halfKernel(2, 2)],
    ['kernel 0 with stride 1', [1, 1, 4, 4], { kernelSize: [0, 2], stride: 1 }, 'kernel size should be greater than zero, but got kH: 0 kW: 2'],
    ['negative kernel with stride 1', [1, 1, 4, 4], { kernelSize: [1, -1], stride: 1 }, 'kernel size should be greater than zero, but got kH: 1 kW: -1'],
    ['the kernel is checked before the stride', [1, 1, 4, 4], { kernelSize: [-1, 2], stride: [1, -1] }, 'kernel size should be greater than zero, but got kH: -1 kW: 2'],
    ['negative stride', [1, 1, 4, 4], { kernelSize: 2, stride: [1, -1] }, 'stride should be greater than zero, but got dH: 1 dW: -1'],
    ['dilation 0', [1, 1, 4, 4], { kernelSize: 2, dilation: 0 }, 'dilation should be greater than zero, but got dilationH: 0 dilationW: 0'],
    ['negative dilation', [1, 1, 4, 4], { kernelSize: 2, dilation: [1, -2] }, 'dilation should be greater than zero, but got dilationH: 1 dilationW: -2'],
    ['C = 0', [2, 0, 4, 4], { kernelSize: 2 }, 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 0, 4, 4]'],
    ['H = 0', [2, 3, 0, 4], { kernelSize: 2 }, 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 3, 0, 4]'],
    ['unbatched C = 0', [0, 4, 4], { kernelSize: 2 }, 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 4, 4]'],
    ['a zero dim is checked before the output size', [1, 0, 1, 1], { kernelSize: 2 }, 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 1, 1]'],
    ['output size 0 (sizes are C×H×W, no N)', [3, 4, 4], { kernelSize: 5 }, 'Given input size: (3x4x4). Calculated output size: (3x0x0). Output size is too small'],
    ['negative output size (floor division)', [1, 1, 1, 1], { kernelSize: 4, stride: 2 }, 'Given input size: (1x1x1). Calculated output size: (1x-1x-1). Output size is too small'],
    ['output size 0 through dilation', [1, 1, 4, 4], { kernelSize: 3, dilation: 2 }, 'Given input size: (1x4x4). Calculated output size: (1x0x0). Output size is too small'],
  ]);

  it('N = 0 is fine: (0, 3, 4, 4) → (0, 3, 2, 2)', () => {
    const result = maxPool2d(zeros([0, 3, 4, 4]), { kernelSize: 2 });
    expect(result.values.shape).toEqual([0, 3, 2, 2]);
    expect(result.indices.shape).toEqual([0, 3, 2, 2]);
  });
});

describe('max_pool1d errors (the 2-D checks run on (N, C, 1, L), hence kH/kW and 4-D shapes)', () => {
  table(maxPool1d, [
    ['rank 1', [4], { kernelSize: 2 }, "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for max_pool1d)"],
    ['rank 4', [1, 1, 1, 4], { kernelSize: 2 }, "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' (while checking arguments for max_pool1d)"],
    ['the rank is checked before argument lengths', [4], { kernelSize: [2, 2] }, "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments for max_pool1d)"],
    ['kernel of 2 ints', [1, 1, 4], { kernelSize: [2, 2] }, "max_pool1d() argument 'kernel_size' should contain one int (got 2)"],
    ['stride of 2 ints', [1, 1, 4], { kernelSize: 2, stride: [1, 1] }, "max_pool1d() argument 'stride' should contain one int (got 2)"],
    ['padding of 2 ints', [1, 1, 4], { kernelSize: 2, padding: [0, 0] }, "max_pool1d() argument 'padding' should contain one int (got 2)"],
    ['dilation of 2 ints', [1, 1, 4], { kernelSize: 2, dilation: [1, 1] }, "max_pool1d() argument 'dilation' should contain one int (got 2)"],
    ['kernel 0', [1, 1, 4], { kernelSize: 0 }, 'stride should not be zero'],
    ['stride 0', [1, 1, 4], { kernelSize: 2, stride: 0 }, 'stride should not be zero'],
    ['negative kernel', [1, 1, 4], { kernelSize: -1, stride: 1 }, 'kernel size should be greater than zero, but got kH: 1 kW: -1'],
    ['negative stride', [1, 1, 4], { kernelSize: 2, stride: -1 }, 'stride should be greater than zero, but got dH: 1 dW: -1'],
    ['negative padding', [1, 1, 4], { kernelSize: 2, padding: -1 }, 'pad must be non-negative, but got pad: -1'],
    ['padding above half the kernel', [1, 1, 4], { kernelSize: 3, padding: 2 }, halfKernel(2, 3)],
    ['the limit ignores dilation (k2 d3 p2)', [1, 1, 8], { kernelSize: 2, padding: 2, dilation: 3 }, halfKernel(2, 2)],
    ['dilation 0', [1, 1, 4], { kernelSize: 2, dilation: 0 }, 'dilation should be greater than zero, but got dilationH: 1 dilationW: 0'],
    ['C = 0', [3, 0, 4], { kernelSize: 2 }, 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[3, 0, 1, 4]'],
    ['L = 0', [3, 2, 0], { kernelSize: 2 }, 'Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[3, 2, 1, 0]'],
    ['output size 0', [1, 1, 1], { kernelSize: 2 }, 'Given input size: (1x1x1). Calculated output size: (1x1x0). Output size is too small'],
    ['negative output size', [1, 1, 1], { kernelSize: 4, stride: 2 }, 'Given input size: (1x1x1). Calculated output size: (1x1x-1). Output size is too small'],
    ['unbatched output size 0', [3, 4], { kernelSize: 5 }, 'Given input size: (3x1x4). Calculated output size: (3x1x0). Output size is too small'],
  ]);

  it('N = 0 is fine: (0, 2, 4) → (0, 2, 2)', () => {
    expect(maxPool1d(zeros([0, 2, 4]), { kernelSize: 2 }).values.shape).toEqual([0, 2, 2]);
  });
});

describe('max_pool3d errors', () => {
  const zeroDim = (shape: string): string =>
    `max_pool3d_with_indices_out_cpu_template(): Expected input's non-batch dimensions to have positive length, but input has a shape of ${shape} and non-batch dimension 0 has length zero!`;
  table(maxPool3d, [
    ['kernel of 2 ints', [1, 1, 4, 4, 4], { kernelSize: [2, 2] }, 'max_pool3d: kernel_size must either be a single int, or a tuple of three ints'],
    ['stride of 2 ints', [1, 1, 4, 4, 4], { kernelSize: 2, stride: [1, 1] }, 'max_pool3d: stride must either be omitted, a single int, or a tuple of three ints'],
    ['padding of 2 ints', [1, 1, 4, 4, 4], { kernelSize: 2, padding: [0, 0] }, 'max_pool3d: padding must be either be a single int, or a tuple of three ints'],
    ['dilation of 2 ints', [1, 1, 4, 4, 4], { kernelSize: 2, dilation: [1, 1] }, 'max_pool3d: dilation must be either a single int, or a tuple of three ints'],
    ['rank 3', [1, 4, 4], { kernelSize: 2 }, 'non-empty 4D or 5D (batch mode) tensor expected for input'],
    ['rank 6', [1, 1, 1, 4, 4, 4], { kernelSize: 2 }, 'non-empty 4D or 5D (batch mode) tensor expected for input'],
    ['stride 0', [1, 1, 4, 4, 4], { kernelSize: 2, stride: [1, 1, 0] }, 'stride should not be zero'],
    ['negative padding', [1, 1, 4, 4, 4], { kernelSize: 2, padding: [0, -1, 0] }, 'pad must be non-negative, but got pad: -1'],
    ['padding above half the kernel', [1, 1, 4, 4, 4], { kernelSize: 2, padding: [0, 0, 2] }, halfKernel(2, 2)],
    ['kernel 0', [1, 1, 4, 4, 4], { kernelSize: [2, 0, 2], stride: 1 }, 'kernel size should be greater than zero, but got kT: 2 kH: 0 kW: 2'],
    ['negative stride', [1, 1, 4, 4, 4], { kernelSize: 2, stride: [1, -1, 1] }, 'stride should be greater than zero, but got dT: 1 dH: -1 dW: 1'],
    ['dilation 0', [1, 1, 4, 4, 4], { kernelSize: 2, dilation: [1, 1, 0] }, 'dilation should be greater than zero, but got dilationT: 1 dilationH: 1 dilationW: 0'],
    // PyTorch prints the dim's length (always 0) where it means the dim's number.
    ['C = 0', [2, 0, 4, 4, 4], { kernelSize: 2 }, zeroDim('[2, 0, 4, 4, 4]')],
    ['D = 0', [2, 3, 0, 4, 4], { kernelSize: 2 }, zeroDim('[2, 3, 0, 4, 4]')],
    ['W = 0', [2, 3, 4, 4, 0], { kernelSize: 2 }, zeroDim('[2, 3, 4, 4, 0]')],
    ['unbatched C = 0', [0, 4, 4, 4], { kernelSize: 2 }, zeroDim('[0, 4, 4, 4]')],
    ['output size 0', [3, 4, 4, 4], { kernelSize: 5 }, 'Given input size: (3x4x4x4). Calculated output size: (3x0x0x0). Output size is too small'],
    ['output size 0 in H only', [2, 3, 4, 5, 6], { kernelSize: [1, 6, 1] }, 'Given input size: (3x4x5x6). Calculated output size: (3x4x0x6). Output size is too small'],
  ]);

  it('N = 0 is fine: (0, 3, 4, 4, 4) → (0, 3, 2, 2, 2)', () => {
    expect(maxPool3d(zeros([0, 3, 4, 4, 4]), { kernelSize: 2 }).values.shape).toEqual([0, 3, 2, 2, 2]);
  });
});

describe('non-integer pool arguments (PyTorch raises TypeError from its argument parser)', () => {
  it('max_pool2d kernel 2.5', () => {
    expectPyTorchError(() => maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2.5 }),
      "max_pool2d_with_indices(): argument 'kernel_size' (position 2) must be tuple of ints, not float", 'TypeError');
  });

  it('max_pool2d kernel [2, 2.5]', () => {
    expectPyTorchError(() => maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: [2, 2.5] }),
      "max_pool2d_with_indices(): argument 'kernel_size' must be tuple of ints, but found element of type float at pos 2", 'TypeError');
  });

  it('max_pool2d stride 1.5', () => {
    expectPyTorchError(() => maxPool2d(zeros([1, 1, 4, 4]), { kernelSize: 2, stride: 1.5 }),
      "max_pool2d_with_indices(): argument 'stride' (position 3) must be tuple of ints, not float", 'TypeError');
  });

  it('max_pool1d kernel 2.5', () => {
    expectPyTorchError(() => maxPool1d(zeros([1, 1, 4]), { kernelSize: 2.5 }),
      "max_pool1d_with_indices(): argument 'kernel_size' (position 2) must be tuple of ints, not float", 'TypeError');
  });

  it('max_pool3d kernel 2.5', () => {
    expectPyTorchError(() => maxPool3d(zeros([1, 1, 4, 4, 4]), { kernelSize: 2.5 }),
      "max_pool3d_with_indices(): argument 'kernel_size' (position 2) must be tuple of ints, not float", 'TypeError');
  });
});

describe('max_unpool errors', () => {
  const x = f32([1, 1, 2, 2], [1, 2, 3, 4]);
  const indices = int64([1, 1, 2, 2], [0, 2, 8, 10]);

  it('wrong ranks (1-D counts the unit width PyTorch adds)', () => {
    expectPyTorchError(() => maxUnpool1d(f32([3], [1, 2, 3]), int64([3], [0, 2, 4]), { kernelSize: 2 }),
      'Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with 2 dimensions.');
    expectPyTorchError(() => maxUnpool1d(f32([1, 1, 1, 3], [1, 2, 3]), int64([1, 1, 1, 3], [0, 2, 4]), { kernelSize: 2 }),
      'Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with 5 dimensions.');
    expectPyTorchError(() => maxUnpool2d(f32([2, 2], [1, 2, 3, 4]), int64([2, 2], [0, 2, 4, 6]), { kernelSize: 2 }),
      'Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with 2 dimensions.');
    expectPyTorchError(() => maxUnpool2d(f32([1, 1, 1, 2, 2], [1, 2, 3, 4]), int64([1, 1, 1, 2, 2], [0, 2, 4, 6]), { kernelSize: 2 }),
      'Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with 5 dimensions.');
    expectPyTorchError(() => maxUnpool3d(f32([1, 2, 2], [1, 2, 3, 4]), int64([1, 2, 2], [0, 2, 4, 6]), { kernelSize: 2 }),
      'Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with 3 dimensions.');
    expectPyTorchError(() => maxUnpool3d(f32([1, 1, 1, 1, 2, 2], [1, 2, 3, 4]), int64([1, 1, 1, 1, 2, 2], [0, 2, 4, 6]), { kernelSize: 2 }),
      'Input to max_unpooling3d should be a 4d or 5d Tensor, but got a tensor with 6 dimensions.');
  });

  it('too few dims for the size rule (Python indexes the shape first)', () => {
    expectPyTorchError(() => maxUnpool2d(f32([4], [1, 2, 3, 4]), int64([4], [0, 2, 4, 6]), { kernelSize: 2 }),
      'tuple index out of range', 'IndexError');
    expectPyTorchError(() => maxUnpool3d(f32([2, 2], [1, 2, 3, 4]), int64([2, 2], [0, 2, 4, 6]), { kernelSize: 2 }),
      'tuple index out of range', 'IndexError');
  });

  it('indices shaped differently from the input', () => {
    expectPyTorchError(() => maxUnpool1d(f32([1, 1, 2], [1, 2]), int64([1, 1, 3], [0, 1, 2]), { kernelSize: 2 }),
      'Expected shape of indices to be same as that of the input tensor ([1, 1, 2, 1]) but got indices tensor with shape: [1, 1, 3, 1]');
    expectPyTorchError(() => maxUnpool2d(x, int64([1, 1, 2, 3], [0, 1, 2, 3, 4, 5]), { kernelSize: 2 }),
      'Expected shape of indices to be same as that of the input tensor ([1, 1, 2, 2]) but got indices tensor with shape: [1, 1, 2, 3]');
    expectPyTorchError(() => maxUnpool2d(x, int64([1, 2, 2], [0, 1, 2, 3]), { kernelSize: 2 }),
      'Expected shape of indices to be same as that of the input tensor ([1, 1, 2, 2]) but got indices tensor with shape: [1, 2, 2]');
    expectPyTorchError(() => maxUnpool3d(f32([1, 1, 1, 1, 2], [1, 2]), int64([1, 1, 1, 2, 1], [0, 1]), { kernelSize: 2 }),
      'Expected shape of indices to be same as that of the input tensor ([1, 1, 1, 1, 2]) but got indices tensor with shape: [1, 1, 1, 2, 1]');
  });

  it('a zero non-batch dim', () => {
    const empty = (shape: number[]) => [f32(shape, []), int64(shape, [])] as const;
    expectPyTorchError(() => maxUnpool2d(...empty([1, 0, 2, 2]), { kernelSize: 2 }),
      'max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got [1, 0, 2, 2] with dimension 1 being empty.');
    expectPyTorchError(() => maxUnpool2d(...empty([1, 1, 0, 2]), { kernelSize: 2 }),
      'max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got [1, 1, 0, 2] with dimension 2 being empty.');
    expectPyTorchError(() => maxUnpool1d(...empty([1, 0, 2]), { kernelSize: 2 }),
      'max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got [1, 0, 2, 1] with dimension 1 being empty.');
    expectPyTorchError(() => maxUnpool3d(...empty([1, 0, 1, 1, 2]), { kernelSize: 2 }),
      'max_unpooling3d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got [1, 0, 1, 1, 2] with dimension 1 being empty.');
    expectPyTorchError(() => maxUnpool3d(...empty([1, 1, 1, 1, 0]), { kernelSize: 2 }),
      'max_unpooling3d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got [1, 1, 1, 1, 0] with dimension 4 being empty.');
  });

  it('a non-integer outputSize', () => {
    expectPyTorchError(() => maxUnpool2d(x, indices, { kernelSize: 2, outputSize: [4.5, 4] }),
      "max_unpool2d(): argument 'output_size' (position 3) must be tuple of ints, not list", 'TypeError');
  });
});

describe('max_unpool argument tuples of the wrong length (PyTorch does not validate them)', () => {
  const x = f32([1, 1, 2, 2], [1, 2, 3, 4]);
  const indices = int64([1, 1, 2, 2], [0, 2, 8, 10]);
  const x1 = f32([1, 1, 2], [1, 2]);
  const indices1 = int64([1, 1, 2], [0, 3]);
  const x3 = f32([1, 1, 1, 1, 2], [1, 2]);
  const indices3 = int64([1, 1, 1, 1, 2], [0, 3]);

  it('2-D kernel [2, 2, 2]: IndexError', () => {
    expectPyTorchError(() => maxUnpool2d(x, indices, { kernelSize: [2, 2, 2] }), 'tuple index out of range', 'IndexError');
  });

  it('2-D kernel [2] (a 1-tuple is not broadcast by unpool)', () => {
    expectPyTorchError(() => maxUnpool2d(x, indices, { kernelSize: [2] }),
      'There should be exactly two elements (height, width) in output_size, but got 1 elements.');
  });

  it('2-D stride [2] and padding [0]: IndexError', () => {
    expectPyTorchError(() => maxUnpool2d(x, indices, { kernelSize: 2, stride: [2] }), 'tuple index out of range', 'IndexError');
    expectPyTorchError(() => maxUnpool2d(x, indices, { kernelSize: 2, padding: [0] }), 'tuple index out of range', 'IndexError');
  });

  it('2-D stride [2, 2, 2] and padding [0, 0, 0]: the extra entry is ignored', () => {
    for (const options of [{ kernelSize: 2, stride: [2, 2, 2] }, { kernelSize: 2, padding: [0, 0, 0] }]) {
      const y = maxUnpool2d(x, indices, options);
      expect(y.shape).toEqual([1, 1, 4, 4]);
      expect(valuesOf(y)).toEqual([1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]);
    }
  });

  it('1-D kernel [2, 2]: IndexError; stride [2, 3]: the extra entry is ignored', () => {
    expectPyTorchError(() => maxUnpool1d(x1, indices1, { kernelSize: [2, 2] }), 'tuple index out of range', 'IndexError');
    const y = maxUnpool1d(x1, indices1, { kernelSize: 2, stride: [2, 3] });
    expect(y.shape).toEqual([1, 1, 4]);
    expect(valuesOf(y)).toEqual([1, 0, 0, 2]);
  });

  it('3-D kernel [2, 2] and stride [2, 2]', () => {
    expectPyTorchError(() => maxUnpool3d(x3, indices3, { kernelSize: [2, 2] }),
      'There should be exactly three elements (depth, height, width) in output_size, but got 2 elements.');
    expectPyTorchError(() => maxUnpool3d(x3, indices3, { kernelSize: 2, stride: [2, 2] }), 'tuple index out of range', 'IndexError');
  });
});

describe('malformed input (no PyTorch counterpart: a clear PoolcheckError, never a TypeError from deep inside)', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['data shorter than the shape', () => maxPool2d(f32([1, 1, 4, 4], [1, 2, 3]), { kernelSize: 2 }), /max_pool2d\(\): argument 'input' has shape \[1,1,4,4\] \(16 elements\) but its data holds 3/],
    ['data of the wrong type', () => maxPool1d({ shape: [1, 1, 2], data: [1, 2] as unknown as Float32Array }, { kernelSize: 2 }), /Float32Array or Float64Array/],
    ['a negative dim', () => maxPool3d({ shape: [1, 1, -1, 2, 2], data: new Float32Array(0) }, { kernelSize: 2 }), /shape must be an array of non-negative integers/],
    ['no tensor at all', () => maxPool2d(undefined as unknown as Tensor, { kernelSize: 2 }), /must be a tensor \{ shape, data \}/],
    ['indices of the wrong type', () => maxUnpool2d(f32([1, 1, 1, 1], [1]), { shape: [1, 1, 1, 1], data: new Uint8Array(1) as unknown as Int32Array }, { kernelSize: 2 }), /BigInt64Array, Int32Array or Float64Array/],
    ['non-integer Float64Array indices', () => maxUnpool2d(f32([1, 1, 1, 1], [1]), { shape: [1, 1, 1, 1], data: Float64Array.of(0.5) }, { kernelSize: 2 }), /must hold integers/],
    ['indices shorter than their shape', () => maxUnpool1d(f32([1, 1, 2], [1, 2]), { shape: [1, 1, 2], data: Int32Array.of(0) }, { kernelSize: 2 }), /argument 'indices' has shape/],
  ];
  for (const [title, call, message] of cases) {
    it(title, () => {
      expect(call).toThrow(PoolcheckError);
      expect(call).toThrow(message);
    });
  }
});
