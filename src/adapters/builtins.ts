/**
 * The framework implementations poolcheck ships, by the names `--impl` accepts. Creating one
 * loads nothing: each adapter loads its framework on first use.
 */
import type { Implementation } from '../implementation.js';
import { createOnnxRuntimeImplementation } from './onnxruntime.js';
import { createTfjsImplementation } from './tfjs.js';

export const FRAMEWORK_IMPLEMENTATIONS: Readonly<Record<string, () => Implementation>> = {
  'tfjs-cpu': () => createTfjsImplementation('cpu'),
  'tfjs-wasm': () => createTfjsImplementation('wasm'),
  onnxruntime: () => createOnnxRuntimeImplementation(),
  'onnxruntime-colmajor': () => createOnnxRuntimeImplementation({ storageOrder: 1 }),
};
