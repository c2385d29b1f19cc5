/**
 * The reference, as the properties consult it: for the full-agreement property, for the error a
 * call must raise, for unpool inputs that come from real pooling, and for the expected grids a
 * failure report shows. Properties 1–9 judge without it.
 *
 * Expected results are computed by the fast path (src/fast), which gives the readable
 * reference's results, indices and errors bit for bit: test/fast.test.ts checks that by property
 * and against the whole golden corpus on every test run. It keeps the suite quick on realistic
 * tensor sizes; the readable reference stays the definition.
 */
import { fastOps as reference } from '../fast/index.js';
import { PoolcheckError } from '../reference/index.js';
import type { SpecProfile } from '../reference/spec.js';
import type { PoolResult, Tensor } from '../types.js';
import type { CallEvidence, CallOutcome } from './failure.js';
import type { PoolCall, UnpoolCall } from './invoke.js';

/** The reference's result for a pool call, under the run's spec profile. */
export function referencePool(call: PoolCall, spec: SpecProfile): PoolResult {
  return reference[call.op](call.input, { ...call.options, spec });
}

/** The reference's result for an unpool call, under the run's spec profile. */
export function referenceUnpool(call: UnpoolCall, spec: SpecProfile): Tensor {
  return reference[call.op](call.input, call.indices, { ...call.options, spec });
}

/** PyTorch's message for a call the reference rejects, or undefined when it accepts it. */
function referenceRejection(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof PoolcheckError) return error.message;
    throw error;
  }
}

export function poolRejection(call: PoolCall, spec: SpecProfile): string | undefined {
  return referenceRejection(() => referencePool(call, spec));
}

export function unpoolRejection(call: UnpoolCall, spec: SpecProfile): string | undefined {
  return referenceRejection(() => referenceUnpool(call, spec));
}

/** What the reference gives for a call: its result, or the error it raises. */
export function expectedOutcome(call: PoolCall | UnpoolCall, spec: SpecProfile): CallOutcome {
  try {
    if (call.op.startsWith('maxPool')) {
      const r = referencePool(call as PoolCall, spec);
      return { kind: 'pool', values: r.values, indices: r.indices };
    }
    return { kind: 'unpool', output: referenceUnpool(call as UnpoolCall, spec) };
  } catch (error) {
    return { kind: 'error', error };
  }
}

/**
 * Records the expected outcome on every call of a failure that shows one and has none yet.
 * Run once per reported failure (never while shrinking), so that formatting only formats.
 */
export function recordExpected(calls: readonly CallEvidence[], spec: SpecProfile): void {
  for (const call of calls) {
    if (call.showExpected === false || call.expected !== undefined) continue;
    call.expected = expectedOutcome(call as PoolCall | UnpoolCall, spec);
  }
}
