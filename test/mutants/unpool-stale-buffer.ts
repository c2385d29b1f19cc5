// Reuses a module-level unpool output buffer without clearing it, so values from an earlier call show through.
import { makePort } from './lib/port.js';

export default makePort({ unpoolStaleBuffer: true }, 'unpool-stale-buffer');
