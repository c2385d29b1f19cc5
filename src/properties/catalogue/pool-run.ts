/**
 * One pool call on a generated case, with what the pool properties need to judge it: the
 * window grid, plane sizes, and bit views of input and values.
 */
import type { Tensor } from '../../types.js';
import { poolInput, poolOptions, tensorShape, planeCount, type PoolCase } from '../cases.js';
import { Bits } from '../compare.js';
import type { CallEvidence, Mark } from '../failure.js';
import { poolWith, type PoolCall, type PoolOutput } from '../invoke.js';
import type { PropertyContext } from '../property.js';
import { windowGrid, type WindowGrid } from '../window.js';

export interface PoolRun {
  call: PoolCall;
  output: PoolOutput;
  grid: WindowGrid;
  planes: number;
  outputShape: number[];
  inputBits: Bits;
  valueBits: Bits;
}

export function poolCall(c: PoolCase, input: Tensor = poolInput(c)): PoolCall {
  return { op: c.op, input, options: poolOptions(c) };
}

export async function runPoolCase(ctx: PropertyContext, c: PoolCase, input?: Tensor): Promise<PoolRun> {
  const call = poolCall(c, input);
  const grid = windowGrid(c.geometry);
  const outputShape = tensorShape(c.geometry, grid.outputSize);
  const output = await poolWith(ctx.impl, call, outputShape);
  return {
    call, output, grid, outputShape,
    planes: planeCount(c.geometry),
    inputBits: new Bits(call.input.data),
    valueBits: new Bits(output.values.data),
  };
}

export function poolEvidence(run: PoolRun, mark?: Mark, label?: string): CallEvidence {
  return {
    ...run.call,
    ...(label ? { label } : {}),
    got: { kind: 'pool', values: run.output.values, indices: run.output.indices },
    ...(mark ? { mark } : {}),
  };
}

/** The input plane (n, c) belongs to, as a view. */
export function inputPlane(run: PoolRun, plane: number): Float32Array | Float64Array {
  const size = run.grid.inputPlaneSize;
  return run.call.input.data.subarray(plane * size, (plane + 1) * size);
}
