/**
 * Index conventions. PyTorch's index is per (n, c) plane: the row-major offset over the plane's
 * spatial dims. The other frameworks flatten differently; these functions convert one index at a
 * time and never look at values.
 */

/** An index that points outside the plane it belongs to: no window of PyTorch's contains it. */
export const NOT_IN_THIS_PLANE = -1;

/**
 * TF.js `maxPoolWithArgmax` (includeBatchInIndex = false) returns `(y * W + x) * C + c` over one
 * NHWC image. PyTorch's plane index is `y * W + x`. An index that decodes to another channel (or
 * is negative, as TF.js returns for some windows) has no PyTorch equivalent and becomes
 * NOT_IN_THIS_PLANE, so that it fails every index property instead of looking plausible.
 */
export function tfjsIndexToPlaneIndex(tfjsIndex: number, channel: number, channels: number): number {
  const offset = tfjsIndex - channel;
  if (offset < 0 || offset % channels !== 0) return NOT_IN_THIS_PLANE;
  return offset / channels;
}

/** The inverse, for tests and for reading TF.js's documentation examples. */
export function planeIndexToTfjsIndex(planeIndex: number, channel: number, channels: number): number {
  return planeIndex * channels + channel;
}

export type StorageOrder = 0 | 1;

/** Row-major offset of `position` in `shape`. */
function rowMajorOffset(position: readonly number[], shape: readonly number[]): number {
  return position.reduce((offset, coordinate, axis) => offset * shape[axis]! + coordinate, 0);
}

/** Column-major (first axis fastest) offset of `position` in `shape`. */
function columnMajorOffset(position: readonly number[], shape: readonly number[]): number {
  let offset = 0;
  for (let axis = shape.length - 1; axis >= 0; axis--) offset = offset * shape[axis]! + position[axis]!;
  return offset;
}

function columnMajorPosition(offset: number, shape: readonly number[]): number[] {
  return shape.map((size) => {
    const coordinate = offset % size;
    offset = Math.floor(offset / size);
    return coordinate;
  });
}

function rowMajorPosition(offset: number, shape: readonly number[]): number[] {
  const position = Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    position[axis] = offset % shape[axis]!;
    offset = Math.floor(offset / shape[axis]!);
  }
  return position;
}

/**
 * ONNX `MaxPool` returns indices over the whole (N, C, ...spatial) tensor:
 * `plane * prod(spatial) + local`, where `local` is row-major (storage_order = 0) or
 * column-major (storage_order = 1, first spatial axis fastest). PyTorch's index is `local` in
 * row-major order. A `local` outside the plane cannot be re-ordered; it is returned as
 * computed (row-major arithmetic), so a framework's out-of-range index stays visible.
 */
export function onnxIndexToPlaneIndex(
  onnxIndex: bigint, plane: number, spatialShape: readonly number[], storageOrder: StorageOrder,
): bigint {
  const planeSize = spatialShape.reduce((product, size) => product * size, 1);
  const local = Number(onnxIndex - BigInt(plane) * BigInt(planeSize));
  if (storageOrder === 0 || local < 0 || local >= planeSize) return BigInt(local);
  return BigInt(rowMajorOffset(columnMajorPosition(local, spatialShape), spatialShape));
}

/** The inverse: PyTorch's plane index to ONNX's whole-tensor index (for tests). */
export function planeIndexToOnnxIndex(
  planeIndex: bigint, plane: number, spatialShape: readonly number[], storageOrder: StorageOrder,
): bigint {
  const planeSize = spatialShape.reduce((product, size) => product * size, 1);
  const local = storageOrder === 0
    ? Number(planeIndex)
    : columnMajorOffset(rowMajorPosition(Number(planeIndex), spatialShape), spatialShape);
  return BigInt(plane) * BigInt(planeSize) + BigInt(local);
}

/**
 * ONNX `MaxUnpool` reads indices over the whole output tensor, always row-major (its spec says
 * so; it has no storage_order). PyTorch's index is per plane, so plane p's index i becomes
 * `p * prod(output spatial) + i`. An index outside [0, plane size) is translated the same way:
 * it then points into a neighbouring plane, which is what ONNX's convention makes of it.
 */
export function planeIndexToUnpoolIndex(planeIndex: bigint, plane: number, outputPlaneSize: number): bigint {
  return BigInt(plane) * BigInt(outputPlaneSize) + planeIndex;
}
