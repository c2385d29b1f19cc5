// Clamps the index of a window lying wholly in the padding into the plane; PyTorch reports the out-of-range first tap.
import { makePort } from './lib/port.js';

export default makePort({ emptyWindowIndexClamped: true }, 'empty-window-index-clamped');
