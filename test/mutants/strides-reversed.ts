// Reads the stride tuple width first, as its source framework stores it, swapping the strides of the outer and inner axes.
import { makePort } from './lib/port.js';

export default makePort({ stridesReversed: true }, 'strides-reversed');
