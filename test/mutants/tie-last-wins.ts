// Compares with `value >= best`, so the last of equal maxima wins; PyTorch keeps the first in scan order.
import { makePort } from './lib/port.js';

export default makePort({ tieLastWins: true }, 'tie-last-wins');
