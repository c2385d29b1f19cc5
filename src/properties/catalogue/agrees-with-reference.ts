import fc from 'fast-check';
import type { Capabilities } from '../../implementation.js';
import { declaredPoolOps, declaredUnpoolOps, poolCase, poolOpFor, unpoolCase } from '../arbitraries.js';
import {
  describePoolCase, describeUnpoolCase, poolInput, poolOptions, UNPOOL_OP_OF_RANK, unpoolGeometryAfterPool,
  unpoolOptions, type PoolCase, type UnpoolCase, type UnpoolGeometry,
} from '../cases.js';
import { Bits, firstBitDifference, firstIndexDifference, indexNumbers } from '../compare.js';
import { fail } from '../failure.js';
import { positionText, valueText } from '../format.js';
import { referencePool, referenceUnpool } from '../oracle.js';
import type { SpecProfile } from '../../reference/spec.js';
import type { GeneratedProperty } from '../property.js';
import type { UnpoolCall } from '../invoke.js';
import type { Tensor } from '../../types.js';
import { poolEvidence, runPoolCase } from './pool-run.js';
import { checkScatter, runUnpool, unpoolCall, unpoolEvidence } from './unpool-run.js';

export type AgreementCase =
  | { kind: 'pool'; c: PoolCase }
  | { kind: 'unpool'; c: UnpoolCase }
  /** Unpool of a real pooling result, restoring the pooled input's size. */
  | { kind: 'unpool of pool'; c: PoolCase };

function agreementArbitrary(caps: Capabilities, spec: SpecProfile): fc.Arbitrary<AgreementCase> {
  const choices: fc.Arbitrary<AgreementCase>[] = [];
  if (declaredPoolOps(caps).length > 0) choices.push(poolCase(caps, { dilation: true, spec }).map((c) => ({ kind: 'pool' as const, c })));
  const unpoolOps = declaredUnpoolOps(caps);
  if (unpoolOps.length > 0) {
    choices.push(unpoolCase(caps).map((c) => ({ kind: 'unpool' as const, c })));
    if (caps.unpoolOutputSize) {
      choices.push(poolCase(caps, { dilation: false }, unpoolOps.map(poolOpFor)).map((c) => ({ kind: 'unpool of pool' as const, c })));
    }
  }
  return fc.oneof(...choices);
}

/**
 * The scatter rule first (so that a misplaced element is reported as such), then bit for bit:
 * what is left is which of several inputs sharing an index won.
 */
function sameAsReference(call: UnpoolCall, g: UnpoolGeometry, output: Tensor, spec: SpecProfile): void {
  checkScatter(call, g, output);
  const expected = referenceUnpool(call, spec);
  const at = firstBitDifference(output.data, expected.data);
  if (at >= 0) {
    fail(`output${positionText(output.shape, at)} is ${valueText(output.data, at)}, the reference gives ` +
      `${valueText(expected.data, at)}: where several inputs share an index, PyTorch (on one thread) keeps the last`,
    [unpoolEvidence(call, output, { tensor: 'output', offset: at })]);
  }
}

/** Property 10: the same answer as the reference, element for element. */
export const agreesWithReference: GeneratedProperty<AgreementCase> = {
  kind: 'generated',
  id: 'agrees-with-reference',
  statement: 'Every output agrees with the reference on the same case: pooled values bit for bit and indices exactly, ' +
    'unpool outputs bit for bit (where several inputs share an index the last one wins, as in PyTorch on one thread).',
  ops: 'any',
  arbitrary: agreementArbitrary,
  story: (a) => (a.kind === 'pool' ? describePoolCase(a.c)
    : a.kind === 'unpool' ? describeUnpoolCase(a.c)
      : [...describePoolCase(a.c).map((l, i) => (i === 0 ? `pooled by the reference: ${l}` : l)),
        'then unpooled with outputSize = the input size']),
  async check(ctx, a) {
    if (a.kind === 'pool') {
      const run = await runPoolCase(ctx, a.c);
      const expected = referencePool(run.call, ctx.spec);
      const expectedIndex = indexNumbers(expected.indices.data);
      const i = firstIndexDifference(run.output.index, expectedIndex);
      if (i >= 0) {
        fail(`indices${positionText(run.outputShape, i)} is ${run.output.index[i]}, the reference gives ${expectedIndex[i]}`,
          [poolEvidence(run, { tensor: 'indices', offset: i })]);
      }
      const expectedBits = new Bits(expected.values.data);
      for (let at = 0; at < expectedIndex.length; at++) {
        if (!run.valueBits.equal(at, expectedBits, at)) {
          fail(`values${positionText(run.outputShape, at)} is ${valueText(run.output.values.data, at)}, the reference gives ` +
            `${valueText(expected.values.data, at)}`, [poolEvidence(run, { tensor: 'values', offset: at })]);
        }
      }
      return;
    }
    if (a.kind === 'unpool') {
      const call = unpoolCall(a.c);
      sameAsReference(call, a.c.geometry, await runUnpool(ctx, call, a.c.geometry), ctx.spec);
      return;
    }
    const pooled = referencePool({ op: a.c.op, input: poolInput(a.c), options: poolOptions(a.c) }, ctx.spec);
    const geometry = unpoolGeometryAfterPool(a.c.geometry, true, 'spatial');
    const call = {
      op: UNPOOL_OP_OF_RANK[a.c.geometry.rank], input: pooled.values, indices: pooled.indices,
      options: unpoolOptions({ geometry, spelling: a.c.spelling }),
    };
    sameAsReference(call, geometry, await runUnpool(ctx, call, geometry), ctx.spec);
  },
};
