// Zero-pads the input and pools it, so padding cells are candidates and an all-negative window at the edge gives 0.
import { makePort } from './lib/port.js';

export default makePort({ paddingReadAsZero: true }, 'padding-read-as-zero');
