import fc from 'fast-check';
import type { Tensor } from '../../types.js';
import { secondValues } from '../arbitraries.js';
import {
  describePoolCase, describeUnpoolCase, poolOutputSize, tensorShape, unpoolIndices, unpoolTargetSize, type PoolCase,
  type UnpoolCase,
} from '../cases.js';
import { firstBitDifference, firstIndexDifference, indexNumbers } from '../compare.js';
import { fail, type CallEvidence, type Mark } from '../failure.js';
import { positionText } from '../format.js';
import { copyTensor, poolWith, unpoolWith, type PoolCall, type UnpoolCall } from '../invoke.js';
import type { GeneratedProperty, PropertyContext } from '../property.js';
import { buildValues, type ValueDraw } from '../values.js';
import { planesArbitrary, type PlanesCase } from './planes-independent.js';
import { poolCall } from './pool-run.js';
import { unpoolCall } from './unpool-run.js';

export interface StateCase {
  first: PlanesCase;
  /** Values of the second call (same shape); for unpool also its indices. */
  second: ValueDraw;
  secondIndices: { codes: number[]; tail: number };
}

function withValues(t: Tensor, draw: ValueDraw): Tensor {
  return { shape: [...t.shape], data: buildValues(draw, t.data instanceof Float64Array ? 'float64' : 'float32', t.data.length) };
}

function poolEvidenceOf(call: PoolCall, got: { values: Tensor; indices: { shape: number[]; data: never } } | undefined, label: string, mark?: Mark): CallEvidence {
  return { ...call, label, ...(got ? { got: { kind: 'pool' as const, values: got.values, indices: got.indices } } : {}), ...(mark ? { mark } : {}) };
}

async function checkPool(ctx: PropertyContext, c: PoolCase, second: ValueDraw): Promise<void> {
  const firstCall = poolCall(c);
  const pristine = copyTensor(firstCall.input);
  const shape = tensorShape(c.geometry, poolOutputSize(c.geometry));
  // The tensors themselves go to the implementation (no copies): changing them is what is looked for.
  const r1 = await poolWith(ctx.impl, firstCall, shape, { label: 'first call', copyInput: false });
  const changed = firstBitDifference(pristine.data, firstCall.input.data);
  if (changed >= 0) {
    fail(`${c.op} changed its input: input${positionText(pristine.shape, changed)} differs after the call`,
      [{ ...firstCall, input: pristine, label: 'the input before the call', showExpected: false },
        { ...firstCall, label: 'the same input after the call', showExpected: false }]);
  }
  const firstValues = copyTensor(r1.values);
  const firstIndex = r1.index.slice();
  const secondCall = poolCall(c, withValues(pristine, second));
  const r2 = await poolWith(ctx.impl, secondCall, shape, { label: 'second call', copyInput: false });
  const laterEvidence = (mark: Mark): CallEvidence[] => [
    poolEvidenceOf({ ...firstCall, input: pristine }, { values: firstValues, indices: r1.indices as never }, 'first call, its result when returned', mark),
    poolEvidenceOf({ ...firstCall, input: pristine }, { values: r1.values, indices: r1.indices as never }, 'first call, its result after the second call', mark),
    poolEvidenceOf(secondCall, { values: r2.values, indices: r2.indices as never }, 'second call (other values, same shapes)'),
  ];
  const v = firstBitDifference(firstValues.data, r1.values.data);
  if (v >= 0) {
    fail(`a later call changed an earlier result: values${positionText(shape, v)} of the first call changed when ${c.op} ` +
      'was called again (an output buffer reused between calls?)', laterEvidence({ tensor: 'values', offset: v }));
  }
  const i = firstIndexDifference(firstIndex, indexNumbers(r1.indices.data));
  if (i >= 0) {
    fail(`a later call changed an earlier result: indices${positionText(shape, i)} of the first call changed when ${c.op} ` +
      'was called again (an output buffer reused between calls?)', laterEvidence({ tensor: 'indices', offset: i }));
  }
  const again = await poolWith(ctx.impl, { ...firstCall, input: copyTensor(pristine) }, shape, { label: 'first input again' });
  const av = firstBitDifference(firstValues.data, again.values.data);
  const ai = firstIndexDifference(firstIndex, again.index);
  if (av >= 0 || ai >= 0) {
    const mark: Mark = av >= 0 ? { tensor: 'values', offset: av } : { tensor: 'indices', offset: ai };
    fail(`the same input gave a different ${mark.tensor}${positionText(shape, mark.offset)} after a call on other values ` +
      '(state kept between calls?)', [
      poolEvidenceOf({ ...firstCall, input: pristine }, { values: firstValues, indices: { shape, data: firstIndex } as never }, 'first call', mark),
      poolEvidenceOf(secondCall, { values: r2.values, indices: r2.indices as never }, 'second call (other values)'),
      poolEvidenceOf({ ...firstCall, input: pristine }, { values: again.values, indices: again.indices as never }, 'first input again', mark),
    ]);
  }
}

async function checkUnpool(ctx: PropertyContext, c: UnpoolCase, second: ValueDraw, secondIndices: StateCase['secondIndices']): Promise<void> {
  const firstCall = unpoolCall(c);
  const pristine = { input: copyTensor(firstCall.input), indices: copyTensor(firstCall.indices) };
  const shape = tensorShape(c.geometry, unpoolTargetSize(c.geometry));
  const r1 = await unpoolWith(ctx.impl, firstCall, shape, { label: 'first call', copyInput: false });
  const changedValues = firstBitDifference(pristine.input.data, firstCall.input.data);
  const changedIndices = firstIndexDifference(indexNumbers(pristine.indices.data), indexNumbers(firstCall.indices.data));
  if (changedValues >= 0 || changedIndices >= 0) {
    fail(`${c.op} changed its input ${changedValues >= 0 ? 'values' : 'indices'}`, [
      { ...firstCall, ...pristine, label: 'the input before the call', showExpected: false },
      { ...firstCall, label: 'the same input after the call', showExpected: false }]);
  }
  const firstOutput = copyTensor(r1);
  const secondCall: UnpoolCall = {
    ...firstCall,
    input: withValues(pristine.input, second),
    indices: unpoolIndices({ ...c, indices: secondIndices }),
  };
  const r2 = await unpoolWith(ctx.impl, secondCall, shape, { label: 'second call', copyInput: false });
  const original = { ...firstCall, ...pristine };
  const v = firstBitDifference(firstOutput.data, r1.data);
  if (v >= 0) {
    fail(`a later call changed an earlier result: output${positionText(shape, v)} of the first call changed when ${c.op} ` +
      'was called again (an output buffer reused between calls?)', [
      { ...original, label: 'first call, its result when returned', got: { kind: 'unpool', output: firstOutput }, mark: { tensor: 'output', offset: v } },
      { ...original, label: 'first call, its result after the second call', got: { kind: 'unpool', output: r1 }, mark: { tensor: 'output', offset: v } },
      { ...secondCall, label: 'second call (other values and indices)', got: { kind: 'unpool', output: r2 } },
    ]);
  }
  const again = await unpoolWith(ctx.impl, { ...firstCall, input: copyTensor(pristine.input), indices: copyTensor(pristine.indices) }, shape,
    { label: 'first input again' });
  const a = firstBitDifference(firstOutput.data, again.data);
  if (a >= 0) {
    fail(`the same input gave a different output${positionText(shape, a)} after a call on other values and indices ` +
      '(state kept between calls, e.g. an output buffer not cleared?)', [
      { ...original, label: 'first call', got: { kind: 'unpool', output: firstOutput }, mark: { tensor: 'output', offset: a } },
      { ...secondCall, label: 'second call (other values and indices)', got: { kind: 'unpool', output: r2 } },
      { ...original, label: 'first input again', got: { kind: 'unpool', output: again }, mark: { tensor: 'output', offset: a } },
    ]);
  }
}

/** Property 13 (beyond the list): calls do not share state. */
export const noSharedState: GeneratedProperty<StateCase> = {
  kind: 'generated',
  id: 'no-shared-state',
  statement: 'Calls share no state: a call leaves its input untouched, a later call leaves an earlier result untouched, and ' +
    'the same input gives the same result before and after a call on other values.',
  ops: 'any',
  arbitrary: (caps) => fc.record({
    first: planesArbitrary(caps),
    second: secondValues(caps),
    secondIndices: fc.record({ codes: fc.array(fc.nat(), { maxLength: 32 }), tail: fc.nat() }),
  }),
  story: (s) => [
    ...(s.first.kind === 'pool' ? describePoolCase(s.first.c) : describeUnpoolCase(s.first.c)),
    `second call: the same shapes, values: ${s.second.profile}${s.first.kind === 'unpool' ? ', other indices' : ''}`,
  ],
  async check(ctx, s) {
    if (s.first.kind === 'pool') await checkPool(ctx, s.first.c, s.second);
    else await checkUnpool(ctx, s.first.c, s.second, s.secondIndices);
  },
};
