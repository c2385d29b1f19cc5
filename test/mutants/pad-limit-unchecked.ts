// Forgets PyTorch's check that padding is at most half the kernel, and pools with any padding.
import { makePort } from './lib/port.js';

export default makePort({ padLimitUnchecked: true }, 'pad-limit-unchecked');
