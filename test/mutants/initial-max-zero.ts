// Starts the running maximum at 0 instead of -inf, so a window of negatives reports 0.
import { makePort } from './lib/port.js';

export default makePort({ initialMaxZero: true }, 'initial-max-zero');
