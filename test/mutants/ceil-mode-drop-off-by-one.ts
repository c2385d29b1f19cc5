// Writes ceil mode's drop rule with > instead of >=, keeping a last window that starts exactly at the right padding.
import { makePort } from './lib/port.js';

export default makePort({ ceilModeDropOffByOne: true }, 'ceil-mode-drop-off-by-one');
