// Runs float64 input through the float32 path (Math.fround), rounding values and merging neighbours into ties.
import { makePort } from './lib/port.js';

export default makePort({ float64ThroughFloat32: true }, 'float64-through-float32');
