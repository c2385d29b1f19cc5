// Takes any number of leading dims as planes (NumPy style); PyTorch refuses every rank but (C, ...) and (N, C, ...).
import { makePort } from './lib/port.js';

export default makePort({ extraLeadingDimsAccepted: true }, 'extra-leading-dims-accepted');
