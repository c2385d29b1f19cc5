// Computes the pooled index in a float32, as a GPU port keeping indices in a float texture: past 2^24 odd indices round.
import { makePort } from './lib/port.js';

export default makePort({ indicesHeldInFloat32: true }, 'indices-held-in-float32');
