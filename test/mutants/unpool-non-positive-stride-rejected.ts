// Refuses an unpool stride <= 0 everywhere; PyTorch's 1-D and 2-D unpool accept it and use it only for the default size.
import { makePort } from './lib/port.js';

export default makePort({ unpoolNonPositiveStrideRejected: true }, 'unpool-non-positive-stride-rejected');
