/**
 * A worker of the parallel pool (parallel.ts). It sleeps on the control word until the pool
 * posts a job, pools its planes with the SIMD kernel from the shared staging input into the
 * shared staging outputs, and signals the job done. Jobs arrive through a MessagePort read
 * synchronously (receiveMessageOnPort): the worker never returns to its event loop while the
 * pool is open, and the pool's calls stay synchronous.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { simdMaxPoolPlanes } from './simdPoolPlanes.js';
import { planeGeometry } from './windowTaps.js';
import { CONTROL, JOB_FAILED, JOB_DONE, type PoolJob } from './parallelProtocol.js';

const { control: controlBuffer, port } = workerData as { control: SharedArrayBuffer; port: MessagePort };
const control = new Int32Array(controlBuffer);

function run(job: PoolJob): number {
  const input = new Float32Array(job.input, job.inputByteOffset, job.inputLength);
  const values = new Float32Array(job.values, job.valuesByteOffset, job.outputLength);
  const indices = new BigInt64Array(job.indices, job.indicesByteOffset, job.outputLength);
  const geometry = planeGeometry({
    input, planeCount: job.planeCount, inputSize: job.inputSize, outputSize: job.outputSize, window: job.window, outputShape: [],
  });
  const done = geometry !== undefined
    && simdMaxPoolPlanes(geometry, input, job.inputOffset, job.planeFrom, job.planeTo, values, indices, 0);
  return done ? JOB_DONE : JOB_FAILED;
}

let seen = Atomics.load(control, CONTROL.posted);
parentPort!.postMessage('ready');
for (;;) {
  Atomics.wait(control, CONTROL.posted, seen);
  seen = Atomics.load(control, CONTROL.posted);
  let received = receiveMessageOnPort(port);
  // The job is posted before the control word moves; wait for it if it is not there yet.
  while (received === undefined) {
    Atomics.wait(control, CONTROL.posted, seen, 1);
    received = receiveMessageOnPort(port);
  }
  const job = received.message as PoolJob | 'close';
  if (job === 'close') break;
  let status = JOB_FAILED;
  try {
    status = run(job);
  } catch {
    status = JOB_FAILED;
  }
  Atomics.store(control, CONTROL.status, status);
  Atomics.store(control, CONTROL.finished, seen);
  Atomics.notify(control, CONTROL.finished);
}
port.close();
