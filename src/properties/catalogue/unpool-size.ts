import { unpoolCase } from '../arbitraries.js';
import { describeUnpoolCase, type UnpoolCase } from '../cases.js';
import type { GeneratedProperty } from '../property.js';
import { checkScatter, runUnpool, unpoolCall } from './unpool-run.js';

/** Property 7a: the default size, every accepted outputSize, and the scatter rule on arbitrary indices. */
export const unpoolSize: GeneratedProperty<UnpoolCase> = {
  kind: 'generated',
  id: 'unpool-size',
  statement: "Unpool's output has the default size (Lin−1)·s + k − 2p per axis, or the requested outputSize anywhere " +
    'strictly between default − s and default + s (given as spatial sizes or as (N, C, ...spatial)); each input element ' +
    'lands at its index in its own plane, everything else is +0.',
  ops: 'unpool',
  arbitrary: (caps) => unpoolCase(caps),
  story: describeUnpoolCase,
  async check(ctx, c) {
    const call = unpoolCall(c);
    const output = await runUnpool(ctx, call, c.geometry);
    checkScatter(call, c.geometry, output);
  },
};
