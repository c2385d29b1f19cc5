/**
 * Small text helpers shared by property summaries and the report: element positions, values
 * (with −0 and NaN payloads visible), index lists. Only called when something failed.
 */
import type { FloatData } from '../types.js';
import { unflatten } from './window.js';

/** `[n, c, i, j]` for a flat offset in a tensor of `shape`. */
export function positionText(shape: readonly number[], offset: number): string {
  return `[${unflatten(offset, shape).join(', ')}]`;
}

/** An in-plane offset as spatial coordinates `(i, j)`. */
export function planePositionText(size: readonly number[], offset: number): string {
  if (offset < 0 || offset >= size.reduce((a, b) => a * b, 1)) return `${offset} (outside the plane)`;
  return size.length === 1 ? `${offset}` : `${offset} = (${unflatten(offset, size).join(', ')})`;
}

/** The hex bits of a NaN, which is what tells two NaNs apart. */
function nanBits(data: FloatData, i: number): string {
  if (data instanceof Float64Array) {
    const bits = new BigUint64Array(data.buffer, data.byteOffset + 8 * i, 1)[0]!;
    return `0x${bits.toString(16)}`;
  }
  const bits = new Uint32Array(data.buffer, data.byteOffset + 4 * i, 1)[0]!;
  return `0x${bits.toString(16)}`;
}

/** A value as a person reads it: `-0`, `-inf`, `NaN(0x7fc00001)`, shortest decimal otherwise. */
export function valueText(data: FloatData, i: number): string {
  const v = data[i]!;
  if (Number.isNaN(v)) return `NaN(${nanBits(data, i)})`;
  return numberText(v);
}

export function numberText(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

export function listText(items: readonly (string | number)[], max = 12): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, … (${items.length} in all)` : shown;
}
