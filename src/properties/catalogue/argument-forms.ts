/**
 * Every argument form PyTorch 1.13 accepts or rejects for these ops, each drawn on its own from
 * a generated case, so that no rule is reached only through one fixed golden case: inputs of the
 * wrong rank, a zero batch (valid: an empty output), zero channels (invalid, except for an
 * unbatched unpool: PyTorch does not check dim 0 there), an unpool stride ≤ 0 (accepted by 1-D
 * and 2-D unpool, which only use it for the default size; refused by 3-D and by any outputSize),
 * a full-form unpool outputSize whose N and C match or not (PyTorch ignores both), several
 * invalid unpool indices at once (PyTorch names the last in input order), unpool indices at every
 * magnitude boundary (2^31, 2^32 plus a valid index, 2^53, 2^63 − 1 and their negatives) in each
 * accepted index type, valid indices in each index type, and ceil mode with an input shorter
 * than the dilated window (valid when the window still starts inside the input or its padding).
 *
 * The reference decides what PyTorch does with each case (its answers were checked against real
 * PyTorch 1.13, form by form): an accepted case must agree with it exactly, a refused one must
 * be refused (with errors: 'pytorch', with PyTorch's message).
 */
import fc from 'fast-check';
import type { Capabilities } from '../../implementation.js';
import type { SpecProfile } from '../../reference/spec.js';
import type { IndexTensorInput, PoolResult, Tensor } from '../../types.js';
import { declaredPoolOps, declaredUnpoolOps, poolCase, unpoolCase } from '../arbitraries.js';
import {
  describePoolCase, describeUnpoolCase, poolInput, poolOptions, product, tensorShape, unpoolIndices, unpoolInput,
  unpoolDefaultSize, unpoolOptions, unpoolTargetSize, type PoolCase, type UnpoolCase,
} from '../cases.js';
import { Bits, firstBitDifference, firstIndexDifference, formatShape, indexNumbers } from '../compare.js';
import { fail, type CallEvidence } from '../failure.js';
import { positionText, valueText } from '../format.js';
import { poolWith, unpoolWith, type PoolCall, type UnpoolCall } from '../invoke.js';
import { referencePool, referenceUnpool } from '../oracle.js';
import type { GeneratedProperty, PropertyContext } from '../property.js';
import { expectRejection } from '../rejection.js';

const POOL_FORMS = [
  'input rank one too low', 'input rank one too high', 'zero batch', 'zero channels',
  'ceil mode, input shorter than the dilated window',
] as const;
const UNPOOL_FORMS = [
  'input rank one too low', 'input rank one too high', 'zero batch', 'zero channels (batched)', 'zero channels (unbatched)',
  'stride ≤ 0, default size', 'stride ≤ 0 with an outputSize', 'full-form outputSize, N and C matching',
  'full-form outputSize, N and C not matching', 'several invalid indices', 'index at a magnitude boundary, BigInt64Array',
  'index at a magnitude boundary, Float64Array', 'index at a magnitude boundary, Int32Array', 'indices as Int32Array',
  'indices as Float64Array',
] as const;
export type PoolForm = (typeof POOL_FORMS)[number];
export type UnpoolForm = (typeof UNPOOL_FORMS)[number];

/** Forms PyTorch always refuses: drawn only for implementations that declare they refuse invalid input. */
const ALWAYS_INVALID: ReadonlySet<string> = new Set([
  'input rank one too low', 'input rank one too high', 'zero channels', 'zero channels (batched)', 'several invalid indices',
  'index at a magnitude boundary, BigInt64Array', 'index at a magnitude boundary, Float64Array',
  'index at a magnitude boundary, Int32Array',
  // The accepted range (default − s, default + s) is empty for s ≤ 0.
  'stride ≤ 0 with an outputSize',
]);

export type IndexType = 'int64' | 'int32' | 'float64';

/**
 * Invalid indices at each magnitude a port's integer handling can break at, per index type (only
 * those the type holds exactly). `v` is a valid index: 2^32 + v is v to a port that keeps the
 * low 32 bits, or that wraps through an int32.
 */
export function boundaryIndices(type: IndexType, v: number): bigint[] {
  const V = BigInt(v);
  switch (type) {
    case 'int64': return [2n ** 31n, 2n ** 32n + V, 2n ** 53n, 2n ** 63n - 1n, -1n, -(2n ** 31n), -(2n ** 32n) + V, -(2n ** 63n)];
    case 'float64': return [2n ** 31n, 2n ** 32n + V, 2n ** 53n, -1n, -(2n ** 31n), -(2n ** 32n) + V];
    case 'int32': return [2n ** 31n - 1n, -1n, -(2n ** 31n)];
  }
}

/** Indices in another accepted index type (the values must fit it). */
export function indicesAs(type: IndexType, t: { shape: number[]; data: BigInt64Array }): IndexTensorInput {
  if (type === 'int64') return t;
  const data = type === 'int32' ? Int32Array.from(t.data, Number) : Float64Array.from(t.data, Number);
  return { shape: [...t.shape], data };
}

interface FormDraw {
  /** Which spatial axis a per-axis form changes. */
  axis: number;
  /** A small amount: how far below 1 a stride goes, how far a size is off, and so on. */
  amount: number;
  /** Which element(s) get a planted index. */
  element: number;
  /** How many invalid indices to plant (several invalid indices). */
  count: number;
  /** Which magnitude boundary. */
  boundary: number;
  /** N and C written in a full-form outputSize that does not match. */
  leading: [number, number];
}

const formDraw: fc.Arbitrary<FormDraw> = fc.record({
  axis: fc.nat({ max: 2 }),
  amount: fc.nat({ max: 3 }),
  element: fc.nat(),
  count: fc.integer({ min: 2, max: 4 }),
  boundary: fc.nat({ max: 7 }),
  leading: fc.tuple(fc.integer({ min: -2, max: 9 }), fc.integer({ min: -2, max: 9 })),
});

export type ArgumentFormCase =
  | { kind: 'pool'; form: PoolForm; base: PoolCase; draw: FormDraw }
  | { kind: 'unpool'; form: UnpoolForm; base: UnpoolCase; draw: FormDraw };

function drawable(form: string, caps: Capabilities): boolean {
  if (caps.errors === 'none' && ALWAYS_INVALID.has(form)) return false;
  if (form.startsWith('ceil mode')) return caps.ceilMode;
  if (form === 'zero channels (unbatched)') return caps.unbatched;
  if (form.startsWith('full-form') || form === 'stride ≤ 0 with an outputSize') return caps.unpoolOutputSize;
  return true;
}

/** The input shape of a form that changes the planes or the rank. */
function formShape(form: string, g: { batched: boolean; batch: number; channels: number }, spatial: readonly number[]): number[] {
  switch (form) {
    case 'input rank one too low': return [...spatial];
    case 'input rank one too high': return [1, ...tensorShape({ ...g, batched: true }, spatial)];
    case 'zero batch': return [0, g.channels, ...spatial];
    case 'zero channels': return g.batched ? [g.batch, 0, ...spatial] : [0, ...spatial];
    case 'zero channels (batched)': return [g.batch, 0, ...spatial];
    case 'zero channels (unbatched)': return [0, ...spatial];
    default: return tensorShape(g, spatial);
  }
}

/** The same values laid out in another shape: repeated or cut to its element count. */
function reshaped<T extends { shape: number[]; data: ArrayLike<unknown> & { slice(a?: number, b?: number): unknown } }>(t: T, shape: number[]): T {
  const count = product(shape);
  const source = t.data as unknown as Float32Array;
  const data = new (source.constructor as Float32ArrayConstructor)(count);
  for (let i = 0; i < count; i++) data[i] = source[i % Math.max(1, source.length)]!;
  return { ...t, shape, data } as unknown as T;
}

export function formPoolCall(fc_: Extract<ArgumentFormCase, { kind: 'pool' }>): PoolCall {
  const { base, form, draw } = fc_;
  const g = base.geometry;
  if (form === 'ceil mode, input shorter than the dilated window') {
    // One axis shorter than its dilated window; the stride decides whether the one window still
    // starts inside the input or its left padding (valid) or not even one fits (refused).
    const j = draw.axis % g.rank;
    const kernel = [...g.kernel];
    const dilation = [...g.dilation];
    kernel[j] = Math.max(kernel[j]!, 2);
    const extent = (kernel[j]! - 1) * dilation[j]! + 1;
    const padding = [...g.padding];
    padding[j] = Math.min(padding[j]!, Math.floor(kernel[j]! / 2));
    const inputSize = [...g.inputSize];
    inputSize[j] = 1 + ((g.inputSize[j]! - 1) % (extent - 1));
    const stride = [...g.stride];
    // The least stride that leaves one window, give or take the drawn amount.
    stride[j] = Math.max(1, extent - inputSize[j]! - 2 * padding[j]! + 1 + draw.amount - 1);
    const geometry = { ...g, kernel, dilation, padding, inputSize, stride, ceilMode: true };
    const c = { ...base, geometry };
    return { op: base.op, input: poolInput(c), options: { ...poolOptions({ ...c, spelling: 0 }), ceilMode: true } };
  }
  const input = poolInput(base);
  return { op: base.op, input: reshaped(input, formShape(form, g, g.inputSize)), options: poolOptions(base) };
}

export function formUnpoolCall(fc_: Extract<ArgumentFormCase, { kind: 'unpool' }>): UnpoolCall {
  const { base, form, draw } = fc_;
  const g = base.geometry;
  const input = unpoolInput(base);
  const indices = unpoolIndices(base);
  const planeSize = product(unpoolTargetSize(g));
  const element = draw.element % indices.data.length;
  const shape = formShape(form, g, g.inputSize);
  switch (form) {
    case 'stride ≤ 0, default size':
    case 'stride ≤ 0 with an outputSize': {
      const j = draw.axis % g.rank;
      const stride = [...g.stride];
      stride[j] = -draw.amount;
      const options = { ...unpoolOptions({ ...base, spelling: 0 }), stride };
      if (form === 'stride ≤ 0 with an outputSize') return { op: base.op, input, indices, options: { ...options, outputSize: unpoolTargetSize(g) } };
      delete options.outputSize;
      // Indices inside the plane the non-positive stride gives (when it gives one), so that a
      // refusal can only come from the stride itself.
      const size = product(unpoolDefaultSize({ ...g, stride }));
      if (size >= 1) for (let i = 0; i < indices.data.length; i++) indices.data[i] = BigInt(Number(indices.data[i]!) % size);
      return { op: base.op, input, indices, options };
    }
    case 'full-form outputSize, N and C matching':
    case 'full-form outputSize, N and C not matching': {
      const target = unpoolTargetSize(g);
      const [n, c] = form.endsWith('not matching')
        ? notMatching(draw.leading, g.batched ? g.batch : 1, g.channels) : [g.batched ? g.batch : 1, g.channels];
      return { op: base.op, input, indices, options: { ...unpoolOptions(base), outputSize: [n, c, ...target] } };
    }
    case 'several invalid indices': {
      // Distinct elements, alternating past the plane and negative, so that which one is named shows.
      const count = Math.min(draw.count, indices.data.length);
      for (let k = 0; k < count; k++) {
        const at = (element + k * Math.max(1, Math.floor(indices.data.length / count))) % indices.data.length;
        indices.data[at] = BigInt((k + draw.amount) % 2 === 0 ? planeSize + k + draw.amount : -1 - k - draw.amount);
      }
      return { op: base.op, input, indices, options: unpoolOptions(base) };
    }
    case 'index at a magnitude boundary, BigInt64Array':
    case 'index at a magnitude boundary, Float64Array':
    case 'index at a magnitude boundary, Int32Array': {
      const type: IndexType = form.endsWith('BigInt64Array') ? 'int64' : form.endsWith('Float64Array') ? 'float64' : 'int32';
      const list = boundaryIndices(type, Number(indices.data[element]!));
      indices.data[element] = list[draw.boundary % list.length]!;
      return { op: base.op, input, indices: indicesAs(type, indices), options: unpoolOptions(base) };
    }
    case 'indices as Int32Array': return { op: base.op, input, indices: indicesAs('int32', indices), options: unpoolOptions(base) };
    case 'indices as Float64Array': return { op: base.op, input, indices: indicesAs('float64', indices), options: unpoolOptions(base) };
    default:
      return { op: base.op, input: reshaped(input, shape), indices: reshaped(indices, shape), options: unpoolOptions(base) };
  }
}

/** N and C that differ from the input's in at least one place. */
function notMatching(drawn: [number, number], n: number, c: number): [number, number] {
  return drawn[0] === n && drawn[1] === c ? [n + 1, c] : drawn;
}

function formCall(a: ArgumentFormCase): PoolCall | UnpoolCall {
  return a.kind === 'pool' ? formPoolCall(a) : formUnpoolCall(a);
}

function indexTypeName(data: IndexTensorInput['data']): string {
  return data.constructor.name;
}

function story(a: ArgumentFormCase): string[] {
  const base = a.kind === 'pool' ? describePoolCase(a.base) : describeUnpoolCase(a.base);
  const call = formCall(a);
  const indices = 'indices' in call ? `, indices ${indexTypeName(call.indices.data)}` : '';
  return [
    `argument form: ${a.form}`,
    `built from: ${base[0]}`,
    ...base.slice(1, -1),
    `the call: ${call.op}(input ${formatShape(call.input.shape)}${indices}, ${JSON.stringify(call.options)})`,
  ];
}

async function checkAcceptedPool(ctx: PropertyContext, a: ArgumentFormCase, call: PoolCall, expected: PoolResult): Promise<void> {
  const shape = expected.values.shape;
  const got = await poolWith(ctx.impl, call, shape);
  const evidence = (tensor: 'values' | 'indices', offset: number): CallEvidence[] => [
    { ...call, got: { kind: 'pool', values: got.values, indices: got.indices }, mark: { tensor, offset } }];
  const expectedIndex = indexNumbers(expected.indices.data);
  const i = firstIndexDifference(got.index, expectedIndex);
  if (i >= 0) {
    fail(`${a.form}: indices${positionText(shape, i)} is ${got.index[i]}, PyTorch gives ${expectedIndex[i]}`, evidence('indices', i));
  }
  const gotBits = new Bits(got.values.data);
  const expectedBits = new Bits(expected.values.data);
  for (let at = 0; at < expectedIndex.length; at++) {
    if (!gotBits.equal(at, expectedBits, at)) {
      fail(`${a.form}: values${positionText(shape, at)} is ${valueText(got.values.data, at)}, PyTorch gives ` +
        `${valueText(expected.values.data, at)}`, evidence('values', at));
    }
  }
}

async function checkAcceptedUnpool(ctx: PropertyContext, a: ArgumentFormCase, call: UnpoolCall, expected: Tensor): Promise<void> {
  const got = await unpoolWith(ctx.impl, call, expected.shape);
  const at = firstBitDifference(got.data, expected.data);
  if (at >= 0) {
    fail(`${a.form}: output${positionText(expected.shape, at)} is ${valueText(got.data, at)}, PyTorch gives ${valueText(expected.data, at)}`,
      [{ ...call, got: { kind: 'unpool', output: got }, mark: { tensor: 'output', offset: at } }]);
  }
}

/** What PyTorch (the run's spec profile) does with the call: its result, or its error message. */
function pytorchOutcome(call: PoolCall | UnpoolCall, spec: SpecProfile): { ok: true; value: PoolResult | Tensor } | { ok: false; message: string } {
  try {
    return { ok: true, value: 'indices' in call ? referenceUnpool(call, spec) : referencePool(call, spec) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

async function check(ctx: PropertyContext, a: ArgumentFormCase): Promise<void> {
  const call = formCall(a);
  const outcome = pytorchOutcome(call, ctx.spec);
  if (outcome.ok) {
    if ('indices' in call) await checkAcceptedUnpool(ctx, a, call, outcome.value as Tensor);
    else await checkAcceptedPool(ctx, a, call, outcome.value as PoolResult);
    return;
  }
  // A form PyTorch refuses only sometimes (stride ≤ 0, ceil mode on a short input): an
  // implementation that declares no error handling is not asked about the refused ones.
  fc.pre(ctx.caps.errors !== 'none');
  await expectRejection(ctx, call, a.form, outcome.message);
}

/** One form at a time, each as likely as any other, so that every rule is met in every run. */
function arbitrary(caps: Capabilities): fc.Arbitrary<ArgumentFormCase> {
  // No NaN in these cases: what they test is the form, and a NaN payload difference would hide it.
  const valueCaps: Capabilities = { ...caps, nan: false };
  const choices: fc.Arbitrary<ArgumentFormCase>[] = [];
  if (declaredPoolOps(caps).length > 0) {
    for (const form of POOL_FORMS.filter((f) => drawable(f, caps))) {
      choices.push(fc.record({ kind: fc.constant('pool' as const), form: fc.constant(form), base: poolCase(valueCaps), draw: formDraw }));
    }
  }
  if (declaredUnpoolOps(caps).length > 0) {
    for (const form of UNPOOL_FORMS.filter((f) => drawable(f, caps))) {
      choices.push(fc.record({ kind: fc.constant('unpool' as const), form: fc.constant(form), base: unpoolCase(valueCaps), draw: formDraw }));
    }
  }
  return fc.oneof(...choices);
}

/** Forms a declaration leaves out, reported next to the result. */
function uncovered(caps: Capabilities): string[] {
  const all = [...(declaredPoolOps(caps).length > 0 ? POOL_FORMS : []), ...(declaredUnpoolOps(caps).length > 0 ? UNPOOL_FORMS : [])];
  const left = all.filter((f) => !drawable(f, caps) && ALWAYS_INVALID.has(f));
  return left.length > 0 ? [`forms PyTorch refuses (errors: 'none'): ${[...new Set(left)].join(', ')}`] : [];
}

/** Every argument form PyTorch accepts or rejects, each drawn on its own. */
export const argumentForms: GeneratedProperty<ArgumentFormCase> = {
  kind: 'generated',
  id: 'argument-forms',
  statement: 'Every argument form is handled as PyTorch 1.13 handles it: a zero batch gives an empty output; wrong input ' +
    'ranks, zero channels (bar an unbatched unpool), several invalid unpool indices (PyTorch names the last) and unpool ' +
    'indices at 2^31, 2^32 + a valid index, 2^53, 2^63 − 1 or their negatives, in every index type, are refused; an unpool ' +
    'stride ≤ 0, a full-form outputSize whose N and C match or not, Int32Array and Float64Array indices, and ceil mode on an ' +
    'input shorter than the dilated window give what PyTorch gives.',
  ops: 'any',
  // Cheap small cases, one form per case among about twenty: three times the budget meets each
  // form about fifteen times per default run.
  runs: (budget) => 3 * budget,
  uncovered,
  arbitrary,
  story,
  check,
};
