/**
 * Judging a call PyTorch refuses: the implementation must refuse it too, by throwing (a crash of
 * a protocol child is no refusal), and with errors: 'pytorch' its message must carry PyTorch's.
 * One home for the rule, shared by every property that plants invalid input.
 */
import { fail, type CallEvidence } from './failure.js';
import { attemptPool, attemptUnpool, errorText, type PoolCall, type UnpoolCall } from './invoke.js';
import type { PropertyContext } from './property.js';

/** What came back from a call that should have thrown, as evidence. */
function gotOf(call: PoolCall | UnpoolCall, value: unknown): CallEvidence['got'] {
  const v = value as { values?: unknown; indices?: unknown; shape?: unknown; data?: unknown } | null;
  if (!('indices' in call) && v && typeof v === 'object' && v.values && v.indices) {
    return { kind: 'pool', values: v.values as never, indices: v.indices as never };
  }
  if ('indices' in call && v && typeof v === 'object' && v.shape && v.data) return { kind: 'unpool', output: v as never };
  return { kind: 'malformed', raw: value };
}

/**
 * Calls the implementation with a case PyTorch refuses (`fault` names what is wrong with it,
 * `expected` is PyTorch's message) and fails unless the implementation refuses it as the
 * declaration promises.
 */
export async function expectRejection(ctx: PropertyContext, call: PoolCall | UnpoolCall, fault: string, expected: string): Promise<void> {
  const settled = 'indices' in call ? await attemptUnpool(ctx.impl, call) : await attemptPool(ctx.impl, call);
  const evidence: CallEvidence = { ...call, got: settled.ok ? gotOf(call, settled.value) : { kind: 'error', error: settled.error } };
  if (settled.ok) {
    fail(`${call.op} accepted an invalid case (${fault}); PyTorch raises: ${expected}`, [evidence]);
  }
  if (settled.crashed) {
    // A dead or hung child says nothing about whether the implementation would have refused.
    const [firstLine] = errorText(settled.error).split('\n');
    fail(`${call.op} crashed instead of rejecting an invalid case (${fault}): ${firstLine}`, [evidence], [
      `PyTorch raises: ${expected}`,
    ]);
  }
  if (ctx.caps.errors === 'pytorch') {
    const message = settled.error instanceof Error ? settled.error.message : String(settled.error);
    if (!message.includes(expected)) {
      fail(`${call.op} rejected the invalid case (${fault}), but not with PyTorch's message`, [evidence], [
        `expected a message containing: ${expected}`,
        `got: ${errorText(settled.error)}`,
      ]);
    }
  }
}
