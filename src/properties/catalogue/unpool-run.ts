/**
 * One unpool call, and the check every unpool property shares: zeros everywhere except where an
 * input element's index points, which holds that element bit for bit. When several elements
 * point at the same place any of them may win (PyTorch's winner depends on its thread count).
 */
import type { Tensor } from '../../types.js';
import {
  tensorShape, unpoolIndices, unpoolInput, unpoolOptions, unpoolTargetSize, product, planeCount, type UnpoolCase,
  type UnpoolGeometry,
} from '../cases.js';
import { Bits, indexNumbers } from '../compare.js';
import { fail, type CallEvidence, type Mark } from '../failure.js';
import { planePositionText, positionText, valueText } from '../format.js';
import { unpoolWith, type UnpoolCall } from '../invoke.js';
import type { PropertyContext } from '../property.js';

export function unpoolCall(c: UnpoolCase): UnpoolCall {
  return { op: c.op, input: unpoolInput(c), indices: unpoolIndices(c), options: unpoolOptions(c) };
}

export function unpoolEvidence(call: UnpoolCall, output: Tensor | undefined, mark?: Mark, label?: string): CallEvidence {
  return {
    ...call,
    ...(label ? { label } : {}),
    ...(output ? { got: { kind: 'unpool' as const, output } } : {}),
    ...(mark ? { mark } : {}),
  };
}

export async function runUnpool(ctx: PropertyContext, call: UnpoolCall, g: UnpoolGeometry, label?: string): Promise<Tensor> {
  return unpoolWith(ctx.impl, call, tensorShape(g, unpoolTargetSize(g)), label ? { label } : {});
}

/** Checks the scatter rule on an unpool output; the indices must all lie inside their plane. */
export function checkScatter(call: UnpoolCall, g: UnpoolGeometry, output: Tensor, label?: string): void {
  const planes = planeCount(g);
  const inPlane = product(g.inputSize);
  const outPlane = product(unpoolTargetSize(g));
  const outShape = tensorShape(g, unpoolTargetSize(g));
  const index = indexNumbers(call.indices.data);
  const inputBits = new Bits(call.input.data);
  const outBits = new Bits(output.data);
  // writers[at] lists the input elements whose index points at output element `at`.
  const writers = new Map<number, number[]>();
  for (let plane = 0; plane < planes; plane++) {
    for (let i = plane * inPlane; i < (plane + 1) * inPlane; i++) {
      const at = plane * outPlane + index[i]!;
      const list = writers.get(at);
      if (list) list.push(i); else writers.set(at, [i]);
    }
  }
  const zero = new Bits(call.input.data instanceof Float64Array ? new Float64Array(1) : new Float32Array(1));
  for (let at = 0; at < output.data.length; at++) {
    const from = writers.get(at);
    // Only built when something is wrong: this loop runs for every output element of every case.
    const where = (): string => `output${positionText(outShape, at)}`;
    const evidence = () => [unpoolEvidence(call, output, { tensor: 'output', offset: at }, label)];
    if (!from) {
      if (!outBits.equal(at, zero, 0)) {
        fail(`${where()} is ${valueText(output.data, at)}, but no index points there, so it must be +0`, evidence());
      }
    } else if (!from.some((i) => outBits.equal(at, inputBits, i))) {
      const i = from[from.length - 1]!;
      fail(
        `${where()} is ${valueText(output.data, at)}, but input${positionText(call.input.shape, i)} = ` +
          `${valueText(call.input.data, i)} has index ${planePositionText(unpoolTargetSize(g), index[i]!)} there` +
          (from.length > 1 ? ` (as do ${from.length - 1} more; any of them may win)` : ''),
        evidence(),
      );
    }
  }
}
