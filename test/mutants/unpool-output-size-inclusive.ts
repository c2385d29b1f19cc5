// Accepts an unpool outputSize anywhere in [default - s, default + s]; PyTorch refuses both ends.
import { makePort } from './lib/port.js';

export default makePort({ unpoolOutputSizeInclusive: true }, 'unpool-output-size-inclusive');
