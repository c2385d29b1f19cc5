// Flattens indices over the whole tensor (N, C, ...spatial) instead of per (n, c) plane.
import { makePort } from './lib/port.js';

export default makePort({ indicesOverWholeTensor: true }, 'indices-over-whole-tensor');
