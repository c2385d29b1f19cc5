/**
 * Value tokens: how one float32/float64 element is written in the corpus, exactly.
 *
 * A finite element other than -0 is a JSON number: the shortest decimal that reads back as that
 * double (a float32 value is exactly representable as a double, so reading the decimal as a
 * double and narrowing to float32 is exact). The rest are strings, because JSON has no way to
 * say them or readers lose them: "-0", "inf", "-inf", and "nan:<bits>" with the element's full
 * bit pattern in lowercase hex (8 digits for float32, 16 for float64), so NaN payloads survive.
 */
import type { Dtype, FloatData } from '../types.js';

export type ValueToken = number | string;

const HEX_DIGITS: Record<Dtype, number> = { float32: 8, float64: 16 };

/** Bit-level view of a float array: element i's bit pattern as a bigint. */
export class BitView {
  private readonly u32?: Uint32Array;
  private readonly u64?: BigUint64Array;

  constructor(readonly data: FloatData) {
    if (data instanceof Float32Array) this.u32 = new Uint32Array(data.buffer, data.byteOffset, data.length);
    else this.u64 = new BigUint64Array(data.buffer, data.byteOffset, data.length);
  }

  get(i: number): bigint {
    return this.u32 ? BigInt(this.u32[i]!) : this.u64![i]!;
  }

  set(i: number, bits: bigint): void {
    if (this.u32) this.u32[i] = Number(bits);
    else this.u64![i] = bits;
  }
}

export function newFloatArray(dtype: Dtype, length: number): FloatData {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/**
 * Reads one token into `target[i]`. Returns undefined when it worked, or what is wrong with the
 * token (the caller names the file, case and field).
 */
export function readToken(token: unknown, dtype: Dtype, target: FloatData, bits: BitView, i: number): string | undefined {
  if (typeof token === 'number') {
    if (!Number.isFinite(token)) return `${token} is not finite`;
    if (Object.is(token, -0)) return 'negative zero must be written as the string "-0"';
    if (dtype === 'float32' && Math.fround(token) !== token) return `${token} is not exactly a float32 value`;
    target[i] = token;
    return undefined;
  }
  if (typeof token !== 'string') return `${JSON.stringify(token)} is not a value token (a number or a string)`;
  switch (token) {
    case '-0': target[i] = -0; return undefined;
    case 'inf': target[i] = Number.POSITIVE_INFINITY; return undefined;
    case '-inf': target[i] = Number.NEGATIVE_INFINITY; return undefined;
    default: break;
  }
  const nan = /^nan:([0-9a-f]+)$/.exec(token);
  if (!nan) return `"${token}" is not a value token (expected a number, "-0", "inf", "-inf" or "nan:<hex bits>")`;
  const hex = nan[1]!;
  if (hex.length !== HEX_DIGITS[dtype]) {
    return `"${token}": a ${dtype} NaN needs exactly ${HEX_DIGITS[dtype]} hex digits`;
  }
  const pattern = BigInt(`0x${hex}`);
  if (!isNaNPattern(pattern, dtype)) return `"${token}" is not a NaN bit pattern for ${dtype}`;
  bits.set(i, pattern);
  return undefined;
}

function isNaNPattern(pattern: bigint, dtype: Dtype): boolean {
  const fractionBits = dtype === 'float32' ? 23n : 52n;
  const exponentMask = dtype === 'float32' ? 0xffn : 0x7ffn;
  const exponent = (pattern >> fractionBits) & exponentMask;
  const fraction = pattern & ((1n << fractionBits) - 1n);
  return exponent === exponentMask && fraction !== 0n;
}

/** The token for element i (what the generator writes for it). */
export function tokenAt(data: FloatData, bits: BitView, i: number): ValueToken {
  const value = data[i]!;
  if (Number.isNaN(value)) {
    const dtype: Dtype = data instanceof Float32Array ? 'float32' : 'float64';
    return `nan:${bits.get(i).toString(16).padStart(HEX_DIGITS[dtype], '0')}`;
  }
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (Object.is(value, -0)) return '-0';
  return value;
}

/** Element i for people: its token, e.g. `1.5`, `-0`, `nan:7fc00000`. */
export function formatElement(data: FloatData, i: number): string {
  return String(tokenAt(data, new BitView(data), i));
}
