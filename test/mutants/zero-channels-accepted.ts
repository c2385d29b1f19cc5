// Accepts a pool input with zero channels and returns an empty output; PyTorch refuses it.
import { makePort } from './lib/port.js';

export default makePort({ zeroChannelsAccepted: true }, 'zero-channels-accepted');
