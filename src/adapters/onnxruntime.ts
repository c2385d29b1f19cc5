/**
 * ONNX Runtime (onnxruntime-node, CPU) as a poolcheck implementation: each call runs a one-node
 * MaxPool or MaxUnpool model. The adapter only translates: it adds the batch dim ONNX requires,
 * turns PyTorch's options into ONNX attributes and converts between ONNX's whole-tensor indices
 * and PyTorch's per-plane indices, in either storage order.
 */
import type { InferenceSession } from 'onnxruntime-node';
import type {
  Dtype, IndexTensorInput, PoolOpName, PoolOptions, SpatialRank, Tensor, UnpoolOpName, UnpoolOptions,
} from '../types.js';
import { dtypeOf } from '../types.js';
import type { Capabilities, ImplPoolResult, Implementation } from '../implementation.js';
import { poolAxes, unpoolAxes, type PoolAxes } from './axes.js';
import { elementCount, withBatchDim, withoutAddedBatchDim } from './layout.js';
import { onnxIndexToPlaneIndex, planeIndexToUnpoolIndex, type StorageOrder } from './indexConventions.js';

export interface OnnxRuntimeOptions {
  /** How ONNX flattens the spatial part of an index: 0 row-major (default), 1 column-major. */
  storageOrder?: StorageOrder;
  /** Sessions kept for reuse; the least recently used one is released beyond this. */
  maxCachedSessions?: number;
}

/**
 * What ONNX Runtime's CPU kernels can be asked, in PyTorch's terms.
 * - float32 only: its MaxUnpool kernel is registered for float alone, and the declaration has one
 *   dtype list for every op (its MaxPool would take float64 too).
 * - errors 'none': it accepts inputs PyTorch rejects (a pad up to kernel - 1, an empty output),
 *   so rejection of invalid input is not part of its contract.
 * - nan: NaN inputs are generated so that its NaN behaviour is reported.
 */
const ONNX_RUNTIME_CAPABILITIES: Partial<Capabilities> = {
  ops: ['maxPool1d', 'maxPool2d', 'maxPool3d', 'maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d'],
  dtypes: ['float32'],
  unbatched: true,
  dilation: true,
  ceilMode: true,
  padding: 'per-axis',
  perAxis: true,
  nan: true,
  unpoolOutputSize: true,
  errors: 'none',
};

const RANK_OF: Record<PoolOpName | UnpoolOpName, SpatialRank> = {
  maxPool1d: 1, maxPool2d: 2, maxPool3d: 3, maxUnpool1d: 1, maxUnpool2d: 2, maxUnpool3d: 3,
};

type Ort = typeof import('onnxruntime-node');
type Models = typeof import('./onnxModels.js');

let runtime: Promise<{ ort: Ort; models: Models }> | undefined;

/** Loaded on first use, so that other implementations never pay for the native binding. */
function loadRuntime(): Promise<{ ort: Ort; models: Models }> {
  runtime ??= Promise.all([import('onnxruntime-node'), import('./onnxModels.js')])
    .then(([ort, models]) => ({ ort, models }));
  return runtime;
}

function indexAsBigInt(data: IndexTensorInput['data'], position: number): bigint {
  const value = data[position]!;
  return typeof value === 'bigint' ? value : BigInt(value);
}

export function createOnnxRuntimeImplementation(options: OnnxRuntimeOptions = {}): Implementation {
  const storageOrder = options.storageOrder ?? 0;
  const maxCachedSessions = options.maxCachedSessions ?? 64;
  const sessions = new Map<string, Promise<InferenceSession>>();

  /** Sessions are cached per model (op, rank, dtype, attributes): building one per call is slow. */
  async function session(key: string, build: (models: Models) => Uint8Array): Promise<InferenceSession> {
    const cached = sessions.get(key);
    if (cached) {
      sessions.delete(key); // re-insert: Map order is the recency order
      sessions.set(key, cached);
      return cached;
    }
    const created = loadRuntime().then(({ ort, models }) => ort.InferenceSession.create(build(models), {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      // Errors reach the caller as rejected promises; the native log would only repeat them.
      logSeverityLevel: 4,
    }));
    sessions.set(key, created);
    created.catch(() => sessions.delete(key));
    // Evicting releases the least recently used session: safe while fewer than maxCachedSessions
    // different models run at the same time (the suite runs one case at a time).
    while (sessions.size > maxCachedSessions) {
      const [oldestKey, oldest] = sessions.entries().next().value as [string, Promise<InferenceSession>];
      sessions.delete(oldestKey);
      void oldest.then((s) => s.release(), () => undefined);
    }
    return created;
  }

  async function maxPool(op: PoolOpName, x: Tensor, poolOptions: PoolOptions): Promise<ImplPoolResult> {
    const rank = RANK_OF[op];
    const { tensor, addedBatchDim } = withBatchDim(x, rank);
    const axes: PoolAxes = poolAxes(poolOptions, rank);
    const dtype: Dtype = dtypeOf(tensor.data);
    const key = JSON.stringify(['MaxPool', rank, dtype, axes, storageOrder]);
    const pool = await session(key, (models) => models.maxPoolModelBytes({ rank, dtype, axes, storageOrder }));
    const { ort } = await loadRuntime();
    const outputs = await pool.run({ X: new ort.Tensor(dtype, tensor.data, tensor.shape) });
    const y = outputs['Y']!;
    const onnxIndices = outputs['Indices']!.data as BigInt64Array;
    const shape = [...y.dims];
    const inputSpatial = tensor.shape.slice(2);
    const outputPlaneSize = elementCount(shape.slice(2));
    const indices = new BigInt64Array(onnxIndices.length);
    for (let position = 0; position < onnxIndices.length; position++) {
      const plane = Math.floor(position / outputPlaneSize);
      indices[position] = onnxIndexToPlaneIndex(onnxIndices[position]!, plane, inputSpatial, storageOrder);
    }
    return {
      values: withoutAddedBatchDim({ shape, data: y.data as Tensor['data'] }, addedBatchDim),
      indices: withoutAddedBatchDim({ shape: [...shape], data: indices }, addedBatchDim),
    };
  }

  async function maxUnpool(
    op: UnpoolOpName, x: Tensor, planeIndices: IndexTensorInput, unpoolOptions: UnpoolOptions,
  ): Promise<Tensor> {
    const rank = RANK_OF[op];
    const { tensor, addedBatchDim } = withBatchDim(x, rank);
    const axes = unpoolAxes(unpoolOptions, rank);
    const dtype: Dtype = dtypeOf(tensor.data);
    const { ort, models } = await loadRuntime();
    const outputSpatial = axes.outputSize ?? tensor.shape.slice(2).map((length, axis) =>
      models.onnxUnpoolDefaultLength(length, axes.kernel[axis]!, axes.stride[axis]!, axes.padding[axis]!));
    const outputPlaneSize = elementCount(outputSpatial);
    const inputPlaneSize = elementCount(tensor.shape.slice(2));
    const onnxIndices = new BigInt64Array(planeIndices.data.length);
    for (let position = 0; position < onnxIndices.length; position++) {
      const plane = Math.floor(position / inputPlaneSize);
      onnxIndices[position] = planeIndexToUnpoolIndex(indexAsBigInt(planeIndices.data, position), plane, outputPlaneSize);
    }
    const withOutputShape = axes.outputSize !== undefined;
    const { kernel, stride, padding } = axes;
    const key = JSON.stringify(['MaxUnpool', rank, dtype, kernel, stride, padding, withOutputShape]);
    const unpool = await session(key, () =>
      models.maxUnpoolModelBytes({ rank, dtype, kernel, stride, padding, withOutputShape }));
    const indexShape = withBatchDim({ shape: planeIndices.shape }, rank).tensor.shape;
    const feeds: Record<string, InstanceType<Ort['Tensor']>> = {
      X: new ort.Tensor(dtype, tensor.data, tensor.shape),
      I: new ort.Tensor('int64', onnxIndices, indexShape),
    };
    if (withOutputShape) {
      const fullShape = [tensor.shape[0]!, tensor.shape[1]!, ...outputSpatial].map(BigInt);
      feeds['output_shape'] = new ort.Tensor('int64', BigInt64Array.from(fullShape), [rank + 2]);
    }
    const { Y: y } = await unpool.run(feeds);
    return withoutAddedBatchDim({ shape: [...y!.dims], data: y!.data as Tensor['data'] }, addedBatchDim);
  }

  return {
    name: storageOrder === 0 ? 'onnxruntime' : 'onnxruntime-colmajor',
    capabilities: ONNX_RUNTIME_CAPABILITIES,
    maxPool1d: (x, o) => maxPool('maxPool1d', x, o),
    maxPool2d: (x, o) => maxPool('maxPool2d', x, o),
    maxPool3d: (x, o) => maxPool('maxPool3d', x, o),
    maxUnpool1d: (x, i, o) => maxUnpool('maxUnpool1d', x, i, o),
    maxUnpool2d: (x, i, o) => maxUnpool('maxUnpool2d', x, i, o),
    maxUnpool3d: (x, i, o) => maxUnpool('maxUnpool3d', x, i, o),
    async dispose() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((s) => s.then((opened) => opened.release(), () => undefined)));
    },
  };
}
