/** The reference oracle as an Implementation that promises PyTorch's error wording. */
import type { Implementation } from '../implementation.js';
import * as reference from '../reference/index.js';

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
