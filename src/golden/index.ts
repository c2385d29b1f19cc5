/**
 * The golden corpus: PyTorch's own outputs for max pooling and unpooling cases, loaded,
 * validated, and usable to check any Implementation (see golden/README.md for the format).
 */
export type {
  GoldenCase, GoldenCorpus, GoldenError, GoldenExpected, GoldenManifest, GoldenPoolCase, GoldenUnpoolCase,
} from './format.js';
export { GOLDEN_SCHEMA_VERSION, describeProvenance, isPoolCase, spatialRankOf, dtypeOfCase } from './format.js';
export { loadGolden, defaultGoldenDir, GoldenFormatError } from './load.js';
export type { LoadGoldenOptions } from './load.js';
export { uncoveredReason, runGoldenCase, judgeGoldenCase, formatGoldenError } from './cases.js';
export type { GoldenOutcome, GoldenDisagreement, JudgeOptions } from './cases.js';
export { compareFloatTensor, compareIndexTensor, coordinateOf, formatDifference } from './compare.js';
export type { Difference, NaNPolicy } from './compare.js';
export { verifyGolden, formatGoldenFailure, formatGoldenSummary } from './verify.js';
export type { GoldenFailure, GoldenReport, VerifyGoldenOptions } from './verify.js';
export { diffCorpora, describeCaseChange, formatCorpusDiff } from './diff.js';
export type { CorpusDiff, CaseChange } from './diff.js';
export { updateGolden, checkTorch, TorchUnavailableError } from './update.js';
export type { UpdateGoldenOptions, UpdateGoldenResult } from './update.js';
export { acceptCorpus, recoverInterruptedAccept } from './swap.js';
export { writeGoldenCorpus, encodeCase } from './write.js';
