/**
 * When a port fails on a call where the spec profiles disagree, and it answered exactly as
 * another profile's PyTorch does, the failure says so and names the `--spec` to use: a port
 * written against PyTorch 2 should not be told it is wrong where it is right for its PyTorch.
 */
import { describeSpec, otherSpecs, type SpecProfile } from '../reference/spec.js';
import type { CallEvidence, FailureEvidence } from './failure.js';
import type { PoolCall, UnpoolCall } from './invoke.js';
import { poolRejection, unpoolRejection } from './oracle.js';

/** What the reference does with a call under a profile: accept it, or refuse it with this message. */
type Verdict = { accepts: true } | { accepts: false; message: string };

function verdictOf(call: CallEvidence, spec: SpecProfile): Verdict | undefined {
  try {
    const message = call.op.startsWith('maxPool')
      ? poolRejection(call as PoolCall, spec)
      : unpoolRejection(call as UnpoolCall, spec);
    return message === undefined ? { accepts: true } : { accepts: false, message };
  } catch {
    // Not a call the reference can judge (a malformed evidence entry): no hint.
    return undefined;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when what came back is what the reference under `verdict` would have done. */
function answeredAs(call: CallEvidence, verdict: Verdict): boolean {
  const got = call.got;
  if (!got) return false;
  if (got.kind === 'error') return !verdict.accepts && errorMessage(got.error).includes(verdict.message);
  return verdict.accepts;
}

/**
 * The hint for a failure, or undefined: some call of the evidence is one where `spec` and
 * another profile disagree (acceptance or message), and the implementation's answer is the other
 * profile's.
 */
export function specHint(evidence: FailureEvidence | undefined, spec: SpecProfile): string | undefined {
  for (const call of evidence?.calls ?? []) {
    const here = verdictOf(call, spec);
    if (!here || answeredAs(call, here)) continue;
    for (const other of otherSpecs(spec)) {
      const there = verdictOf(call, other);
      if (!there || !answeredAs(call, there)) continue;
      const differ = here.accepts !== there.accepts
        ? (here.accepts ? `PyTorch ${spec.pytorch} accepts this call and PyTorch ${other.pytorch} refuses it`
          : `PyTorch ${spec.pytorch} refuses this call and PyTorch ${other.pytorch} accepts it`)
        : `PyTorch ${spec.pytorch} and PyTorch ${other.pytorch} refuse this call with different messages`;
      return `${differ} (docs/semantics.md), and the implementation answered as PyTorch ${other.pytorch} does. ` +
        `This run checks against ${describeSpec(spec)}; if the port follows PyTorch ${other.pytorch}, run it with --spec ${other.name}.`;
    }
  }
  return undefined;
}
