// Writes the chosen element as a JS number instead of copying its bits, which quiets a float32 signalling NaN.
import { makePort } from './lib/port.js';

export default makePort({ valueWrittenAsNumber: true }, 'value-written-as-number');
