/**
 * What a property is: an id, the rule in words, which ops it exercises, and either a generator
 * plus a check (run by fast-check) or a fixed corpus of cases. Also the coverage rules: what the
 * implementation's declaration leaves out of a property is listed, never counted as passed.
 */
import type fc from 'fast-check';
import type { Capabilities, Implementation } from '../implementation.js';
import { FULL_CAPABILITIES } from '../implementation.js';
import type { FailureEvidence } from './failure.js';
import type { SpecProfile } from '../reference/spec.js';
import {
  POOL_OPS, UNPOOL_OPS, type IndexTensorInput, type OpName, type PoolOptions, type Tensor, type UnpoolOptions,
} from '../types.js';

/** One call as a deviation file describes it: what was asked of the implementation. */
export interface ExcusableCall {
  op: OpName;
  input: Tensor;
  options: PoolOptions | UnpoolOptions;
  indices?: IndexTensorInput;
}

/**
 * Decides whether a failing call is a documented deviation of the implementation (returns the
 * deviation's id) or a failure (undefined). Supplied by whoever knows the implementation's
 * deviation file; the properties only ask.
 */
export type Excuse = (propertyId: string, call: ExcusableCall) => string | undefined;

export interface PropertyContext {
  impl: Implementation;
  caps: Capabilities;
  /** Which PyTorch the run checks against: the oracle follows it and the generators draw its limits. */
  spec: SpecProfile;
  excuse?: Excuse;
}

/** Which ops a property drives: pool ops, unpool ops, or whichever are declared. */
export type OpKind = 'pool' | 'unpool' | 'any';

interface PropertyBase {
  id: string;
  /** The rule, in words, as the report prints it. */
  statement: string;
  ops: OpKind;
  /** Error properties do not apply to implementations that declare errors: 'none'. */
  errors?: boolean;
  /** Further reasons the property cannot run against a declaration (besides ops and errors). */
  notCovered?(caps: Capabilities): string | undefined;
  /** Parts of the property a declaration leaves out (besides those every property shares). */
  uncovered?(caps: Capabilities): string[];
}

export interface GeneratedProperty<Case = unknown> extends PropertyBase {
  kind: 'generated';
  /** Cases to run for a budget of `budget` cases per property (default: the budget). */
  runs?(budget: number): number;
  /** Cases inside the declaration; `spec` gives the profile's limits (e.g. the padding a valid case may use). */
  arbitrary(caps: Capabilities, spec?: SpecProfile): fc.Arbitrary<Case>;
  /** Resolves when the case conforms; throws PropertyFailure when it does not. */
  check(ctx: PropertyContext, c: Case): Promise<void>;
  /** The case in words: the first lines of a failure report. */
  story(c: Case): string[];
}

export interface CorpusCaseFailure {
  caseId: string;
  story: string[];
  error: unknown;
  /** The call, what came back and what PyTorch recorded, as data. */
  evidence?: FailureEvidence;
  /** Where the case lives: a file relative to the corpus directory, and its 1-based line. */
  source?: { file: string; line: number };
  /** The case's expectation differs under another spec profile, and the implementation met that one. */
  specHint?: string;
}

export interface CorpusOutcome {
  /** Cases run (inside the declaration). */
  ran: number;
  /** Failing cases that a documented deviation explains, by deviation id. */
  excused?: Record<string, number>;
  /** Cases left out because the declaration excludes them. */
  skipped: number;
  failures: CorpusCaseFailure[];
  /** Set when there is no corpus to run at all. */
  unavailable?: string;
}

export interface CorpusProperty extends PropertyBase {
  kind: 'corpus';
  /** `shard`: check only the corpus cases at positions k with k mod count = index. */
  run(ctx: PropertyContext, options: { only?: string; shard?: { index: number; count: number }; onCase?: () => void }): Promise<CorpusOutcome>;
}

export type Property = GeneratedProperty<any> | CorpusProperty; // eslint-disable-line @typescript-eslint/no-explicit-any

function opsOfKind(kind: OpKind): readonly OpName[] {
  return kind === 'pool' ? POOL_OPS : kind === 'unpool' ? UNPOOL_OPS : [...POOL_OPS, ...UNPOOL_OPS];
}

/** Why the property cannot run at all against this declaration, or undefined. */
export function notCoveredReason(property: Property, caps: Capabilities): string | undefined {
  const wanted = opsOfKind(property.ops);
  if (!wanted.some((op) => caps.ops.includes(op))) {
    return `the implementation has none of ${wanted.join(', ')}`;
  }
  if (property.errors && caps.errors === 'none') return "the implementation declares errors: 'none'";
  if (caps.dtypes.length === 0) return 'the implementation declares no dtype';
  return property.notCovered?.(caps);
}

/** What the declaration leaves out of a property that does run: reported next to its result. */
export function uncoveredParts(property: Property, caps: Capabilities): string[] {
  const parts: string[] = [];
  const wanted = opsOfKind(property.ops);
  const missing = wanted.filter((op) => !caps.ops.includes(op));
  if (missing.length > 0) parts.push(`ops ${missing.join(', ')}`);
  const dtypes = FULL_CAPABILITIES.dtypes.filter((d) => !caps.dtypes.includes(d));
  if (dtypes.length > 0) parts.push(`dtype ${dtypes.join(', ')}`);
  if (!caps.unbatched) parts.push('unbatched input');
  const pools = property.ops !== 'unpool';
  if (pools && !caps.dilation) parts.push('dilation');
  if (pools && !caps.ceilMode) parts.push('ceil mode');
  if (caps.padding !== 'per-axis') parts.push(caps.padding === 'none' ? 'padding' : 'per-axis padding');
  if (!caps.perAxis) parts.push('per-axis kernel and stride');
  if (Number.isFinite(caps.maxKernel)) parts.push(`kernels over ${caps.maxKernel}`);
  if (Number.isFinite(caps.maxInputLength)) parts.push(`inputs longer than ${caps.maxInputLength}`);
  if (Number.isFinite(caps.maxPlaneSize)) parts.push(`planes over ${caps.maxPlaneSize} elements`);
  if (!caps.nan) parts.push('NaN');
  if (property.ops !== 'pool' && !caps.unpoolOutputSize) parts.push('unpool outputSize');
  if (caps.errors === 'throws' && property.errors) parts.push("PyTorch's error messages (errors: 'throws')");
  parts.push(...(property.uncovered?.(caps) ?? []));
  return parts;
}
