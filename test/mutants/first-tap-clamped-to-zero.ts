// Clamps a window that starts in the padding to cell 0 instead of stepping to its first dilated tap.
import { makePort } from './lib/port.js';

export default makePort({ firstTapClampedToZero: true }, 'first-tap-clamped-to-zero');
