// With kernel 1 and stride 1 returns the input's own buffer as the values: the result changes when the caller reuses its input.
import { makePort } from './lib/port.js';

export default makePort({ valuesReturnInputBuffer: true }, 'values-return-input-buffer');
