/**
 * The reference oracle: PyTorch 1.13 CPU max pooling with indices and max unpooling, or
 * PyTorch 2's rules where they differ (the `spec` option; src/reference/spec.ts).
 */
export { maxPool1d } from './maxPool1d.js';
export { maxPool2d } from './maxPool2d.js';
export { maxPool3d } from './maxPool3d.js';
export { maxUnpool1d } from './maxUnpool1d.js';
export { maxUnpool2d } from './maxUnpool2d.js';
export { maxUnpool3d } from './maxUnpool3d.js';
export {
  poolOutputLength, unpoolDefaultLength, unpoolOutputSizeRange, convOutputLength, convTransposeOutputLength, floorDiv,
} from './sizes.js';
export type { PoolLengthParams, UnpoolLengthParams, ConvLengthParams, ConvTransposeLengthParams } from './sizes.js';
export { PoolcheckError } from './errors.js';
export type { PyTorchErrorKind } from './errors.js';
export { resolveSpec, describeSpec, otherSpecs, isSpecName, SPEC_NAMES, DEFAULT_SPEC } from './spec.js';
export type { SpecName, SpecProfile } from './spec.js';
