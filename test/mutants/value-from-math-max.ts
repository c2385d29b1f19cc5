// Writes the running Math.max as the value instead of copying the chosen element: +0 beats -0 and NaN payloads are lost.
import { makePort } from './lib/port.js';

export default makePort({ valueFromMathMax: true }, 'value-from-math-max');
