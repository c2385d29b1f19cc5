import fc from 'fast-check';
import type { Tensor } from '../../types.js';
import { secondValues } from '../arbitraries.js';
import {
  describePoolCase, describeUnpoolCase, poolOutputSize, tensorShape, unpoolIndices, unpoolTargetSize, type PoolCase,
  type UnpoolCase,
} from '../cases.js';
import { firstBitDifference, firstIndexDifference, formatShape, indexNumbers, sameShape } from '../compare.js';
import { fail, type CallEvidence, type Mark } from '../failure.js';
import { positionText } from '../format.js';
import { copyTensor, poolWith, unpoolWith, type PoolCall, type UnpoolCall } from '../invoke.js';
import { flipEveryBit, sharesMemory } from '../memory.js';
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

type TypedView = ArrayBufferView & { readonly BYTES_PER_ELEMENT: number };

/** A tensor a call received or returned, named as the report names it. */
interface NamedView {
  name: string;
  data: ArrayBufferView;
}

/** The first pair of views that share memory (a result with the input, or with another result). */
function firstSharedPair(results: readonly NamedView[], others: readonly NamedView[]): [NamedView, NamedView] | undefined {
  for (const [i, a] of results.entries()) {
    for (const b of [...results.slice(i + 1), ...others]) if (sharesMemory(a.data, b.data)) return [a, b];
  }
  return undefined;
}

/** The shape arrays a call received, as they were, to tell whether the call changed them in place. */
function changedShape(name: string, before: readonly number[], after: unknown): string | undefined {
  if (Array.isArray(after) && sameShape(before, after as number[])) return undefined;
  const now = Array.isArray(after) ? formatShape(after as number[]) : String(after);
  return `${name}.shape was ${formatShape(before)} before the call and is ${now} after it (changed in place)`;
}

/**
 * Writes to every element of the caller's input tensors after the call has returned, and says
 * which element of a result changed with them (the result reads the caller's memory), or undefined.
 */
function resultFollowsInput(inputs: readonly ArrayBufferView[], results: readonly { name: string; before: Uint8Array; data: TypedView }[]): string | undefined {
  for (const input of inputs) flipEveryBit(input);
  try {
    for (const r of results) {
      const now = new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength);
      const byte = now.findIndex((b, i) => b !== r.before[i]);
      if (byte >= 0) return `${r.name}[${Math.floor(byte / r.data.BYTES_PER_ELEMENT)}] (flat)`;
    }
    return undefined;
  } finally {
    for (const input of inputs) flipEveryBit(input);
  }
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
}

async function checkPool(ctx: PropertyContext, c: PoolCase, second: ValueDraw): Promise<void> {
  const firstCall = poolCall(c);
  const pristine = copyTensor(firstCall.input);
  const shape = tensorShape(c.geometry, poolOutputSize(c.geometry));
  // The tensors themselves go to the implementation (no copies): changing them is what is looked for.
  const r1 = await poolWith(ctx.impl, firstCall, shape, { label: 'first call', copyInput: false });
  const shapeChange = changedShape('input', pristine.shape, firstCall.input.shape);
  if (shapeChange) {
    fail(`${c.op} changed its input's shape: ${shapeChange}`,
      [{ ...firstCall, input: pristine, label: 'the call (input as it was before the call)', showExpected: false }]);
  }
  const changed = firstBitDifference(pristine.data, firstCall.input.data);
  if (changed >= 0) {
    fail(`${c.op} changed its input: input${positionText(pristine.shape, changed)} differs after the call`,
      [{ ...firstCall, input: pristine, label: 'the input before the call', showExpected: false },
        { ...firstCall, label: 'the same input after the call', showExpected: false }]);
  }
  const firstGot = { kind: 'pool' as const, values: r1.values, indices: r1.indices };
  const shared = firstSharedPair(
    [{ name: 'values', data: r1.values.data }, { name: 'indices', data: r1.indices.data }],
    [{ name: 'the input', data: firstCall.input.data }]);
  if (shared) {
    fail(`${c.op} returned ${shared[0].name} that share memory with ${shared[1].name} (the same ArrayBuffer, overlapping bytes): ` +
      'writing to one changes the other', [{ ...firstCall, input: pristine, label: 'the call', got: firstGot }]);
  }
  const firstValues = copyTensor(r1.values);
  const firstIndex = r1.index.slice();
  const follows = resultFollowsInput([firstCall.input.data], [
    { name: 'values', before: bytesOf(r1.values.data), data: r1.values.data },
    { name: 'indices', before: bytesOf(r1.indices.data), data: r1.indices.data },
  ]);
  if (follows) {
    fail(`writing to the input after ${c.op} returned changed its result: ${follows} changed (the result reads the caller's memory)`,
      [{ ...firstCall, input: pristine, label: 'the call, its result when returned', got: { kind: 'pool', values: firstValues, indices: r1.indices } }]);
  }
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
  const reused = firstSharedPair(
    [{ name: "the second call's values", data: r2.values.data }, { name: "the second call's indices", data: r2.indices.data }],
    [{ name: "the first call's values", data: r1.values.data }, { name: "the first call's indices", data: r1.indices.data }]);
  if (reused) {
    fail(`${c.op} returned ${reused[0].name} in the same memory as ${reused[1].name} (an output buffer reused between calls): ` +
      'the first result changes whenever the second is written to', laterEvidence({ tensor: 'values', offset: 0 }));
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
  const shapeChange = changedShape('input', pristine.input.shape, firstCall.input.shape) ??
    changedShape('indices', pristine.indices.shape, firstCall.indices.shape);
  if (shapeChange) {
    fail(`${c.op} changed a shape it was given: ${shapeChange}`,
      [{ ...firstCall, ...pristine, label: 'the call (tensors as they were before the call)', showExpected: false }]);
  }
  const changedValues = firstBitDifference(pristine.input.data, firstCall.input.data);
  const changedIndices = firstIndexDifference(indexNumbers(pristine.indices.data), indexNumbers(firstCall.indices.data));
  if (changedValues >= 0 || changedIndices >= 0) {
    fail(`${c.op} changed its input ${changedValues >= 0 ? 'values' : 'indices'}`, [
      { ...firstCall, ...pristine, label: 'the input before the call', showExpected: false },
      { ...firstCall, label: 'the same input after the call', showExpected: false }]);
  }
  const shared = firstSharedPair([{ name: 'an output', data: r1.data }],
    [{ name: 'the input values', data: firstCall.input.data }, { name: 'the input indices', data: firstCall.indices.data }]);
  if (shared) {
    fail(`${c.op} returned ${shared[0].name} that shares memory with ${shared[1].name} (the same ArrayBuffer, overlapping bytes): ` +
      'writing to one changes the other', [{ ...firstCall, ...pristine, label: 'the call', got: { kind: 'unpool', output: r1 } }]);
  }
  const firstOutput = copyTensor(r1);
  const follows = resultFollowsInput([firstCall.input.data, firstCall.indices.data], [{ name: 'output', before: bytesOf(r1.data), data: r1.data }]);
  if (follows) {
    fail(`writing to the input after ${c.op} returned changed its result: ${follows} changed (the result reads the caller's memory)`,
      [{ ...firstCall, ...pristine, label: 'the call, its result when returned', got: { kind: 'unpool', output: firstOutput } }]);
  }
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
  if (sharesMemory(r2.data, r1.data)) {
    fail(`${c.op} returned the second call's output in the same memory as the first call's (an output buffer reused between calls): ` +
      'the first result changes whenever the second is written to', [
      { ...original, label: 'first call', got: { kind: 'unpool', output: firstOutput } },
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

/**
 * One pool case in four pools with kernel 1 and stride 1, where the output equals the input: the
 * case in which a port is most tempted to hand back the input's own buffer.
 */
function asIdentity(first: PlanesCase): PlanesCase {
  if (first.kind !== 'pool') return first;
  const g = first.c.geometry;
  const ones = g.kernel.map(() => 1);
  return { kind: 'pool', c: { ...first.c, geometry: { ...g, kernel: ones, stride: [...ones], dilation: [...ones], padding: g.kernel.map(() => 0) } } };
}

/** Property 13 (beyond the list): calls do not share state. */
export const noSharedState: GeneratedProperty<StateCase> = {
  kind: 'generated',
  id: 'no-shared-state',
  statement: 'Calls share no state: a call leaves its input untouched (data and shape), a result shares no memory with the ' +
    'input or an earlier result, writing to the input after a call leaves the result untouched, a later call leaves an ' +
    'earlier result untouched, and the same input gives the same result before and after a call on other values.',
  ops: 'any',
  arbitrary: (caps, spec) => fc.record({
    first: planesArbitrary(caps, spec),
    second: secondValues(caps),
    secondIndices: fc.record({ codes: fc.array(fc.nat(), { maxLength: 32 }), tail: fc.nat() }),
    identity: fc.nat({ max: 3 }),
  }).map(({ identity, ...s }) => (identity === 0 ? { ...s, first: asIdentity(s.first) } : s)),
  story: (s) => [
    ...(s.first.kind === 'pool' ? describePoolCase(s.first.c) : describeUnpoolCase(s.first.c)),
    `second call: the same shapes, values: ${s.second.profile}${s.first.kind === 'unpool' ? ', other indices' : ''}`,
  ],
  async check(ctx, s) {
    if (s.first.kind === 'pool') await checkPool(ctx, s.first.c, s.second);
    else await checkUnpool(ctx, s.first.c, s.second, s.secondIndices);
  },
};
