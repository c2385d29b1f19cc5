// Reads int64 unpool indices through their low 32-bit word: 2^32 + i reads as the valid index i.
import { makePort } from './lib/port.js';

export default makePort({ unpoolIndicesLow32Bits: true }, 'unpool-indices-low-32-bits');
