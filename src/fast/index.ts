/**
 * The fast path: the same functions as the reference oracle, with the same results, indices and
 * errors bit for bit (checked by property against the reference on every test run), for
 * realistic tensor sizes. The reference stays the oracle; this is what to call in a hot loop.
 */
import { fastMaxPool1d, fastMaxPool2d, fastMaxPool3d } from './maxPool.js';
import { fastMaxUnpool1d, fastMaxUnpool2d, fastMaxUnpool3d } from './maxUnpool.js';

export { fastMaxPool1d, fastMaxPool2d, fastMaxPool3d, fastMaxUnpool1d, fastMaxUnpool2d, fastMaxUnpool3d };

/** The fast path under the reference's op names, to stand in wherever the reference is called by name. */
export const fastOps = {
  maxPool1d: fastMaxPool1d,
  maxPool2d: fastMaxPool2d,
  maxPool3d: fastMaxPool3d,
  maxUnpool1d: fastMaxUnpool1d,
  maxUnpool2d: fastMaxUnpool2d,
  maxUnpool3d: fastMaxUnpool3d,
} as const;
