import fc from 'fast-check';
import type { FloatData, Tensor } from '../../types.js';
import { poolCase } from '../arbitraries.js';
import { describePoolCase, poolOutputSize, tensorShape, type PoolCase } from '../cases.js';
import { Bits } from '../compare.js';
import { fail } from '../failure.js';
import { numberText, positionText, valueText } from '../format.js';
import { poolWith } from '../invoke.js';
import type { GeneratedProperty, PropertyContext } from '../property.js';
import { rowMajorStrides, unflatten, windowAt, windowGrid } from '../window.js';
import { poolCall, poolEvidence, runPoolCase, type PoolRun } from './pool-run.js';

export interface MetamorphicCase {
  pool: PoolCase;
  /** The axis along which the input is translated by one stride. */
  axis: number;
  /** Where the order-preserving map puts its values: rank − lift. */
  lift: number;
}

/**
 * An order-preserving map of the input values: each distinct value (−0 and +0 being one) is
 * replaced by its rank less `lift`, NaNs stay as they are. Exact, and it changes every value.
 */
function rankMap(data: FloatData, lift: number): { mapped: FloatData; f: (v: number) => number | undefined } {
  const distinct = [...new Set(Array.from(data, (v) => v + 0).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const rank = new Map(distinct.map((v, i) => [v, i - lift]));
  const mapped = data.slice();
  for (let i = 0; i < data.length; i++) if (!Number.isNaN(data[i]!)) mapped[i] = rank.get(data[i]! + 0)!;
  return { mapped, f: (v) => rank.get(v + 0) };
}

async function checkRankMap(ctx: PropertyContext, c: PoolCase, run: PoolRun, lift: number): Promise<void> {
  const { mapped, f } = rankMap(run.call.input.data, lift);
  const mappedCall = poolCall(c, { shape: [...run.call.input.shape], data: mapped });
  const label = `values replaced by their ranks, counted from ${-lift} (order kept)`;
  const got = await poolWith(ctx.impl, mappedCall, run.outputShape, { label });
  const gotBits = new Bits(got.values.data);
  for (let at = 0; at < got.index.length; at++) {
    const original = run.output.values.data[at]!;
    const evidence = (tensor: 'values' | 'indices') => [
      poolEvidence(run, { tensor, offset: at }, 'original input'),
      { ...mappedCall, label, got: { kind: 'pool' as const, values: got.values, indices: got.indices }, mark: { tensor, offset: at } },
    ];
    if (got.index[at] !== run.output.index[at]) {
      fail(`an order-preserving map of the values moved indices${positionText(run.outputShape, at)} from ` +
        `${run.output.index[at]} to ${got.index[at]}`, evidence('indices'));
    }
    const paddingOnly = original === -Infinity && windowAt(run.grid, at % run.grid.outputPlaneSize).taps.length === 0;
    // NaNs are left as they are; a window wholly in padding reads nothing, so stays −inf.
    const expected = Number.isNaN(original) || paddingOnly ? original : f(original);
    const ok = Number.isNaN(original) ? gotBits.equal(at, run.valueBits, at) : Object.is(got.values.data[at], expected);
    if (!ok) {
      fail(`after an order-preserving map of the values, values${positionText(run.outputShape, at)} is ` +
        `${valueText(got.values.data, at)}, but the map sends the original ${valueText(run.output.values.data, at)} to ` +
        `${expected === undefined ? 'nothing (it is not an input value)' : numberText(expected)}`, evidence('values'));
    }
  }
}

/** The input with its first `shift` elements along `axis` removed. */
function translate(input: Tensor, spatialRank: number, axis: number, shift: number): Tensor {
  const dim = input.shape.length - spatialRank + axis;
  const shape = [...input.shape];
  shape[dim] = shape[dim]! - shift;
  const strides = rowMajorStrides(input.shape);
  const data = input.data instanceof Float64Array ? new Float64Array(shape.reduce((a, b) => a * b, 1)) : new Float32Array(shape.reduce((a, b) => a * b, 1));
  const words = new Uint32Array(data.buffer);
  const source = new Uint32Array(input.data.buffer, input.data.byteOffset, words.length === data.length ? input.data.length : 2 * input.data.length);
  const width = words.length / data.length;
  for (let i = 0; i < data.length; i++) {
    const position = unflatten(i, shape);
    position[dim]! += shift;
    const from = position.reduce((sum, p, j) => sum + p * strides[j]!, 0);
    for (let w = 0; w < width; w++) words[i * width + w] = source[from * width + w]!;
  }
  return { shape, data };
}

async function checkTranslation(ctx: PropertyContext, c: PoolCase, run: PoolRun, axis: number): Promise<void> {
  const g = c.geometry;
  const shift = g.stride[axis]!;
  if (g.inputSize[axis]! - shift < 1) return;
  const shifted: PoolCase = { ...c, geometry: { ...g, inputSize: g.inputSize.map((l, j) => (j === axis ? l - shift : l)) } };
  const outSize = poolOutputSize(shifted.geometry);
  if (outSize.some((l) => l < 1)) return;
  const shiftedCall = poolCall(shifted, translate(run.call.input, g.rank, axis, shift));
  const label = `input translated by one stride (${shift}) along spatial axis ${axis}`;
  const shiftedShape = tensorShape(g, outSize);
  const got = await poolWith(ctx.impl, shiftedCall, shiftedShape, { label });
  const gotBits = new Bits(got.values.data);
  const shiftedGrid = windowGrid(shifted.geometry);
  const extent = (g.kernel[axis]! - 1) * g.dilation[axis]! + 1;
  const outPlane = shiftedGrid.outputPlaneSize;
  const origPlane = run.grid.outputPlaneSize;
  const outputStrides = rowMajorStrides(run.grid.outputSize);
  for (let o = 0; o < outPlane; o++) {
    const position = unflatten(o, outSize);
    // Only windows wholly inside the input on this axis see the same elements after the shift.
    const start = position[axis]! * shift - g.padding[axis]!;
    if (start < 0 || start + extent > shifted.geometry.inputSize[axis]!) continue;
    const window = windowAt(shiftedGrid, o);
    if (window.taps.length === 0) continue;
    const originalPosition = position.map((p, j) => (j === axis ? p + 1 : p));
    if (originalPosition[axis]! >= run.grid.outputSize[axis]!) continue;
    const originalOffset = originalPosition.reduce((sum, p, j) => sum + p * outputStrides[j]!, 0);
    for (let plane = 0; plane < run.planes; plane++) {
      const at = plane * outPlane + o;
      const atOriginal = plane * origPlane + originalOffset;
      const tap = unflatten(got.index[at]!, shifted.geometry.inputSize);
      tap[axis]! += shift;
      const expectedIndex = tap.reduce((sum, p, j) => sum + p * run.grid.inputStrides[j]!, 0);
      const evidence = (tensor: 'values' | 'indices') => [
        poolEvidence(run, { tensor, offset: atOriginal }, 'original input'),
        { ...shiftedCall, label, got: { kind: 'pool' as const, values: got.values, indices: got.indices }, mark: { tensor, offset: at } },
      ];
      if (run.output.index[atOriginal] !== expectedIndex) {
        fail(`translating the input by one stride along axis ${axis} should translate the output: indices` +
          `${positionText(shiftedShape, at)} of the translated input is ${got.index[at]}, which is ${expectedIndex} in the ` +
          `original, but indices${positionText(run.outputShape, atOriginal)} there is ${run.output.index[atOriginal]}`, evidence('indices'));
      }
      if (!gotBits.equal(at, run.valueBits, atOriginal)) {
        fail(`translating the input by one stride along axis ${axis} should translate the output: values` +
          `${positionText(shiftedShape, at)} is ${valueText(got.values.data, at)}, but values${positionText(run.outputShape, atOriginal)} ` +
          `of the original is ${valueText(run.output.values.data, atOriginal)}`, evidence('values'));
      }
    }
  }
}

/** Property 9: relations between two calls that need no oracle. */
export const metamorphic: GeneratedProperty<MetamorphicCase> = {
  kind: 'generated',
  id: 'metamorphic',
  statement: 'Relations that need no oracle hold: mapping the values through an order-preserving map keeps every index ' +
    '(and maps every value); translating the input by one stride along an axis translates the output by one position.',
  ops: 'pool',
  arbitrary: (caps, spec) => fc.record({ pool: poolCase(caps, { dilation: true, spec }), axis: fc.nat({ max: 2 }), lift: fc.nat({ max: 6 }) })
    .map((m) => ({ ...m, axis: m.axis % m.pool.geometry.rank })),
  story: (m) => [...describePoolCase(m.pool), `relations: rank map from ${-m.lift}; translation along spatial axis ${m.axis}`],
  async check(ctx, m) {
    const run = await runPoolCase(ctx, m.pool);
    await checkRankMap(ctx, m.pool, run, m.lift);
    await checkTranslation(ctx, m.pool, run, m.axis);
  },
};
