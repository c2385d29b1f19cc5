// Reads dilation as a single number, so the first axis' dilation is used for every axis.
import { makePort } from './lib/port.js';

export default makePort({ dilationFirstAxisForAll: true }, 'dilation-first-axis-for-all');
