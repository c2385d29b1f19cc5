// Reads unpool indices as int32 (index | 0): 2^32 + i wraps onto the valid index i, 2^53 onto 0, and is written there.
import { makePort } from './lib/port.js';

export default makePort({ unpoolIndicesInt32: true }, 'unpool-indices-int32');
