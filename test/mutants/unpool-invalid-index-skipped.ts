// Skips an unpool index outside the output plane silently instead of failing the call.
import { makePort } from './lib/port.js';

export default makePort({ unpoolInvalidIndexSkipped: true }, 'unpool-invalid-index-skipped');
