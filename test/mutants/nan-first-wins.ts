// Takes a NaN only while the running maximum is not NaN yet, so the first NaN in a window wins; PyTorch keeps the last.
import { makePort } from './lib/port.js';

export default makePort({ nanFirstWins: true }, 'nan-first-wins');
