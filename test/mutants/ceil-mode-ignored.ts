// Accepts ceilMode and ignores it: output lengths are always rounded down.
import { makePort } from './lib/port.js';

export default makePort({ ceilModeIgnored: true }, 'ceil-mode-ignored');
