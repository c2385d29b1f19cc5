/**
 * What a property throws when an implementation breaks it: a one-line summary naming the first
 * wrong element, and the evidence (the calls made, what came back, which element to mark) from
 * which the report draws its grids. Nothing is formatted or computed here, so that the passing
 * path and the many failing attempts made while shrinking stay cheap; the expected results are
 * recorded once, on the shrunk failure, before anything is reported.
 */
import type { IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions } from '../types.js';

export type CallOutcome =
  | { kind: 'pool'; values: Tensor; indices: IndexTensorInput }
  | { kind: 'unpool'; output: Tensor }
  | { kind: 'error'; error: unknown }
  | { kind: 'malformed'; raw: unknown };

export interface Mark {
  tensor: 'values' | 'indices' | 'output';
  /** Flat offset in that tensor. */
  offset: number;
}

export interface CallEvidence {
  /** What this call was, when a property makes more than one ("whole batch", "plane (0, 1) alone"). */
  label?: string;
  op: OpName;
  input: Tensor;
  indices?: IndexTensorInput;
  options: PoolOptions | UnpoolOptions;
  got?: CallOutcome;
  /**
   * What PyTorch gives for this call (the reference, or the golden corpus's recorded answer).
   * Recorded when the failure is built (see recordExpected in oracle.ts), so that reports only
   * format; absent when the call has no single right answer to show (showExpected false).
   */
  expected?: CallOutcome;
  mark?: Mark;
  /** Show the reference's result for this call next to what came back (default true). */
  showExpected?: boolean;
}

export interface FailureEvidence {
  summary: string;
  /** Further lines explaining the rule that was broken, in the case's own numbers. */
  details?: string[];
  calls: CallEvidence[];
}

export class PropertyFailure extends Error {
  readonly evidence: FailureEvidence;

  constructor(evidence: FailureEvidence) {
    super(evidence.summary);
    this.name = 'PropertyFailure';
    this.evidence = evidence;
  }
}

/** A bug in poolcheck itself (a generator produced a case the reference rejects, ...). */
export class SuiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuiteError';
  }
}

export function fail(summary: string, calls: CallEvidence[], details?: string[]): never {
  throw new PropertyFailure(details ? { summary, calls, details } : { summary, calls });
}
