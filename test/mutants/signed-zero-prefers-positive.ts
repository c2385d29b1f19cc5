// Compares with Object.is to "handle signed zeros", so a +0 after a -0 replaces it; PyTorch treats them as a tie.
import { makePort } from './lib/port.js';

export default makePort({ signedZeroPrefersPositive: true }, 'signed-zero-prefers-positive');
