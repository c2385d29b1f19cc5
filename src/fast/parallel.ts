/**
 * The fast path on several cores, opt-in: `await createParallelPool()` starts persistent worker
 * threads once; its pooling calls are then synchronous, like the fast path's, and give the same
 * bits (checked against the reference by property in test/parallel.test.ts).
 *
 * How a call runs, with T threads (the calling thread and T − 1 workers): the planes are cut into
 * T runs; each worker's run of the input is copied into a SharedArrayBuffer it can read (workers
 * cannot read the caller's ArrayBuffer), the worker is woken through Atomics, and the calling
 * thread pools its own run straight from the input meanwhile; then it copies each worker's
 * outputs, from shared staging arrays, into the result. Results are ordinary ArrayBuffer-backed
 * arrays, or the caller's own `out`. The staging buffers are kept between calls (together less
 * than one input and its outputs) and freed by close(). An input, or an `out`, that already lives
 * in a SharedArrayBuffer is read, or written, by the workers in place: no copy, no staging.
 *
 * Where the SIMD kernel does not apply (float64, windows wholly in the padding, fewer planes than
 * threads) a call is the single-threaded fast path. Unpooling is the single-threaded fast path.
 * Node.js only (worker_threads).
 */
import os from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { IndexTensorInput, PoolOptions, PoolResult, Tensor, UnpoolOptions } from '../types.js';
import { PoolcheckError } from '../reference/errors.js';
import { planMaxPool1d } from '../reference/maxPool1d.js';
import { planMaxPool2d } from '../reference/maxPool2d.js';
import { planMaxPool3d } from '../reference/maxPool3d.js';
import type { PoolPlan } from '../reference/plans.js';
import { poolOutputArrays, type PoolOutput } from './maxPool.js';
import { fastMaxPoolPlanes } from './maxPoolPlanes.js';
import { fastMaxUnpool1d, fastMaxUnpool2d, fastMaxUnpool3d, type UnpoolOutput } from './maxUnpool.js';
import { CONTROL, CONTROL_WORDS, JOB_DONE, type PoolJob } from './parallelProtocol.js';
import { simdApplies, simdMaxPoolPlanes } from './simdPoolPlanes.js';
import { planeGeometry } from './windowTaps.js';

/** A job that takes longer than this is taken for a dead worker. */
const JOB_TIMEOUT_MS = 120_000;

/** Options of createParallelPool. */
export interface ParallelPoolOptions {
  /** Threads in all, the calling one included; default: the cores available (at least 2). */
  threads?: number;
}

/** The fast path's pooling functions running on several threads; see createParallelPool. */
export interface ParallelPool {
  /** Threads in all, the calling one included. */
  readonly threads: number;
  maxPool1d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult;
  maxPool2d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult;
  maxPool3d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult;
  maxUnpool1d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor;
  maxUnpool2d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor;
  maxUnpool3d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor;
  /** Stops the workers and frees the staging buffers; calls after it throw. */
  close(): Promise<void>;
}

interface PoolWorker {
  worker: Worker;
  port: MessagePort;
  control: Int32Array;
  posted: number;
  staging: { input: SharedArrayBuffer; values: SharedArrayBuffer; indices: SharedArrayBuffer };
}

/**
 * Starts a pool of worker threads for the fast path (persistent until close(); they do not keep
 * the process alive). The pool's maxPool1d/2d/3d are synchronous and equal the reference's bit
 * for bit, like fastMaxPool1d/2d/3d, `out` included.
 */
export async function createParallelPool(options: ParallelPoolOptions = {}): Promise<ParallelPool> {
  const threads = options.threads ?? Math.max(2, os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) {
    throw new PoolcheckError(`createParallelPool: threads must be a positive integer, got ${String(threads)}`, 'ValueError');
  }
  const workers = await Promise.all(Array.from({ length: threads - 1 }, startWorker));
  return new ThreadedPool(threads, workers);
}

async function startWorker(): Promise<PoolWorker> {
  const controlBuffer = new SharedArrayBuffer(4 * CONTROL_WORDS);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./parallelWorker.js', import.meta.url), {
    workerData: { control: controlBuffer, port: port2 }, transferList: [port2],
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new PoolcheckError(`parallel pool: a worker exited with ${code} while starting`)));
  });
  worker.removeAllListeners();
  worker.unref();
  port1.unref();
  const empty = new SharedArrayBuffer(0);
  return { worker, port: port1, control: new Int32Array(controlBuffer), posted: 0, staging: { input: empty, values: empty, indices: empty } };
}

/** A shared buffer of at least `bytes`, the old one when it is large enough. */
const atLeast = (buffer: SharedArrayBuffer, bytes: number): SharedArrayBuffer =>
  buffer.byteLength >= bytes ? buffer : new SharedArrayBuffer(bytes);

class ThreadedPool implements ParallelPool {
  private closed = false;

  constructor(readonly threads: number, private readonly workers: PoolWorker[]) {}

  maxPool1d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult {
    return this.pool(planMaxPool1d(x, options), out);
  }

  maxPool2d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult {
    return this.pool(planMaxPool2d(x, options), out);
  }

  maxPool3d(x: Tensor, options: PoolOptions, out?: PoolOutput): PoolResult {
    return this.pool(planMaxPool3d(x, options), out);
  }

  maxUnpool1d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor {
    this.checkOpen();
    return fastMaxUnpool1d(x, indices, options, out);
  }

  maxUnpool2d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor {
    this.checkOpen();
    return fastMaxUnpool2d(x, indices, options, out);
  }

  maxUnpool3d(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions, out?: UnpoolOutput): Tensor {
    this.checkOpen();
    return fastMaxUnpool3d(x, indices, options, out);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map(async (w) => {
      const exited = new Promise((resolve) => w.worker.once('exit', resolve));
      w.port.postMessage('close');
      Atomics.add(w.control, CONTROL.posted, 1);
      Atomics.notify(w.control, CONTROL.posted);
      const timer = setTimeout(() => void w.worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
      w.port.close();
    }));
  }

  private checkOpen(): void {
    if (this.closed) throw new PoolcheckError('parallel pool: called after close()');
  }

  private pool(plan: PoolPlan, out: PoolOutput | undefined): PoolResult {
    this.checkOpen();
    const arrays = poolOutputArrays(plan, out);
    const { input, planeCount, outputShape } = plan;
    const geometry = planeGeometry(plan);
    const result = (values: PoolResult['values']['data'], indices: BigInt64Array): PoolResult => ({
      values: { shape: outputShape, data: values },
      indices: { shape: [...outputShape], data: indices },
    });
    if (geometry === undefined || !(input instanceof Float32Array) || planeCount < this.threads || !simdApplies(geometry)) {
      const { values, indices } = fastMaxPoolPlanes(plan, arrays);
      return result(values, indices);
    }
    const outputPlaneSize = plan.outputSize.reduce((a, b) => a * b, 1);
    const inputPlaneSize = geometry.depth * geometry.height * geometry.width;
    const values = (arrays?.values ?? new Float32Array(planeCount * outputPlaneSize)) as Float32Array;
    const indices = arrays?.indices ?? new BigInt64Array(planeCount * outputPlaneSize);

    // Runs of planes: one per worker, then the calling thread's, the last.
    const runStart = (k: number): number => Math.round((k * planeCount) / this.threads);
    const inputShared = input.buffer instanceof SharedArrayBuffer;
    const outShared = values.buffer instanceof SharedArrayBuffer && indices.buffer instanceof SharedArrayBuffer;
    const jobs = this.workers.map((w, k) => {
      const planeFrom = runStart(k);
      const planeTo = runStart(k + 1);
      const inputOffset = planeFrom * inputPlaneSize;
      const inputLength = (planeTo - planeFrom) * inputPlaneSize;
      const outputOffset = planeFrom * outputPlaneSize;
      const outputLength = (planeTo - planeFrom) * outputPlaneSize;
      let source = { buffer: input.buffer as SharedArrayBuffer, byteOffset: input.byteOffset + 4 * inputOffset };
      if (!inputShared) {
        w.staging.input = atLeast(w.staging.input, 4 * inputLength);
        new Float32Array(w.staging.input, 0, inputLength).set(input.subarray(inputOffset, inputOffset + inputLength));
        source = { buffer: w.staging.input, byteOffset: 0 };
      }
      let target = {
        values: values.buffer as SharedArrayBuffer, valuesByteOffset: values.byteOffset + 4 * outputOffset,
        indices: indices.buffer as SharedArrayBuffer, indicesByteOffset: indices.byteOffset + 8 * outputOffset,
      };
      if (!outShared) {
        w.staging.values = atLeast(w.staging.values, 4 * outputLength);
        w.staging.indices = atLeast(w.staging.indices, 8 * outputLength);
        target = { values: w.staging.values, valuesByteOffset: 0, indices: w.staging.indices, indicesByteOffset: 0 };
      }
      const job: PoolJob = {
        planeCount, inputSize: plan.inputSize, outputSize: plan.outputSize, window: plan.window, planeFrom, planeTo,
        input: source.buffer, inputByteOffset: source.byteOffset, inputOffset, inputLength, ...target, outputLength,
      };
      w.port.postMessage(job);
      w.posted = Atomics.add(w.control, CONTROL.posted, 1) + 1;
      Atomics.notify(w.control, CONTROL.posted);
      return job;
    });
    const ownFrom = runStart(this.threads - 1);
    simdMaxPoolPlanes(geometry, input, 0, ownFrom, planeCount, values, indices, ownFrom * outputPlaneSize);

    for (const [k, w] of this.workers.entries()) {
      const job = jobs[k]!;
      if (this.waitFor(w) === JOB_DONE) {
        if (!outShared) {
          // Same types: these copies move bytes.
          values.set(new Float32Array(job.values, 0, job.outputLength), job.planeFrom * outputPlaneSize);
          indices.set(new BigInt64Array(job.indices, 0, job.outputLength), job.planeFrom * outputPlaneSize);
        }
      } else {
        simdMaxPoolPlanes(geometry, input, 0, job.planeFrom, job.planeTo, values, indices, job.planeFrom * outputPlaneSize);
      }
    }
    return result(values, indices);
  }

  /** Blocks until the worker has finished its last job; its status. */
  private waitFor(w: PoolWorker): number {
    const deadline = performance.now() + JOB_TIMEOUT_MS;
    for (;;) {
      const finished = Atomics.load(w.control, CONTROL.finished);
      if (finished === w.posted) return Atomics.load(w.control, CONTROL.status);
      if (performance.now() > deadline) {
        this.closed = true;
        void w.worker.terminate();
        throw new PoolcheckError('parallel pool: a worker did not answer within 120 s; the pool is closed');
      }
      Atomics.wait(w.control, CONTROL.finished, finished, 100);
    }
  }
}
