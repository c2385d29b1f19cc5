// Short-cuts a kernel of 1 as the identity, forgetting that the stride still subsamples.
import { makePort } from './lib/port.js';

export default makePort({ kernelOneIdentity: true }, 'kernel-one-identity');
