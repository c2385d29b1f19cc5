/**
 * The built-in implementations, in one list: what `--impl <name>` and `matrix --impls` accept,
 * what `poolcheck` (the matrix) runs by default and in which order, and what the package root
 * exports as BUILT_INS. Each entry says what it needs that installing poolcheck does not bring,
 * and loads lazily: naming an entry imports no framework until it is loaded.
 *
 * To add one: an object here, with its packages (optional peer dependencies in package.json,
 * also devDependencies so that this repository's own `npm ci` installs them) and, for anything
 * npm cannot install (a browser, a Python), a `missing` check.
 */
import path from 'node:path';
import type { Implementation } from '../implementation.js';
import { packageRoot } from '../paths.js';
import type { SpecProfile } from '../reference/spec.js';

/** What a run asks of a built-in as it loads: the reference follows the run's spec profile. */
export interface LoadOptions {
  spec?: SpecProfile;
}

export interface BuiltIn {
  name: string;
  /** One line for help and error messages. */
  description: string;
  /**
   * npm packages it imports that are not poolcheck dependencies (optional peer dependencies),
   * checked before loading so that a missing one is one line, not a stack trace mid-run.
   */
  packages: readonly string[];
  /** Extra flags for the install command of its packages (e.g. to skip a download at install time). */
  installFlags?: readonly string[];
  /**
   * Anything else it needs that npm does not install (a browser, say), checked before loading:
   * what is missing ("Chromium at /usr/bin/chromium") and the command that gets it, or undefined
   * when it is there. Must be cheap and synchronous (a file check, not a process).
   */
  missing?(): { what: string; install: string } | undefined;
  /** Run by `poolcheck` / `poolcheck matrix` when no --impls is given. */
  inDefaultMatrix: boolean;
  /** Creates the implementation, importing its framework only now. */
  load(options?: LoadOptions): Promise<Implementation>;
}

const TFJS_CORE = '@tensorflow/tfjs-core';
const ONNX = ['onnxruntime-node', 'onnx-proto'] as const;
/** onnxruntime-node's install script downloads CUDA binaries on Linux x64 unless told not to. */
const ONNX_FLAGS = ['--onnxruntime-node-install=skip'] as const;

const SCRATCH_PORT = path.join(packageRoot, 'examples', 'protocol-python', 'poolcheck_port.py');

export const BUILT_INS: readonly BuiltIn[] = [
  {
    name: 'reference',
    description: "poolcheck's reference oracle (must pass everything)",
    packages: [],
    inDefaultMatrix: true,
    async load(options = {}) {
      // The reference throws PyTorch's own messages, so it is held to them; with --spec, it is
      // the reference of that profile.
      const { referenceImplementation, referenceImplementationFor } = await import('../golden/reference.js');
      return options.spec ? referenceImplementationFor(options.spec) : referenceImplementation;
    },
  },
  {
    name: 'tfjs-cpu',
    description: 'TensorFlow.js maxPoolWithArgmax on the JavaScript (cpu) backend',
    packages: [TFJS_CORE, '@tensorflow/tfjs-backend-cpu'],
    inDefaultMatrix: true,
    load: async () => (await import('../adapters/tfjs.js')).createTfjsImplementation('cpu'),
  },
  {
    name: 'tfjs-wasm',
    description: 'TensorFlow.js maxPoolWithArgmax on the WebAssembly backend',
    packages: [TFJS_CORE, '@tensorflow/tfjs-backend-wasm'],
    inDefaultMatrix: true,
    load: async () => (await import('../adapters/tfjs.js')).createTfjsImplementation('wasm'),
  },
  {
    name: 'onnxruntime',
    description: 'ONNX Runtime (onnxruntime-node) MaxPool and MaxUnpool, row-major indices',
    packages: ONNX,
    installFlags: ONNX_FLAGS,
    inDefaultMatrix: true,
    load: async () => (await import('../adapters/onnxruntime.js')).createOnnxRuntimeImplementation(),
  },
  {
    name: 'onnxruntime-colmajor',
    description: 'ONNX Runtime MaxPool with storage_order=1 (column-major indices)',
    packages: ONNX,
    installFlags: ONNX_FLAGS,
    inDefaultMatrix: true,
    load: async () => (await import('../adapters/onnxruntime.js')).createOnnxRuntimeImplementation({ storageOrder: 1 }),
  },
  {
    name: 'torch',
    description: 'live PyTorch through /usr/bin/python3 (src/adapters/torch_server.py)',
    packages: [],
    inDefaultMatrix: true,
    load: async () => (await import('../adapters/torch.js')).createTorchImplementation(),
  },
  {
    name: 'scratch-python',
    description: 'the from-scratch Python port over the protocol (examples/protocol-python/poolcheck_port.py)',
    packages: [],
    inDefaultMatrix: true,
    load: async () => (await import('../adapters/protocol/index.js')).createProtocolImplementation(['python3', SCRATCH_PORT]),
  },
];
