// Compares with `value > best` only, so NaN never wins and a window holding NaN reports its largest number.
import { makePort } from './lib/port.js';

export default makePort({ nanIgnored: true }, 'nan-ignored');
