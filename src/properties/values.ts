/**
 * The values a generated tensor holds. A case draws a *profile* (which palette of values) and a
 * list of small integer *codes* (which palette entry each element takes); the tensor is built
 * bit for bit from those, so NaN payloads and the sign of zero survive exactly.
 *
 * Palettes are tuned to the bugs a port is likely to have: few distinct values (ties), both
 * zeros, windows of negatives only, NaNs with different payloads, infinities, and values that
 * a float32 detour would round.
 */
import type { Dtype, FloatData } from '../types.js';

export type ValueProfile =
  | 'small integers'
  | 'signed zeros'
  | 'negatives only'
  | 'distinct'
  | 'special values'
  | 'many NaNs'
  | 'precision';

/** In shrinking order: a failing case shrinks toward the first profile that still fails. */
export const VALUE_PROFILES: readonly ValueProfile[] = [
  'small integers', 'signed zeros', 'negatives only', 'distinct', 'special values', 'many NaNs', 'precision',
];

/**
 * NaNs with different payloads: two quiet ones, one with the sign bit set, and a signalling one
 * (quiet bit clear), which a float32 value passed through a JS number comes out of quieted.
 */
const NAN32_BITS = [0x7fc00001, 0x7fc00002, 0xffc00003, 0x7f800004] as const;
const NAN64_BITS = [0x7ff8000000000001n, 0x7ff8000000000002n, 0xfff8000000000003n, 0x7ff0000000000004n] as const;

type Entry = number | { nan: 0 | 1 | 2 | 3 };
const NAN_A: Entry = { nan: 0 };
const NAN_B: Entry = { nan: 1 };
const NAN_C: Entry = { nan: 2 };
const SIGNALLING_NAN: Entry = { nan: 3 };

/** Integers -128..127 in the order 0, -1, 1, -2, 2, ... so that code 0 is the value 0. */
const DISTINCT: Entry[] = Array.from({ length: 256 }, (_, code) => (code % 2 === 0 ? code / 2 : -(code + 1) / 2));

function paletteEntries(profile: ValueProfile, dtype: Dtype): Entry[] {
  switch (profile) {
    case 'small integers': return [0, 1, 2, -1];
    case 'signed zeros': return [-0, 0, -1, 0, -0, -2];
    case 'negatives only': return [-1, -2, -3, -0.5, -Infinity, -1];
    case 'distinct': return DISTINCT;
    case 'special values': return [0, 1, -1, NAN_A, Infinity, -Infinity, -0, NAN_B, 2, SIGNALLING_NAN, -2, NAN_C];
    case 'many NaNs': return [NAN_A, 1, NAN_B, 0, NAN_C, -1, SIGNALLING_NAN];
    case 'precision':
      // float64: neighbours closer than float32 can tell apart, magnitudes float32 cannot hold,
      // and the smallest subnormals. float32: its own nearest neighbours and extremes.
      return dtype === 'float64'
        ? [1, 1 + 2 ** -40, 1 + 2 ** -39, 1 + 3 * 2 ** -40, 1e300, -1e300, 5e-324, -5e-324, 0.1, -(1 + 2 ** -40)]
        : [1, 1 + 2 ** -23, 1 + 2 ** -22, 3.4028234663852886e38, 1.401298464324817e-45, -1.401298464324817e-45,
          Math.fround(0.1), -(1 + 2 ** -23)];
  }
}

/** The palette as raw bits: one word per float32 entry, two per float64 entry. */
interface Palette {
  words: Uint32Array;
  length: number;
}

function buildPalette(profile: ValueProfile, dtype: Dtype): Palette {
  const entries = paletteEntries(profile, dtype);
  if (dtype === 'float32') {
    const floats = new Float32Array(entries.length);
    const words = new Uint32Array(floats.buffer);
    entries.forEach((e, i) => {
      if (typeof e === 'number') floats[i] = e;
      else words[i] = NAN32_BITS[e.nan];
    });
    return { words, length: entries.length };
  }
  const floats = new Float64Array(entries.length);
  const bits = new BigUint64Array(floats.buffer);
  entries.forEach((e, i) => {
    if (typeof e === 'number') floats[i] = e;
    else bits[i] = NAN64_BITS[e.nan];
  });
  return { words: new Uint32Array(floats.buffer), length: entries.length };
}

const PALETTES = new Map<string, Palette>();
function palette(profile: ValueProfile, dtype: Dtype): Palette {
  const key = `${profile}/${dtype}`;
  let p = PALETTES.get(key);
  if (!p) PALETTES.set(key, (p = buildPalette(profile, dtype)));
  return p;
}

/** What a case draws for its values. */
export interface ValueDraw {
  profile: ValueProfile;
  /** Palette codes of the first elements, in row-major order. */
  codes: readonly number[];
  /**
   * Elements past `codes` take codes from a cheap hash of (element, tail); tail 0 means code 0
   * everywhere, so a shrunk case has a plain background.
   */
  tail: number;
}

function tailCode(element: number, tail: number): number {
  if (tail === 0) return 0;
  let h = Math.imul(element + 1, 0x9e3779b1) ^ Math.imul(tail, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

export function codeAt(draw: { codes: readonly number[]; tail: number }, element: number): number {
  return element < draw.codes.length ? draw.codes[element]! : tailCode(element, draw.tail);
}

/** `length` elements of the given dtype, bit for bit from the palette. */
export function buildValues(draw: ValueDraw, dtype: Dtype, length: number): FloatData {
  const p = palette(draw.profile, dtype);
  if (dtype === 'float32') {
    const out = new Float32Array(length);
    const words = new Uint32Array(out.buffer);
    for (let i = 0; i < length; i++) words[i] = p.words[codeAt(draw, i) % p.length]!;
    return out;
  }
  const out = new Float64Array(length);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < length; i++) {
    const entry = codeAt(draw, i) % p.length;
    words[2 * i] = p.words[2 * entry]!;
    words[2 * i + 1] = p.words[2 * entry + 1]!;
  }
  return out;
}

/** True when the profile never produces NaN (used when an implementation declares nan: false). */
export function profileHasNaN(profile: ValueProfile): boolean {
  return profile === 'special values' || profile === 'many NaNs';
}
