// 3-D unpool without PyTorch's stride > 0 check: a stride of 0 or less gives some output instead of an error.
import { makePort } from './lib/port.js';

export default makePort({ unpoolStrideUnchecked: true }, 'unpool-stride-unchecked');
