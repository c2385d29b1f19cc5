// Reads unpool indices through a float32: a valid index past 2^24 lands on a neighbour.
import { makePort } from './lib/port.js';

export default makePort({ unpoolIndicesHeldInFloat32: true }, 'unpool-indices-held-in-float32');
