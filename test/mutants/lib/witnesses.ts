/**
 * One hand-written witness per mutant: a short sequence of calls on which that mutant must
 * answer differently from PyTorch. It proves each fault is live on its own, whatever the
 * property suite finds. The calls run in order on one instance (the stale-buffer mutant needs
 * a first call to leave something behind).
 */
import type { IndexTensorInput, Tensor } from '../../../src/types.js';
import type { Call } from './outcome.js';

const f32 = (shape: number[], values: number[]): Tensor => ({ shape, data: Float32Array.from(values) });
const f64 = (shape: number[], values: number[]): Tensor => ({ shape, data: Float64Array.from(values) });
const int64 = (shape: number[], values: number[]): IndexTensorInput => ({ shape, data: BigInt64Array.from(values, BigInt) });

const row = (values: number[]): Tensor => f32([1, values.length], values);

/** A float32 tensor given as raw bits, for NaNs a JS number cannot carry unchanged. */
const f32Bits = (shape: number[], words: number[]): Tensor => ({ shape, data: new Float32Array(Uint32Array.from(words).buffer) });
const SIGNALLING_NAN32 = 0x7f800001;

/** L = 5, k2 s2 p1 in ceil mode: the fourth window would start in the right padding and is dropped. */
const CEIL_DROP: Call = { op: 'maxPool1d', x: row([0, 1, 2, 3, 4]), options: { kernelSize: 2, padding: 1, ceilMode: true } };

const UNPOOL_PAIR = { op: 'maxUnpool1d', x: row([5, 6]) } as const;

/** A float32 row of `length` zeros with one value set: planes past 2^24 elements without a 64 MiB literal. */
function longRow(length: number, at: number, value: number): Tensor {
  const data = new Float32Array(length);
  data[at] = value;
  return { shape: [1, length], data };
}

const PAST_FLOAT32 = 2 ** 24 + 1;

export const WITNESSES: Record<string, Call[]> = {
  'tie-last-wins': [{ op: 'maxPool1d', x: row([2, 2]), options: { kernelSize: 2 } }],
  'nan-ignored': [{ op: 'maxPool1d', x: row([1, NaN]), options: { kernelSize: 2 } }],
  'padding-read-as-zero': [{ op: 'maxPool1d', x: row([-1, -2]), options: { kernelSize: 2, stride: 1, padding: 1 } }],
  'nan-first-wins': [{ op: 'maxPool1d', x: row([NaN, NaN]), options: { kernelSize: 2 } }],
  'signed-zero-prefers-positive': [{ op: 'maxPool1d', x: row([-0, 0]), options: { kernelSize: 2 } }],
  'initial-max-zero': [{ op: 'maxPool1d', x: row([-1, -2]), options: { kernelSize: 2 } }],
  'initial-max-smallest-positive': [{ op: 'maxPool1d', x: row([-1, -2]), options: { kernelSize: 2 } }],
  'initial-index-zero': [{ op: 'maxPool1d', x: row([-Infinity, -Infinity, -Infinity, -Infinity]), options: { kernelSize: 2 } }],
  'value-from-math-max': [{ op: 'maxPool1d', x: row([-0, 0]), options: { kernelSize: 2 } }],
  'value-written-as-number': [{ op: 'maxPool1d', x: f32Bits([1, 2], [SIGNALLING_NAN32, 0]), options: { kernelSize: 2 } }],
  'float64-through-float32': [{ op: 'maxPool1d', x: f64([1, 2], [1 + 2 ** -40, 1]), options: { kernelSize: 2 } }],
  'window-start-off-by-one': [{ op: 'maxPool1d', x: row([1, 2, 3, 4]), options: { kernelSize: 2 } }],
  // The window at o = 0 starts at -1; its first dilated tap is cell 2, not cell 0.
  'first-tap-clamped-to-zero': [{ op: 'maxPool1d', x: row([5, 1, 3, 0]), options: { kernelSize: 2, stride: 1, padding: 1, dilation: 3 } }],
  // The only window has no tap inside the input: PyTorch reports index 2, outside the plane.
  'empty-window-index-clamped': [{ op: 'maxPool1d', x: row([1, 2]), options: { kernelSize: 2, stride: 1, padding: 1, dilation: 3 } }],
  'kernel-one-identity': [{ op: 'maxPool1d', x: row([1, 2, 3, 4]), options: { kernelSize: 1, stride: 2 } }],
  'dilation-ignored': [{ op: 'maxPool1d', x: row([1, 5, 2, 0]), options: { kernelSize: 2, dilation: 2 } }],
  'dilation-first-axis-for-all': [{ op: 'maxPool2d', x: f32([1, 2, 3], [0, 9, 0, 0, 0, 1]), options: { kernelSize: 2, dilation: [1, 2] } }],
  'strides-reversed': [{ op: 'maxPool2d', x: f32([1, 2, 4], [1, 2, 3, 4, 5, 6, 7, 8]), options: { kernelSize: 1, stride: [1, 2] } }],
  'ceil-mode-ignored': [{ op: 'maxPool1d', x: row([1, 2, 3]), options: { kernelSize: 2, ceilMode: true } }],
  'ceil-mode-without-drop': [CEIL_DROP],
  'ceil-mode-drop-off-by-one': [CEIL_DROP],
  'pad-limit-unchecked': [{ op: 'maxPool1d', x: row([1, 2, 3]), options: { kernelSize: 2, padding: 2 } }],
  // 1.13 limits the pad by the kernel (1 here), later releases by the dilated kernel (2 here).
  'pad-limit-on-effective-kernel': [{ op: 'maxPool1d', x: row([1, 2, 3, 4]), options: { kernelSize: 2, dilation: 3, padding: 2 } }],
  'unbatched-keeps-batch-dim': [{ op: 'maxPool1d', x: row([1, 2, 3, 4]), options: { kernelSize: 2 } }],
  'indices-over-channels': [{ op: 'maxPool1d', x: f32([1, 2, 2], [1, 2, 3, 4]), options: { kernelSize: 2 } }],
  'indices-over-whole-tensor': [{ op: 'maxPool1d', x: f32([2, 1, 2], [1, 2, 3, 4]), options: { kernelSize: 2 } }],
  'indices-channels-last': [{ op: 'maxPool1d', x: f32([1, 2, 2], [1, 2, 3, 4]), options: { kernelSize: 2 } }],
  'unpool-default-ignores-kernel': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [0, 2]), options: { kernelSize: 3, stride: 2 } }],
  'unpool-output-size-inclusive': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [0, 2]), options: { kernelSize: 2, outputSize: [6] } }],
  'unpool-output-size-leading-dims': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [0, 2]), options: { kernelSize: 2, outputSize: [1, 1, 4] } }],
  // Two channels, both maxima at index 0 of their own plane.
  'unpool-indices-over-whole-tensor': [{ op: 'maxUnpool1d', x: f32([2, 1], [5, 6]), indices: int64([2, 1], [0, 0]), options: { kernelSize: 2 } }],
  'unpool-invalid-index-skipped': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [0, 9]), options: { kernelSize: 2 } }],
  'unpool-duplicate-first-wins': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [1, 1]), options: { kernelSize: 2 } }],
  'unpool-stale-buffer': [
    { ...UNPOOL_PAIR, indices: int64([1, 2], [0, 2]), options: { kernelSize: 2 } },
    { ...UNPOOL_PAIR, indices: int64([1, 2], [1, 3]), options: { kernelSize: 2 } },
  ],
  'zero-batch-rejected': [{ op: 'maxPool1d', x: f32([0, 1, 4], []), options: { kernelSize: 2 } }],
  'zero-channels-accepted': [{ op: 'maxPool1d', x: f32([1, 0, 4], []), options: { kernelSize: 2 } }],
  'extra-leading-dims-accepted': [{ op: 'maxPool1d', x: f32([1, 1, 1, 4], [1, 2, 3, 4]), options: { kernelSize: 2 } }],
  // 3-D unpool checks its stride; a stride of 0 still gives a 2×2×2 default size to a port without the check.
  'unpool-stride-unchecked': [{ op: 'maxUnpool3d', x: f32([1, 1, 1, 1, 2], [5, 6]), indices: int64([1, 1, 1, 1, 2], [0, 1]), options: { kernelSize: 2, stride: 0 } }],
  // 2-D unpool takes stride 0: the default size is (L − 1)·0 + k = 2 on each axis.
  'unpool-non-positive-stride-rejected': [{ op: 'maxUnpool2d', x: f32([1, 1, 2], [5, 6]), indices: int64([1, 1, 2], [0, 1]), options: { kernelSize: 2, stride: 0 } }],
  'unpool-full-form-checked': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [0, 2]), options: { kernelSize: 2, outputSize: [7, 1, 4] } }],
  // L = 2 under a window of 3 with stride 2: ceil mode still fits the one window starting at 0.
  'ceil-mode-short-input-rejected': [{ op: 'maxPool1d', x: row([1, 2]), options: { kernelSize: 3, stride: 2, ceilMode: true } }],
  // PyTorch names 7, the last invalid index it meets.
  'unpool-first-invalid-index-named': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [9, 7]), options: { kernelSize: 2 } }],
  'unpool-indices-int32': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [0, 2 ** 32 + 1]), options: { kernelSize: 2 } }],
  'unpool-indices-low-32-bits': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [0, 2 ** 32 + 1]), options: { kernelSize: 2 } }],
  // Windows of one element at 0 and 2^24 + 1, an odd index no float32 holds.
  'indices-held-in-float32': [{ op: 'maxPool1d', x: longRow(PAST_FLOAT32 + 1, PAST_FLOAT32, 1), options: { kernelSize: 1, stride: PAST_FLOAT32 } }],
  // Default size (2 − 1)·2^24 + 2, so index 2^24 + 1 is valid.
  'unpool-indices-held-in-float32': [{ ...UNPOOL_PAIR, indices: int64([1, 2], [0, PAST_FLOAT32]), options: { kernelSize: 2, stride: 2 ** 24 } }],
  'values-return-input-buffer': [{ op: 'maxPool1d', x: row([1, 2, 3]), options: { kernelSize: 1 }, writeInputAfter: true }],
  'input-shape-changed-in-place': [{ op: 'maxPool1d', x: row([1, 2, 3, 4]), options: { kernelSize: 2 }, inputShapeAfter: true }],
};
