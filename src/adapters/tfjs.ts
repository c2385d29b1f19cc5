/**
 * TensorFlow.js `tf.maxPoolWithArgmax` as a poolcheck implementation, on the JavaScript ('cpu')
 * or WebAssembly ('wasm') backend. The adapter only translates: NCHW to NHWC and back, PyTorch's
 * padding to TF.js's `pad`, and TF.js's NHWC flat indices to PyTorch's per-plane indices.
 */
import type { PoolOptions, Tensor } from '../types.js';
import type { Capabilities, ImplPoolResult, Implementation } from '../implementation.js';
import { poolAxes } from './axes.js';
import { nchwToNhwc, nhwcToNchw, withBatchDim, withoutAddedBatchDim } from './layout.js';
import { tfjsIndexToPlaneIndex } from './indexConventions.js';

export type TfjsBackendName = 'cpu' | 'wasm';

/**
 * What `maxPoolWithArgmax` can express: 2-D only, no dilation, no ceil mode, and a numeric pad
 * that is the same on every side of both axes. TF.js has no float64 (it rejects a Float64Array)
 * and no unpool. It checks almost nothing (a pad larger than the kernel is accepted),
 * so errors are 'none'. NaN inputs are generated: TF.js documents that it ignores NaN, and that
 * deviation is listed in deviations/tfjs-*.json.
 */
const TFJS_CAPABILITIES: Partial<Capabilities> = {
  ops: ['maxPool2d'],
  dtypes: ['float32'],
  unbatched: true,
  dilation: false,
  ceilMode: false,
  padding: 'uniform',
  perAxis: true,
  nan: true,
  unpoolOutputSize: false,
  errors: 'none',
};

type Tfjs = typeof import('@tensorflow/tfjs-core');
type TfjsTensor = import('@tensorflow/tfjs-core').Tensor;

const BANNER = 'looks like you are running TensorFlow.js in Node.js';
const loaded = new Map<TfjsBackendName, Promise<Tfjs>>();

/**
 * The CPU backend prints an advertisement for tfjs-node on its first tensor; the warm-up tensor
 * takes it here with only that message filtered out, so that other warnings still show.
 */
function withoutBanner(run: () => void): void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!args.some((arg) => typeof arg === 'string' && arg.includes(BANNER))) warn(...args);
  };
  try {
    run();
  } finally {
    console.warn = warn;
  }
}

/**
 * Loads tfjs-core and the backend's package once (in Node the wasm backend finds its .wasm file
 * next to its own JS, so no setWasmPaths is needed), then makes the backend's first tensor.
 */
function loadBackend(backend: TfjsBackendName): Promise<Tfjs> {
  let ready = loaded.get(backend);
  if (!ready) {
    ready = (async () => {
      const tf = await import('@tensorflow/tfjs-core');
      await (backend === 'cpu' ? import('@tensorflow/tfjs-backend-cpu') : import('@tensorflow/tfjs-backend-wasm'));
      await useBackend(tf, backend);
      withoutBanner(() => tf.tensor([0]).dispose());
      return tf;
    })();
    loaded.set(backend, ready);
    ready.catch(() => loaded.delete(backend));
  }
  return ready;
}

let engineQueue: Promise<void> = Promise.resolve();

/**
 * Both backends live in one global engine. Calls take turns, so that no call can switch the
 * backend while another is between switching to its own and computing.
 */
function engineTurn<T>(task: () => Promise<T>): Promise<T> {
  const turn = engineQueue.then(task);
  engineQueue = turn.then(() => undefined, () => undefined);
  return turn;
}

/** Switches the global engine to the call's backend, only when needed. */
async function useBackend(tf: Tfjs, backend: TfjsBackendName): Promise<void> {
  if (tf.getBackend() === backend) return;
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not initialise its '${backend}' backend`);
  await tf.ready();
}

/**
 * PyTorch pads both ends of an axis alike; TF.js's numeric pad is that too, on every axis at
 * once. Zero becomes 'valid', the documented name for no padding.
 */
function tfjsPad(padding: readonly number[]): 'valid' | number {
  if (padding.some((p) => p !== padding[0])) {
    throw new Error(`TF.js cannot express padding ${JSON.stringify(padding)}: its numeric pad applies to both axes`);
  }
  return padding[0] === 0 ? 'valid' : padding[0]!;
}

export function createTfjsImplementation(backend: TfjsBackendName): Implementation {
  async function maxPool2dInTurn(x: Tensor, options: PoolOptions): Promise<ImplPoolResult> {
    const axes = poolAxes(options, 2);
    if (axes.dilation.some((d) => d !== 1)) throw new Error('TF.js maxPoolWithArgmax has no dilation');
    if (axes.ceilMode) throw new Error('TF.js maxPoolWithArgmax has no ceil mode');
    const pad = tfjsPad(axes.padding);
    const { tensor, addedBatchDim } = withBatchDim(x, 2);
    const nhwc = nchwToNhwc(tensor);

    const tf = await loadBackend(backend);
    await useBackend(tf, backend);
    // From here on everything is synchronous, and engineTurn keeps other calls out until it ends.
    // A Float64Array goes in as it is, and TF.js, which has no float64, rejects it.
    const input = tf.tensor4d(nhwc.data as Float32Array, nhwc.shape as [number, number, number, number]);
    const outputs: TfjsTensor[] = [];
    try {
      const { result, indexes } = tf.maxPoolWithArgmax(
        input, axes.kernel as [number, number], axes.stride as [number, number], pad, false) as Record<string, TfjsTensor>;
      outputs.push(result!, indexes!);
      const outShape = result!.shape as [number, number, number, number];
      const values = nhwcToNchw({ shape: outShape, data: (result!.dataSync() as Float32Array).slice() });
      const tfjsIndices = indexes!.dataSync();
      const [n, outH, outW, channels] = outShape;
      const indices = new BigInt64Array(tfjsIndices.length);
      let position = 0; // NCHW order
      for (let b = 0; b < n; b++) {
        for (let c = 0; c < channels; c++) {
          for (let pixel = 0; pixel < outH * outW; pixel++) {
            const raw = Number(tfjsIndices[(b * outH * outW + pixel) * channels + c]);
            indices[position++] = BigInt(tfjsIndexToPlaneIndex(raw, c, channels));
          }
        }
      }
      return {
        values: withoutAddedBatchDim(values, addedBatchDim),
        indices: withoutAddedBatchDim({ shape: [...values.shape], data: indices }, addedBatchDim),
      };
    } finally {
      input.dispose();
      for (const output of outputs) output.dispose();
    }
  }

  return {
    name: `tfjs-${backend}`,
    capabilities: TFJS_CAPABILITIES,
    maxPool2d: (x, options) => engineTurn(() => maxPool2dInTurn(x, options)),
  };
}
