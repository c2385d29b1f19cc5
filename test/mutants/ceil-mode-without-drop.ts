// Rounds up in ceil mode but forgets to drop a last window that would start in the right padding.
import { makePort } from './lib/port.js';

export default makePort({ ceilModeWithoutDrop: true }, 'ceil-mode-without-drop');
