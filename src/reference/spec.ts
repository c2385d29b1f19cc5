/**
 * Spec profiles: which PyTorch the reference follows. PyTorch 1.13 is the default, because it is
 * what the golden corpus measured; PyTorch 2 is the same reference with the few rules that
 * changed, each read from PyTorch's source (docs/semantics.md, "PyTorch 2 differences", cites the
 * file, the release and an example for every one). A profile is data plus those rules, never a
 * second reference: the ops ask it only where the two releases disagree.
 */
import { PoolcheckError } from './errors.js';

export type SpecName = 'pytorch-1.13' | 'pytorch-2';

/** The profile names, default first. */
export const SPEC_NAMES: readonly SpecName[] = ['pytorch-1.13', 'pytorch-2'];

export const DEFAULT_SPEC: SpecName = 'pytorch-1.13';

export interface SpecProfile {
  name: SpecName;
  /** The release whose behaviour the profile describes. */
  pytorch: string;
  /** 'measured': poolcheck ran that PyTorch (the golden corpus); 'source': read from its source only. */
  basis: 'measured' | 'source';
  /** What was run or read, in one line, for reports. */
  provenance: string;
  /**
   * pooling_output_shape (Pool.h): the message when a padding is over the limit for its kernel
   * and dilation, or undefined when it is within. 1.13 limits it to kernel_size / 2; 2.x to half
   * the dilated (effective) kernel, ((kernel_size − 1)·dilation + 1) / 2. C++ division truncates.
   */
  paddingCheck(padding: number, kernelSize: number, dilation: number): string | undefined;
  /**
   * pool3d_shape_check's own padding test, after the rank and empty-dim checks: in 1.13 it can
   * never fire (pooling_output_shape already made the same test); in 2.x it still compares with
   * the plain kernel, so a dilated 3-D window that pooling_output_shape now accepts fails here.
   * Axes in PyTorch's (T, H, W) order.
   */
  pool3dPaddingCheck(kernel: readonly number[], padding: readonly number[], dilation: readonly number[]): string | undefined;
  /**
   * The largest padding an axis of a valid max_pool{rank}d call may have, for a positive kernel
   * and dilation: what both checks above let through (test/spec.test.ts holds them to it).
   * Generators draw up to it, so each profile's own valid cases are drawn.
   */
  maxPadding(kernelSize: number, dilation: number, rank: 1 | 2 | 3): number;
  /** The word order of max_pool2d/3d's "padding must … be a single int" message (1.13 has a typo). */
  paddingLengthMessage(op: 'max_pool2d' | 'max_pool3d', tuple: string): string;
  /**
   * The Python argument parser's TypeError for an int list whose first element is no int
   * (`position` is the argument's position in the ATen signature, `type` Python's type name).
   */
  firstElementNotInt(fn: string, argument: string, position: number, type: string): string;
  /** The same for a later element (`index` counts from 0); the first one was an int. */
  laterElementNotInt(fn: string, argument: string, index: number, type: string): string;
}

/** C++ integer division on ints: truncates toward zero. */
function cDiv(numerator: number, denominator: number): number {
  return Math.trunc(numerator / denominator);
}

const PYTORCH_1_13: SpecProfile = {
  name: 'pytorch-1.13',
  pytorch: '1.13.1',
  basis: 'measured',
  provenance: "measured: Debian's python3-torch 1.13.1 produced the golden corpus",
  paddingCheck(padding, kernelSize) {
    return padding <= cDiv(kernelSize, 2)
      ? undefined
      : `pad should be at most half of kernel size, but got pad=${padding} and kernel_size=${kernelSize}`;
  },
  pool3dPaddingCheck() {
    return undefined;
  },
  maxPadding(kernelSize) {
    return cDiv(kernelSize, 2);
  },
  paddingLengthMessage(op, tuple) {
    // "must be either be" is PyTorch 1.13's own typo, kept so that messages compare equal.
    return `${op}: padding must be either be a single int, or ${tuple}`;
  },
  firstElementNotInt(fn, argument, position) {
    return `${fn}(): argument '${argument}' (position ${position}) must be tuple of ints, not list`;
  },
  laterElementNotInt(fn, argument, index, type) {
    return `${fn}(): argument '${argument}' must be tuple of ints, but found element of type ${type} at pos ${index + 1}`;
  },
};

const PYTORCH_2: SpecProfile = {
  name: 'pytorch-2',
  pytorch: '2.6.0',
  basis: 'source',
  provenance: 'derived from the source of PyTorch v2.6.0 (Debian pytorch_2.6.0+dfsg.orig.tar.xz), not measured',
  paddingCheck(padding, kernelSize, dilation) {
    return padding <= cDiv((kernelSize - 1) * dilation + 1, 2)
      ? undefined
      : `pad should be at most half of effective kernel size, but got pad=${padding}, kernel_size=${kernelSize} and dilation=${dilation}`;
  },
  pool3dPaddingCheck(kernel, padding, dilation) {
    const [kT, kH, kW] = kernel as [number, number, number];
    const [pT, pH, pW] = padding as [number, number, number];
    const [dT, dH, dW] = dilation as [number, number, number];
    if (cDiv(kT, 2) >= pT && cDiv(kW, 2) >= pW && cDiv(kH, 2) >= pH) return undefined;
    const effective = (k: number, d: number): number => (k - 1) * d + 1;
    return 'pad should be smaller than or equal to half of effective kernel size, but got ' +
      `padT: ${pT} padW: ${pW} padH: ${pH} ` +
      `effectiveKT: ${effective(kT, dT)} effectiveKW: ${effective(kW, dW)} effectiveKH: ${effective(kH, dH)}`;
  },
  maxPadding(kernelSize, dilation, rank) {
    return rank === 3 ? cDiv(kernelSize, 2) : cDiv((kernelSize - 1) * dilation + 1, 2);
  },
  paddingLengthMessage(op, tuple) {
    return `${op}: padding must either be a single int, or ${tuple}`;
  },
  firstElementNotInt(fn, argument, position, type) {
    // The parser's failed_idx counts from 0 and is printed as it is.
    return `${fn}(): argument '${argument}' (position ${position}) must be tuple of ints, but found element of type ${type} at pos 0`;
  },
  laterElementNotInt(fn, argument, index, type) {
    return `${fn}(): argument '${argument}' failed to unpack the object at pos ${index + 1} with error "type must be tuple of ints,but got ${type}"`;
  },
};

const PROFILES: Record<SpecName, SpecProfile> = { 'pytorch-1.13': PYTORCH_1_13, 'pytorch-2': PYTORCH_2 };

/** True for the name of a profile. */
export function isSpecName(value: unknown): value is SpecName {
  return typeof value === 'string' && (SPEC_NAMES as readonly string[]).includes(value);
}

/**
 * The profile an option names: a profile name, a profile object (used as it is), or nothing
 * (the default, PyTorch 1.13). Anything else is a usage error in one line.
 */
export function resolveSpec(spec: SpecName | SpecProfile | undefined): SpecProfile {
  if (spec === undefined) return PROFILES[DEFAULT_SPEC];
  if (typeof spec === 'string') {
    if (isSpecName(spec)) return PROFILES[spec];
  } else if (typeof spec === 'object' && spec !== null && isSpecName((spec as { name?: unknown }).name)) {
    return spec;
  }
  throw new PoolcheckError(`unknown spec ${JSON.stringify(spec)}: use one of ${SPEC_NAMES.join(', ')}`, 'ValueError');
}

/** Every profile other than `spec`, for telling a user which one their port seems to follow. */
export function otherSpecs(spec: SpecProfile): SpecProfile[] {
  return SPEC_NAMES.filter((name) => name !== spec.name).map((name) => PROFILES[name]);
}

/** "PyTorch 2.6.0 (--spec pytorch-2, derived from source)": how reports name a profile. */
export function describeSpec(spec: SpecProfile): string {
  return `PyTorch ${spec.pytorch} (--spec ${spec.name}, ${spec.basis === 'measured' ? 'measured' : 'derived from source, not measured'})`;
}
