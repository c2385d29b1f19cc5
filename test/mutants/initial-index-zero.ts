// Starts the running index at 0 instead of the window's first tap, so an all -inf window reports index 0.
import { makePort } from './lib/port.js';

export default makePort({ initialIndexZero: true }, 'initial-index-zero');
