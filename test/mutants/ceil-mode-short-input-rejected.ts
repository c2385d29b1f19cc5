// Refuses an input shorter than the dilated window in ceil mode too; PyTorch still fits one window when it starts inside.
import { makePort } from './lib/port.js';

export default makePort({ ceilModeShortInputRejected: true }, 'ceil-mode-short-input-rejected');
