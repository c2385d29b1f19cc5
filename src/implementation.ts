/**
 * What poolcheck checks: any object with some of the reference's functions, sync or async,
 * plus an optional declaration of what it supports. Generated cases stay inside the
 * declaration; anything outside it is reported as "not covered", never as passed.
 */
import type {
  Dtype, IndexTensorInput, OpName, PoolOptions, PoolResult, Tensor, UnpoolOptions,
} from './types.js';

type MaybePromise<T> = T | Promise<T>;

/** Pool results may carry indices in any integer typed array; they are compared as integers. */
export interface ImplPoolResult {
  values: Tensor;
  indices: IndexTensorInput;
}

export interface Implementation {
  name?: string;
  capabilities?: Partial<Capabilities>;
  maxPool1d?(x: Tensor, options: PoolOptions): MaybePromise<ImplPoolResult | PoolResult>;
  maxPool2d?(x: Tensor, options: PoolOptions): MaybePromise<ImplPoolResult | PoolResult>;
  maxPool3d?(x: Tensor, options: PoolOptions): MaybePromise<ImplPoolResult | PoolResult>;
  maxUnpool1d?(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): MaybePromise<Tensor>;
  maxUnpool2d?(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): MaybePromise<Tensor>;
  maxUnpool3d?(x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): MaybePromise<Tensor>;
  /** Called once when a run ends (adapters close sessions and child processes here). */
  dispose?(): MaybePromise<void>;
}

/**
 * A declaration of what an implementation supports. Every field is optional when declared;
 * `resolveCapabilities` fills the rest with "everything PyTorch does".
 */
export interface Capabilities {
  /** Ops it implements; defaults to the functions it exports. */
  ops: OpName[];
  dtypes: Dtype[];
  /** Accepts (C, ...spatial) without the batch dim. */
  unbatched: boolean;
  dilation: boolean;
  ceilMode: boolean;
  /** 'none': padding 0 only; 'uniform': one padding for every axis; 'per-axis': any. */
  padding: 'none' | 'uniform' | 'per-axis';
  /** Kernel and stride may differ between axes. */
  perAxis: boolean;
  /** Largest kernel size along any axis. */
  maxKernel: number;
  /** Largest input length along any spatial axis. */
  maxInputLength: number;
  /**
   * Largest (n, c) plane, in elements, it handles: a pool's input plane, an unpool's output plane.
   * The large-index tier needs planes past 2^24 elements; below that it is reported as not covered.
   */
  maxPlaneSize: number;
  /**
   * Accepts NaN input (false: no NaN is generated for it). Declaring true does not claim PyTorch's
   * NaN rule; the properties check that, so a different rule shows as a failure or a documented deviation.
   */
  nan: boolean;
  /** Unpool accepts an explicit outputSize. */
  unpoolOutputSize: boolean;
  /**
   * How invalid input is reported. 'none': not checked; 'throws': any thrown error
   * (or rejected promise) counts, except a crash (isImplementationCrash); 'pytorch': the message
   * must carry PyTorch's wording.
   */
  errors: 'none' | 'throws' | 'pytorch';
}

export const FULL_CAPABILITIES: Capabilities = {
  ops: ['maxPool1d', 'maxPool2d', 'maxPool3d', 'maxUnpool1d', 'maxUnpool2d', 'maxUnpool3d'],
  dtypes: ['float32', 'float64'],
  unbatched: true,
  dilation: true,
  ceilMode: true,
  padding: 'per-axis',
  perAxis: true,
  maxKernel: Number.POSITIVE_INFINITY,
  maxInputLength: Number.POSITIVE_INFINITY,
  maxPlaneSize: Number.POSITIVE_INFINITY,
  nan: true,
  unpoolOutputSize: true,
  errors: 'throws',
};

export function resolveCapabilities(impl: Implementation): Capabilities {
  const exported = FULL_CAPABILITIES.ops.filter((op) => typeof impl[op] === 'function');
  const declared = impl.capabilities ?? {};
  const ops = (declared.ops ?? exported).filter((op) => exported.includes(op));
  return { ...FULL_CAPABILITIES, ...declared, ops };
}

/**
 * True when a thrown value says the implementation never answered: the protocol client's
 * ProtocolError (the child process crashed, hung, or sent something that is not the protocol).
 * That is never a rejection of invalid input; a ReportedError (the implementation's own error,
 * sent as data) is. Recognised by name, structurally, so that the properties and the golden
 * corpus need not import an adapter, and so that an error from another copy of poolcheck
 * (another realm) is recognised too.
 */
export function isImplementationCrash(error: unknown): error is Error {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ProtocolError';
}
