/**
 * The pooling window of one output element, as the properties read it: which input elements
 * (taps) it covers, in scan order. This is the rule written once more, on purpose apart from the
 * reference, so that a property can judge an output without asking the oracle:
 *
 *   windowStart = o·s − p;  windowEnd = min(windowStart + (k−1)·d + 1, L)
 *   taps: windowStart stepped up by d until ≥ 0, then every d-th position while < windowEnd
 *
 * A window with no tap on some axis lies wholly in the padding.
 */
import type { PoolGeometry } from './cases.js';
import { poolOutputSize } from './cases.js';

/** Row-major strides of a plane (last axis contiguous). */
export function rowMajorStrides(size: readonly number[]): number[] {
  const strides = new Array<number>(size.length);
  let stride = 1;
  for (let j = size.length - 1; j >= 0; j--) {
    strides[j] = stride;
    stride *= size[j]!;
  }
  return strides;
}

/** The multi-index of a flat row-major offset. */
export function unflatten(offset: number, size: readonly number[]): number[] {
  const position = new Array<number>(size.length);
  for (let j = size.length - 1; j >= 0; j--) {
    position[j] = offset % size[j]!;
    offset = Math.floor(offset / size[j]!);
  }
  return position;
}

export interface AxisTaps {
  /** First tap at or after 0 (may be ≥ end when the axis has no tap). */
  first: number;
  end: number;
  step: number;
}

export interface Window {
  axes: AxisTaps[];
  /** Flat in-plane offsets of the taps, in scan order (row-major over the axes). */
  taps: number[];
}

/** Precomputed per-geometry data, so that per-element work stays small. */
export interface WindowGrid {
  geometry: PoolGeometry;
  outputSize: number[];
  outputPlaneSize: number;
  inputPlaneSize: number;
  inputStrides: number[];
}

export function windowGrid(geometry: PoolGeometry): WindowGrid {
  const outputSize = poolOutputSize(geometry);
  return {
    geometry,
    outputSize,
    outputPlaneSize: outputSize.reduce((a, b) => a * b, 1),
    inputPlaneSize: geometry.inputSize.reduce((a, b) => a * b, 1),
    inputStrides: rowMajorStrides(geometry.inputSize),
  };
}

/** The window of the output element at in-plane offset `outputOffset`. */
export function windowAt(grid: WindowGrid, outputOffset: number): Window {
  const g = grid.geometry;
  const position = unflatten(outputOffset, grid.outputSize);
  const axes: AxisTaps[] = position.map((o, j) => {
    const start = o * g.stride[j]! - g.padding[j]!;
    const end = Math.min(start + (g.kernel[j]! - 1) * g.dilation[j]! + 1, g.inputSize[j]!);
    let first = start;
    while (first < 0) first += g.dilation[j]!;
    return { first, end, step: g.dilation[j]! };
  });
  const taps: number[] = [];
  const visit = (j: number, offset: number): void => {
    const axis = axes[j]!;
    for (let t = axis.first; t < axis.end; t += axis.step) {
      const at = offset + t * grid.inputStrides[j]!;
      if (j === axes.length - 1) taps.push(at);
      else visit(j + 1, at);
    }
  };
  visit(0, 0);
  return { axes, taps };
}

/**
 * PyTorch's index for a window wholly in the padding: the flat offset of each axis's first
 * tap, even though some of those lie outside the plane.
 */
export function paddingOnlyIndex(grid: WindowGrid, window: Window): number {
  return window.axes.reduce((sum, axis, j) => sum + axis.first * grid.inputStrides[j]!, 0);
}

/** Where the maximum sits, under PyTorch's rule: first of equal maxima, last NaN. */
export function expectedSelection(window: Window, plane: Float32Array | Float64Array): { tap: number | undefined; hasNaN: boolean } {
  let best = -Infinity;
  let tap: number | undefined;
  let hasNaN = false;
  for (const t of window.taps) {
    const v = plane[t]!;
    if (v > best || Number.isNaN(v)) {
      best = v;
      tap = t;
      if (Number.isNaN(v)) hasNaN = true;
    }
  }
  // Without NaN, an all −inf window keeps its first tap; `v > best` never fired.
  if (tap === undefined && window.taps.length > 0) tap = window.taps[0];
  return { tap, hasNaN };
}
