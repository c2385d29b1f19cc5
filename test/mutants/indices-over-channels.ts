// Flattens indices over (C, ...spatial) of each batch item instead of per (n, c) plane.
import { makePort } from './lib/port.js';

export default makePort({ indicesOverChannels: true }, 'indices-over-channels');
