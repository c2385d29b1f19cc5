import fc from 'fast-check';
import type { SpecProfile } from '../../reference/spec.js';
import type { Capabilities } from '../../implementation.js';
import type { Tensor } from '../../types.js';
import { declaredPoolOps, declaredUnpoolOps, poolCase, unpoolCase } from '../arbitraries.js';
import {
  describePoolCase, describeUnpoolCase, planeCount, poolOutputSize, product, tensorShape, unpoolOptions,
  unpoolTargetSize, type PoolCase, type UnpoolCase,
} from '../cases.js';
import { firstBitDifference, firstIndexDifference } from '../compare.js';
import { fail } from '../failure.js';
import { positionText, valueText } from '../format.js';
import { poolWith, unpoolWith } from '../invoke.js';
import type { GeneratedProperty } from '../property.js';
import { poolCall, poolEvidence, runPoolCase } from './pool-run.js';
import { unpoolCall, unpoolEvidence } from './unpool-run.js';

export type PlanesCase = { kind: 'pool'; c: PoolCase } | { kind: 'unpool'; c: UnpoolCase };

function planeOf(t: Tensor, plane: number, planeSize: number, spatial: readonly number[]): Tensor {
  return { shape: [1, 1, ...spatial], data: t.data.slice(plane * planeSize, (plane + 1) * planeSize) };
}

function planeName(g: { batched: boolean; channels: number }, plane: number): string {
  return g.batched ? `(n=${Math.floor(plane / g.channels)}, c=${plane % g.channels})` : `(c=${plane})`;
}

export function planesArbitrary(caps: Capabilities, spec?: SpecProfile): fc.Arbitrary<PlanesCase> {
  const choices: fc.Arbitrary<PlanesCase>[] = [];
  if (declaredPoolOps(caps).length > 0) choices.push(poolCase(caps, { dilation: true, ...(spec ? { spec } : {}) }).map((c) => ({ kind: 'pool' as const, c })));
  if (declaredUnpoolOps(caps).length > 0) choices.push(unpoolCase(caps).map((c) => ({ kind: 'unpool' as const, c })));
  return fc.oneof(...choices);
}

/** Property 8: a batch is pooled (and unpooled) as its planes are, one by one. */
export const planesIndependent: GeneratedProperty<PlanesCase> = {
  kind: 'generated',
  id: 'planes-independent',
  statement: 'Planes are independent: pooling or unpooling a batch gives, for each (n, c) plane, exactly what that plane ' +
    'gives alone as a (1, 1, ...spatial) tensor; indices count within the plane, never across channels or the batch.',
  ops: 'any',
  arbitrary: planesArbitrary,
  story: (pc) => (pc.kind === 'pool' ? describePoolCase(pc.c) : describeUnpoolCase(pc.c)),
  async check(ctx, pc) {
    if (pc.kind === 'pool') {
      const c = pc.c;
      const whole = await runPoolCase(ctx, c);
      const outSize = poolOutputSize(c.geometry);
      const outPlane = product(outSize);
      const inPlane = product(c.geometry.inputSize);
      for (let plane = 0; plane < planeCount(c.geometry); plane++) {
        const alone = poolCall(c, planeOf(whole.call.input, plane, inPlane, c.geometry.inputSize));
        const label = `plane ${planeName(c.geometry, plane)} alone`;
        const got = await poolWith(ctx.impl, alone, [1, 1, ...outSize], { label });
        const aloneEvidence = (tensor: 'values' | 'indices', offset: number) => ({
          ...alone, label, got: { kind: 'pool' as const, values: got.values, indices: got.indices }, mark: { tensor, offset },
        });
        const wholeIndex = whole.output.index.subarray(plane * outPlane, (plane + 1) * outPlane);
        const i = firstIndexDifference(got.index, wholeIndex);
        if (i >= 0) {
          const at = plane * outPlane + i;
          fail(`indices${positionText(whole.outputShape, at)} is ${wholeIndex[i]} in the batch, but ${got.index[i]} when plane ` +
            `${planeName(c.geometry, plane)} is pooled alone`, [poolEvidence(whole, { tensor: 'indices', offset: at }, 'whole batch'), aloneEvidence('indices', i)]);
        }
        const wholeValues = whole.output.values.data.subarray(plane * outPlane, (plane + 1) * outPlane);
        const v = firstBitDifference(got.values.data, wholeValues);
        if (v >= 0) {
          const at = plane * outPlane + v;
          fail(`values${positionText(whole.outputShape, at)} is ${valueText(wholeValues, v)} in the batch, but ` +
            `${valueText(got.values.data, v)} when plane ${planeName(c.geometry, plane)} is pooled alone`,
          [poolEvidence(whole, { tensor: 'values', offset: at }, 'whole batch'), aloneEvidence('values', v)]);
        }
      }
      return;
    }
    const c = pc.c;
    const g = c.geometry;
    const call = unpoolCall(c);
    const target = unpoolTargetSize(g);
    const wholeShape = tensorShape(g, target);
    const whole = await unpoolWith(ctx.impl, call, wholeShape, { label: 'whole batch' });
    const inPlane = product(g.inputSize);
    const outPlane = product(target);
    const planeGeometry = { ...g, batched: true, batch: 1, channels: 1 };
    for (let plane = 0; plane < planeCount(g); plane++) {
      const label = `plane ${planeName(g, plane)} alone`;
      const alone = {
        op: c.op,
        input: planeOf(call.input, plane, inPlane, g.inputSize),
        indices: { shape: [1, 1, ...g.inputSize], data: call.indices.data.slice(plane * inPlane, (plane + 1) * inPlane) },
        options: unpoolOptions({ geometry: planeGeometry, spelling: c.spelling }),
      };
      const got = await unpoolWith(ctx.impl, alone, [1, 1, ...target], { label });
      const wholePlane = whole.data.subarray(plane * outPlane, (plane + 1) * outPlane);
      const v = firstBitDifference(got.data, wholePlane);
      if (v >= 0) {
        const at = plane * outPlane + v;
        fail(`output${positionText(wholeShape, at)} is ${valueText(wholePlane, v)} in the batch, but ${valueText(got.data, v)} ` +
          `when plane ${planeName(g, plane)} is unpooled alone`,
        [unpoolEvidence(call, whole, { tensor: 'output', offset: at }, 'whole batch'), unpoolEvidence(alone, got, { tensor: 'output', offset: v }, label)]);
      }
    }
  },
};

