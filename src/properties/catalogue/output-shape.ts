import { poolCase } from '../arbitraries.js';
import { describePoolCase, type PoolCase } from '../cases.js';
import type { GeneratedProperty } from '../property.js';
import { runPoolCase } from './pool-run.js';

/**
 * Property 5: values and indices have the shape the size rule gives (floor or ceil, with the
 * rule that drops a last window starting in the right padding), the input's rank (batched or
 * not) and the input's dtype. runPoolCase checks all of that on every call.
 */
export const outputShape: GeneratedProperty<PoolCase> = {
  kind: 'generated',
  id: 'output-shape',
  statement: 'Values and indices have the shape the size rule gives: floor((L+2p−d(k−1)−1)/s)+1 per axis, or in ceil mode ' +
    'the ceiling, less a last window that would start in the right padding; same rank (batched or not) and dtype as the input.',
  ops: 'pool',
  arbitrary: (caps, spec) => poolCase(caps, { dilation: true, spec }),
  story: describePoolCase,
  async check(ctx, c) {
    await runPoolCase(ctx, c);
  },
};
