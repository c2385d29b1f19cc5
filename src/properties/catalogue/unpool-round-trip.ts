import fc from 'fast-check';
import { declaredUnpoolOps, poolCase, poolOpFor } from '../arbitraries.js';
import {
  describePoolCase, poolInput, poolOptions, UNPOOL_OP_OF_RANK, unpoolDefaultSize, unpoolGeometryAfterPool,
  unpoolOptions, type PoolCase,
} from '../cases.js';
import type { GeneratedProperty } from '../property.js';
import { referencePool } from '../oracle.js';
import { checkScatter, runUnpool } from './unpool-run.js';

export interface RoundTripCase {
  pool: PoolCase;
  /** Pass outputSize = the pooled input's size (always when the default size differs from it). */
  restore: boolean;
  outputSizeForm: 'spatial' | 'full';
}

/**
 * Without outputSize support the default size must equal the input size: floor mode, and an
 * input length with (L + 2p − k) divisible by s.
 */
function fitDefaultSize(c: PoolCase): PoolCase {
  const g = c.geometry;
  const inputSize = g.inputSize.map((length, j) => {
    const fitted = length - ((length + 2 * g.padding[j]! - g.kernel[j]!) % g.stride[j]!);
    return fitted >= 1 ? fitted : fitted + g.stride[j]!;
  });
  return { ...c, geometry: { ...g, inputSize, ceilMode: false } };
}

function restores(rt: RoundTripCase): boolean {
  const g = rt.pool.geometry;
  const defaults = unpoolDefaultSize({ ...g, inputSize: unpoolGeometryAfterPool(g, false, 'spatial').inputSize });
  return rt.restore || defaults.some((length, j) => length !== g.inputSize[j]);
}

/** Property 6: unpooling a pooling result puts every maximum back and zeros the rest. */
export const unpoolRoundTrip: GeneratedProperty<RoundTripCase> = {
  kind: 'generated',
  id: 'unpool-round-trip',
  statement: "Unpooling a pooling result (the reference's, so that only the unpool is judged) puts every maximum back at " +
    'its index and +0 everywhere else; with outputSize = the input size, odd sizes come back exactly.',
  ops: 'unpool',
  arbitrary: (caps) => fc.record({
    pool: poolCase(caps, { dilation: false }, declaredUnpoolOps(caps).map(poolOpFor))
      .map((c) => (caps.unpoolOutputSize ? c : fitDefaultSize(c))),
    restore: fc.boolean(),
    outputSizeForm: fc.constantFrom<'spatial' | 'full'>('spatial', 'full'),
  }).map((rt) => ({ ...rt, restore: caps.unpoolOutputSize && restores(rt) })),
  story: (rt) => [
    ...describePoolCase(rt.pool).map((line, i) => (i === 0 ? `pooled by the reference: ${line}` : line)),
    rt.restore ? `then unpooled with outputSize = the input size (${rt.outputSizeForm === 'full' ? 'written as (N, C, ...spatial)' : 'spatial sizes'})`
      : 'then unpooled with the default size (which equals the input size here)',
  ],
  async check(ctx, rt) {
    const pool = rt.pool;
    const pooled = referencePool({ op: pool.op, input: poolInput(pool), options: poolOptions(pool) }, ctx.spec);
    const geometry = unpoolGeometryAfterPool(pool.geometry, rt.restore, rt.outputSizeForm);
    const call = {
      op: UNPOOL_OP_OF_RANK[pool.geometry.rank],
      input: pooled.values,
      indices: pooled.indices,
      options: unpoolOptions({ geometry, spelling: pool.spelling }),
    };
    const output = await runUnpool(ctx, call, geometry);
    checkScatter(call, geometry, output);
  },
};
