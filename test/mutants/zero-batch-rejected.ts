// Refuses an empty batch (N = 0) as 'the input is empty'; PyTorch returns an empty output.
import { makePort } from './lib/port.js';

export default makePort({ zeroBatchRejected: true }, 'zero-batch-rejected');
