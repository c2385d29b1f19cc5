/**
 * Comparing outputs: values bit for bit (so NaN payloads and the sign of zero count), indices as
 * integers whatever typed array carries them.
 */
import type { FloatData, IndexData } from '../types.js';

/** 32-bit words of a float array: one per float32, two per float64. */
export function wordsOf(data: FloatData): Uint32Array {
  return new Uint32Array(data.buffer, data.byteOffset, data.length * (data instanceof Float64Array ? 2 : 1));
}

/** Bit-level access to a float array, made once per array so per-element checks allocate nothing. */
export class Bits {
  readonly words: Uint32Array;
  readonly width: 1 | 2;

  constructor(readonly data: FloatData) {
    this.words = wordsOf(data);
    this.width = data instanceof Float64Array ? 2 : 1;
  }

  /** Element i here has the same bits as element j of `other`. */
  equal(i: number, other: Bits, j: number): boolean {
    if (this.width !== other.width) return false;
    if (this.width === 1) return this.words[i] === other.words[j];
    return this.words[2 * i] === other.words[2 * j] && this.words[2 * i + 1] === other.words[2 * j + 1];
  }
}

/** The first element whose bits differ, or -1. Lengths must match. */
export function firstBitDifference(a: FloatData, b: FloatData): number {
  const wa = wordsOf(a);
  const wb = wordsOf(b);
  const wordsPerElement = a instanceof Float64Array ? 2 : 1;
  for (let w = 0; w < wa.length; w++) {
    if (wa[w] !== wb[w]) return Math.floor(w / wordsPerElement);
  }
  return -1;
}

/** Indices as plain numbers (exact for every index a plane can have). */
export function indexNumbers(data: IndexData | ArrayLike<number | bigint>): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Number(data[i]!);
  return out;
}

export function firstIndexDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}
