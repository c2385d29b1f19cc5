// Translates a 1-based window start to 0-based as o*s - p + 1, so every window starts one cell late.
import { makePort } from './lib/port.js';

export default makePort({ windowStartOffByOne: true }, 'window-start-off-by-one');
