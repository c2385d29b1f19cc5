/**
 * Comparing what an implementation returned with what PyTorch returned: float tensors bit for
 * bit, index tensors as exact integers. The first difference is reported with its flat index and
 * its N-d coordinate, so a failure points at one element.
 */
import type { IndexTensor, Tensor } from '../types.js';
import { BitView, formatElement } from './tokens.js';

/**
 * 'any': every NaN equals every other NaN (which NaN won is still checked through the indices).
 * 'exact': NaN payloads must match too, as PyTorch copies the winning element's bits.
 */
export type NaNPolicy = 'any' | 'exact';

export interface Difference {
  /** Which tensor, e.g. `values`, `indices`, `output`. */
  tensor: string;
  /** What differs: the element, the shape, the dtype, or the tensor is malformed. */
  kind: 'element' | 'shape' | 'dtype' | 'malformed';
  flatIndex?: number;
  coordinate?: number[];
  expected: string;
  got: string;
}

export function compareFloatTensor(tensor: string, expected: Tensor, got: unknown, nan: NaNPolicy): Difference | undefined {
  const problem = malformedTensor(got, 'float');
  if (problem) return { tensor, kind: 'malformed', expected: describeTensor(expected), got: problem };
  const actual = got as Tensor;
  if (actual.data.constructor !== expected.data.constructor) {
    return { tensor, kind: 'dtype', expected: dtypeName(expected.data), got: dtypeName(actual.data) };
  }
  if (!sameShape(expected.shape, actual.shape) || actual.data.length !== expected.data.length) {
    return { tensor, kind: 'shape', expected: formatShape(expected.shape), got: `${formatShape(actual.shape)} with ${actual.data.length} elements` };
  }
  const index = firstBitDifference(expected, actual, nan);
  if (index < 0) return undefined;
  return {
    tensor, kind: 'element', flatIndex: index, coordinate: coordinateOf(index, expected.shape),
    expected: describeElement(expected.data, index), got: describeElement(actual.data, index),
  };
}

export function compareIndexTensor(tensor: string, expected: IndexTensor, got: unknown): Difference | undefined {
  const problem = malformedTensor(got, 'index');
  if (problem) return { tensor, kind: 'malformed', expected: `int64 ${formatShape(expected.shape)}`, got: problem };
  const actual = got as { shape: number[]; data: ArrayLike<number | bigint> };
  if (!sameShape(expected.shape, actual.shape) || actual.data.length !== expected.data.length) {
    return { tensor, kind: 'shape', expected: formatShape(expected.shape), got: `${formatShape(actual.shape)} with ${actual.data.length} elements` };
  }
  for (let i = 0; i < expected.data.length; i++) {
    const value = actual.data[i]!;
    const same = typeof value === 'bigint' ? value === expected.data[i] : Number.isInteger(value) && BigInt(value) === expected.data[i];
    if (!same) {
      return {
        tensor, kind: 'element', flatIndex: i, coordinate: coordinateOf(i, expected.shape),
        expected: String(expected.data[i]), got: String(value),
      };
    }
  }
  return undefined;
}

/** Flat row-major index -> coordinate in `shape`. */
export function coordinateOf(flat: number, shape: readonly number[]): number[] {
  const coordinate = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis]!;
    coordinate[axis] = size > 0 ? rest % size : 0;
    rest = size > 0 ? Math.floor(rest / size) : 0;
  }
  return coordinate;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function formatDifference(d: Difference): string {
  switch (d.kind) {
    case 'element':
      return `${d.tensor} differ at flat index ${d.flatIndex}, coordinate ${formatShape(d.coordinate!)}: `
        + `expected ${d.expected}, got ${d.got}`;
    case 'shape':
      return `${d.tensor} shape differs: expected ${d.expected}, got ${d.got}`;
    case 'dtype':
      return `${d.tensor} dtype differs: expected ${d.expected}, got ${d.got}`;
    default:
      return `${d.tensor} is malformed: expected ${d.expected}, got ${d.got}`;
  }
}

function firstBitDifference(expected: Tensor, actual: Tensor, nan: NaNPolicy): number {
  const a = new BitView(expected.data);
  const b = new BitView(actual.data);
  for (let i = 0; i < expected.data.length; i++) {
    if (a.get(i) === b.get(i)) continue;
    if (nan === 'any' && Number.isNaN(expected.data[i]) && Number.isNaN(actual.data[i])) continue;
    return i;
  }
  return -1;
}

function describeElement(data: Tensor['data'], i: number): string {
  const token = formatElement(data, i);
  // Bits make -0, NaN payloads and float32 rounding visible; plain numbers print as themselves.
  if (token.startsWith('nan:')) return `NaN (bits 0x${token.slice(4)})`;
  return token;
}

function describeTensor(t: Tensor): string {
  return `${dtypeName(t.data)} ${formatShape(t.shape)}`;
}

function dtypeName(data: unknown): string {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return (data as object | undefined)?.constructor?.name ?? typeof data;
}

function malformedTensor(got: unknown, kind: 'float' | 'index'): string | undefined {
  if (typeof got !== 'object' || got === null) return `${got === null ? 'null' : typeof got} instead of a tensor`;
  const t = got as { shape?: unknown; data?: unknown };
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) return 'a tensor without a valid shape';
  if (kind === 'float') {
    if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) return `data of type ${dtypeName(t.data)}`;
  } else if (!ArrayBuffer.isView(t.data) && !Array.isArray(t.data)) {
    return `index data of type ${dtypeName(t.data)}`;
  }
  return undefined;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
