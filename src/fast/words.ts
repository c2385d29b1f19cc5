/**
 * Element bits as 32-bit words. The fast kernels move floats and int64 indices as words: a float
 * is copied bit for bit (as the reference does; a NaN read into a JS number may lose its payload),
 * and an int64 index below 2^32 is its low word with a zero high word, so no BigInt is ever made.
 * Word order within an int64 or a float64 is the platform's; the kernels rely on little-endian
 * and fall back to the reference kernels elsewhere.
 */
import type { FloatData } from '../types.js';

export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** 1 for float32, 2 for float64. */
export function wordsPerElement(data: FloatData): 1 | 2 {
  return data instanceof Float64Array ? 2 : 1;
}

export function wordsOf(data: FloatData | BigInt64Array): Uint32Array {
  return new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
}
