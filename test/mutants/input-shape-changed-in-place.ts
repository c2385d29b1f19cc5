// Normalises an unbatched input in place (x.shape.unshift(1)), changing the caller's tensor.
import { makePort } from './lib/port.js';

export default makePort({ inputShapeChangedInPlace: true }, 'input-shape-changed-in-place');
