/**
 * The size rules, one function each, so that an encoder/decoder stack can be planned with them
 * (see `poolcheck sizes`). Lengths are per spatial dim. Division rounds down, also for negative
 * numerators, as PyTorch's div_rtn does: L=1, k=4, s=2 gives a pooled length of -1.
 */

/** Floor division for integers of any sign (PyTorch's div_rtn). */
export function floorDiv(numerator: number, denominator: number): number {
  return Math.floor(numerator / denominator);
}

export interface PoolLengthParams {
  kernelSize: number;
  stride: number;
  padding?: number;
  dilation?: number;
  ceilMode?: boolean;
}

/** Max pool output length (PyTorch's pooling_output_shape_pad_lr with equal pads). */
export function poolOutputLength(inputLength: number, params: PoolLengthParams): number {
  const { kernelSize: k, stride: s, padding: p = 0, dilation: d = 1, ceilMode = false } = params;
  const span = inputLength + 2 * p - d * (k - 1) - 1;
  let outputLength = floorDiv(span + (ceilMode ? s - 1 : 0), s) + 1;
  // Ceil mode may add a last window; it is dropped when it would start in the right padding,
  // so that every window starts inside the input or the left padding.
  if (ceilMode && (outputLength - 1) * s >= inputLength + p) outputLength -= 1;
  return outputLength;
}

export interface UnpoolLengthParams {
  kernelSize: number;
  stride: number;
  padding?: number;
}

/** Max unpool length when no outputSize is given: (Lin - 1)·s + k - 2p. There is no dilation. */
export function unpoolDefaultLength(inputLength: number, params: UnpoolLengthParams): number {
  const { kernelSize: k, stride: s, padding: p = 0 } = params;
  return (inputLength - 1) * s + k - 2 * p;
}

/**
 * The outputSize values PyTorch accepts for one dim: strictly between default - s and
 * default + s. `min` and `max` are the inclusive bounds of that open interval.
 */
export function unpoolOutputSizeRange(
  inputLength: number,
  params: UnpoolLengthParams,
): { default: number; min: number; max: number; exclusiveMin: number; exclusiveMax: number } {
  const defaultLength = unpoolDefaultLength(inputLength, params);
  const exclusiveMin = defaultLength - params.stride;
  const exclusiveMax = defaultLength + params.stride;
  return { default: defaultLength, min: exclusiveMin + 1, max: exclusiveMax - 1, exclusiveMin, exclusiveMax };
}

export interface ConvLengthParams {
  kernelSize: number;
  stride?: number;
  padding?: number;
  dilation?: number;
}

/** Convolution output length: floor((L + 2p - d(k-1) - 1) / s) + 1. No ceil mode. */
export function convOutputLength(inputLength: number, params: ConvLengthParams): number {
  const { kernelSize: k, stride: s = 1, padding: p = 0, dilation: d = 1 } = params;
  return floorDiv(inputLength + 2 * p - d * (k - 1) - 1, s) + 1;
}

export interface ConvTransposeLengthParams extends ConvLengthParams {
  outputPadding?: number;
}

/** Transposed convolution output length: (Lin - 1)·s - 2p + d(k-1) + outputPadding + 1. */
export function convTransposeOutputLength(inputLength: number, params: ConvTransposeLengthParams): number {
  const { kernelSize: k, stride: s = 1, padding: p = 0, dilation: d = 1, outputPadding: op = 0 } = params;
  return (inputLength - 1) * s - 2 * p + d * (k - 1) + op + 1;
}
