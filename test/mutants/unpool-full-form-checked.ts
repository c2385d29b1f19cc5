// Refuses a full-form outputSize (N, C, ...spatial) whose N or C differs from the input's; PyTorch ignores both.
import { makePort } from './lib/port.js';

export default makePort({ unpoolFullFormChecked: true }, 'unpool-full-form-checked');
