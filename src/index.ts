/**
 * poolcheck: the public API.
 *
 * - The reference oracle (PyTorch 1.13 CPU semantics): maxPool1d/2d/3d, maxUnpool1d/2d/3d, the
 *   size rules, PoolcheckError.
 * - The fast path: the same functions, bit for bit, for realistic sizes (fastMaxPool2d, fastOps),
 *   optionally into caller-provided outputs, and on several threads (createParallelPool).
 * - The conformance suite: runSuite / runProperty over any Implementation, with reports.
 * - The golden corpus: loadGolden / verifyGolden.
 * - Implementations under test: the protocol client (any program), live PyTorch, TF.js, ONNX Runtime;
 *   BUILT_INS / loadBuiltIn name them all (their frameworks are optional peer dependencies).
 * - Deviation files: documented deviations and known bugs, as `verify --deviations` applies them.
 */
export * from './reference/index.js';
export type * from './types.js';
export { POOL_OPS, UNPOOL_OPS, dtypeOf } from './types.js';
export type { Implementation, Capabilities, ImplPoolResult } from './implementation.js';
export { FULL_CAPABILITIES, resolveCapabilities } from './implementation.js';

export {
  fastMaxPool1d, fastMaxPool2d, fastMaxPool3d, fastMaxUnpool1d, fastMaxUnpool2d, fastMaxUnpool3d, fastOps,
} from './fast/index.js';
export type { PoolOutput } from './fast/maxPool.js';
export type { UnpoolOutput } from './fast/maxUnpool.js';
// Node.js only (worker threads), so not in './fast/index.js', which runs in a browser too.
export { createParallelPool } from './fast/parallel.js';
export type { ParallelPool, ParallelPoolOptions } from './fast/parallel.js';

export { planSizes, parseStep, formatPlan, mirrorStep } from './sizes/plan.js';
export type { SizePlan, DownStep, UpStep, DownStage, UpStage } from './sizes/plan.js';

export {
  PROPERTIES, PROPERTY_IDS, runSuite, runProperty, DEFAULT_RUNS, formatSuite, formatFailure, suiteToJson, suiteToJUnit,
  implementationFromModule,
} from './properties/index.js';
export type { SuiteResult, PropertyResult, RunOptions, Excuse } from './properties/index.js';
export { replayCounterexample, COUNTEREXAMPLE_FORMAT, COUNTEREXAMPLE_VERSION } from './properties/counterexample.js';
export type {
  CounterexampleRecord, CallRecord, CallInputRecord, OutcomeRecord, OriginRecord, ReproductionRecord, ReplayOutcome,
} from './properties/counterexample.js';
export { encodeTensor, encodeIndexTensor, decodeFloatTensor, decodeIndexTensor } from './tensorBytes.js';
export type { EncodedTensor } from './tensorBytes.js';

export { loadGolden, verifyGolden, defaultGoldenDir } from './golden/index.js';
export type { GoldenCorpus, GoldenCase, GoldenReport } from './golden/index.js';

export {
  createProtocolImplementation, ProtocolError, ReportedError, measureThroughput, smallPoolCases, PROTOCOL_VERSION,
} from './adapters/protocol/index.js';
export { createTorchImplementation, probeTorch, TorchUnavailableError } from './adapters/torch.js';
export { createTfjsImplementation } from './adapters/tfjs.js';
export { createOnnxRuntimeImplementation } from './adapters/onnxruntime.js';
export { runMatrix } from './conformance/matrix.js';
export type { Matrix, MatrixEntry, MatrixTarget, MatrixOptions } from './conformance/matrix.js';

export {
  BUILT_INS, findBuiltIn, builtInNames, loadBuiltIn, missingRequirement, MissingFrameworkError,
} from './builtins/index.js';
export type { BuiltIn } from './builtins/index.js';

export {
  loadDeviations, readDeviationFile, validateDeviationFile, describeCall, excuseFrom, knownBugIds,
} from './deviations/index.js';
export type { DeviationFile, Deviation, KnownBug, Condition, CaseFeatures } from './deviations/index.js';
