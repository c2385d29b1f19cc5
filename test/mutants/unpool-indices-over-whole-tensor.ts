// Reads unpool indices as offsets into the whole output tensor, so every (n, c) plane writes into the first one.
import { makePort } from './lib/port.js';

export default makePort({ unpoolIndicesOverWholeTensor: true }, 'unpool-indices-over-whole-tensor');
