// Starts the running maximum at numeric_limits<float>::min() (the smallest positive float), mistaken for the lowest float.
import { makePort } from './lib/port.js';

export default makePort({ initialMaxSmallestPositive: true }, 'initial-max-smallest-positive');
