/**
 * The reference oracle as an Implementation that promises PyTorch's error wording: the one
 * home of "the reference, checked like any port" (golden verify, `--impl reference`).
 */
import type { Implementation } from '../implementation.js';
import * as reference from '../reference/index.js';
import { resolveSpec, type SpecName, type SpecProfile } from '../reference/spec.js';

/** The reference under a spec profile: every call is made with that profile. */
export function referenceImplementationFor(spec: SpecName | SpecProfile): Implementation {
  const profile = resolveSpec(spec);
  return {
    name: 'reference',
    capabilities: { errors: 'pytorch' },
    maxPool1d: (x, o) => reference.maxPool1d(x, { ...o, spec: profile }),
    maxPool2d: (x, o) => reference.maxPool2d(x, { ...o, spec: profile }),
    maxPool3d: (x, o) => reference.maxPool3d(x, { ...o, spec: profile }),
    maxUnpool1d: (x, i, o) => reference.maxUnpool1d(x, i, { ...o, spec: profile }),
    maxUnpool2d: (x, i, o) => reference.maxUnpool2d(x, i, { ...o, spec: profile }),
    maxUnpool3d: (x, i, o) => reference.maxUnpool3d(x, i, { ...o, spec: profile }),
  };
}

/** The reference under the default profile (PyTorch 1.13). */
export const referenceImplementation: Implementation = {
  name: 'reference',
  capabilities: { errors: 'pytorch' },
  maxPool1d: reference.maxPool1d,
  maxPool2d: reference.maxPool2d,
  maxPool3d: reference.maxPool3d,
  maxUnpool1d: reference.maxUnpool1d,
  maxUnpool2d: reference.maxUnpool2d,
  maxUnpool3d: reference.maxUnpool3d,
};
