/**
 * What the parallel pool (parallel.ts) and its workers (parallelWorker.ts) share: the layout of
 * each worker's control words and the job message.
 */
import type { WindowParams } from '../reference/maxPoolPlanes.js';

/** Int32 positions in a worker's control buffer. */
export const CONTROL = {
  /** Jobs posted so far; the worker sleeps while it equals the last one it saw. */
  posted: 0,
  /** The last job finished; the pool sleeps until it reaches the job it posted. */
  finished: 1,
  /** JOB_DONE or JOB_FAILED, for the last job finished. */
  status: 2,
} as const;
export const CONTROL_WORDS = 4;
export const JOB_DONE = 1;
/** The worker could not pool its planes (never expected: the pool checks first); the pool does them itself. */
export const JOB_FAILED = 2;

/** One worker's share of a pooling: planes [planeFrom, planeTo), staged in shared memory. */
export interface PoolJob {
  planeCount: number;
  inputSize: number[];
  outputSize: number[];
  window: WindowParams;
  planeFrom: number;
  planeTo: number;
  /**
   * The worker's input: `inputLength` float32 elements at `inputByteOffset` in `input`, the first
   * being element `inputOffset` of the whole input (staged, or the caller's own shared memory).
   */
  input: SharedArrayBuffer;
  inputByteOffset: number;
  inputOffset: number;
  inputLength: number;
  /** Where the worker writes its `outputLength` outputs (staging, or the caller's shared `out`). */
  values: SharedArrayBuffer;
  valuesByteOffset: number;
  indices: SharedArrayBuffer;
  indicesByteOffset: number;
  outputLength: number;
}
