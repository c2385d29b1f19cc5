// Keeps the first input written when two unpool inputs share an index; PyTorch (one thread) keeps the last.
import { makePort } from './lib/port.js';

export default makePort({ unpoolDuplicateFirstWins: true }, 'unpool-duplicate-first-wins');
