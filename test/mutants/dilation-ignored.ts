// Does not implement dilation and silently reads it as 1.
import { makePort } from './lib/port.js';

export default makePort({ dilationIgnored: true }, 'dilation-ignored');
