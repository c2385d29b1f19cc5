// Handles unbatched (C, ...spatial) input as a batch of one and leaves that batch dim on the output.
import { makePort } from './lib/port.js';

export default makePort({ unbatchedKeepsBatchDim: true }, 'unbatched-keeps-batch-dim');
