// Reports indices in TensorFlow's channels-last order, (spatial offset) * C + c, instead of PyTorch's per-plane offset.
import { makePort } from './lib/port.js';

export default makePort({ indicesChannelsLast: true }, 'indices-channels-last');
