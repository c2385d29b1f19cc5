// Reads an outputSize given as (N, C, ...spatial) from the front, taking N and C as spatial sizes.
import { makePort } from './lib/port.js';

export default makePort({ unpoolOutputSizeLeadingDims: true }, 'unpool-output-size-leading-dims');
