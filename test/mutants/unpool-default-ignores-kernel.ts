// Sizes the default unpool output as L * s, forgetting the kernel and padding in (L - 1) * s + k - 2p.
import { makePort } from './lib/port.js';

export default makePort({ unpoolDefaultIgnoresKernel: true }, 'unpool-default-ignores-kernel');
