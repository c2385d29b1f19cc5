// Takes the pad limit from a newer PyTorch (half the dilated kernel), accepting pads that 1.13 refuses.
import { makePort } from './lib/port.js';

export default makePort({ padLimitOnEffectiveKernel: true }, 'pad-limit-on-effective-kernel');
