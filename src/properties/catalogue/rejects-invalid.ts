import fc from 'fast-check';
import type { Capabilities } from '../../implementation.js';
import { resolveSpec, type SpecName, type SpecProfile } from '../../reference/spec.js';
import { declaredPoolOps, declaredUnpoolOps, poolCase, unpoolCase } from '../arbitraries.js';
import {
  describePoolCase, describeUnpoolCase, poolInput, poolOptions, product, unpoolDefaultSize, unpoolIndices,
  unpoolInput, unpoolOptions, unpoolTargetSize, type PoolCase, type UnpoolCase,
} from '../cases.js';
import { SuiteError } from '../failure.js';
import type { PoolCall, UnpoolCall } from '../invoke.js';
import { poolRejection, unpoolRejection } from '../oracle.js';
import type { GeneratedProperty, PropertyContext } from '../property.js';
import { expectRejection } from '../rejection.js';

const POOL_FAULTS = [
  'padding over the limit', 'padding over half the kernel, within half the dilated window', 'negative padding',
  'zero stride', 'zero kernel', 'zero dilation', 'output too small',
] as const;
/**
 * Padding over kernel//2 that is still within half the dilated window, ((k − 1)·d + 1)//2, is
 * legal in PyTorch 2 for 1-D and 2-D and an error in 1.13 (docs/semantics.md): the one invalid
 * case a port written against PyTorch 2 accepts. Under the 1.13 profile it is drawn three times
 * as often as any other fault so that such a port fails in every run of the default budget, not
 * in most. Under the PyTorch 2 profile it stays a fault only for 3-D, which PyTorch 2 still
 * refuses (pool3d_shape_check); drawn for 1-D or 2-D it becomes 'padding over the limit' there.
 */
const DILATED_PADDING_WEIGHT = 3;
const UNPOOL_FAULTS = ['index past the plane', 'negative index', 'outputSize below the range', 'outputSize above the range'] as const;
type PoolFault = (typeof POOL_FAULTS)[number];
type UnpoolFault = (typeof UNPOOL_FAULTS)[number];

interface FaultDraw {
  /** Which axis gets the fault. */
  axis: number;
  /** How far past the limit (0: just past it). */
  amount: number;
  /** Which element gets the bad index. */
  element: number;
}

/** `spec`: the profile the case was drawn for (default 'pytorch-1.13'); it decides the padding limits. */
export type InvalidCase =
  | { kind: 'pool'; base: PoolCase; fault: PoolFault; draw: FaultDraw; spec?: SpecName }
  | { kind: 'unpool'; base: UnpoolCase; fault: UnpoolFault; draw: FaultDraw; spec?: SpecName };

/** True when the profile refuses padding over kernel//2 within half the dilated window at this rank. */
function refusesDilatedPadding(spec: SpecProfile, rank: 1 | 2 | 3): boolean {
  return spec.maxPadding(3, 2, rank) < 2;
}

/**
 * The fault the case really plants: the dilated-window padding is no fault where the profile
 * accepts it, so there the padding goes over the profile's own limit instead.
 */
export function plantedPoolFault(ic: Extract<InvalidCase, { kind: 'pool' }>): PoolFault {
  const dilated = 'padding over half the kernel, within half the dilated window';
  return ic.fault === dilated && !refusesDilatedPadding(resolveSpec(ic.spec), ic.base.geometry.rank) ? 'padding over the limit' : ic.fault;
}

/**
 * Faults in options the implementation declares it takes (a port without dilation need not judge
 * it), each listed as often as it is to be drawn.
 */
function poolFaults(caps: Capabilities): PoolFault[] {
  const takes = (f: PoolFault): boolean => (!f.includes('dilat') || caps.dilation) && (!f.includes('padding') || caps.padding !== 'none');
  return POOL_FAULTS.filter(takes).flatMap((f) => Array<PoolFault>(f === 'padding over half the kernel, within half the dilated window'
    ? DILATED_PADDING_WEIGHT : 1).fill(f));
}

function unpoolFaults(caps: Capabilities): UnpoolFault[] {
  return UNPOOL_FAULTS.filter((f) => !f.startsWith('outputSize') || caps.unpoolOutputSize);
}

// Half the time just past the limit: off-by-one bugs live exactly there.
const faultDraw: fc.Arbitrary<FaultDraw> = fc.record({
  axis: fc.nat({ max: 2 }),
  amount: fc.oneof(fc.constant(0), fc.nat({ max: 3 })),
  element: fc.nat(),
});

/** The pool call with the fault planted: options written out in full, then one axis spoiled. */
export function invalidPoolCall(ic: Extract<InvalidCase, { kind: 'pool' }>): PoolCall {
  const spec = resolveSpec(ic.spec);
  const g = ic.base.geometry;
  const j = ic.draw.axis % g.rank;
  const kernel = [...g.kernel];
  const stride = [...g.stride];
  const padding = [...g.padding];
  const dilation = [...g.dilation];
  const inputSize = [...g.inputSize];
  let ceilMode = g.ceilMode;
  switch (plantedPoolFault(ic)) {
    case 'padding over the limit':
      padding[j] = spec.maxPadding(kernel[j]!, dilation[j]!, g.rank) + 1 + ic.draw.amount;
      break;
    case 'padding over half the kernel, within half the dilated window': {
      kernel[j] = Math.max(kernel[j]!, 2);
      padding[j] = Math.floor(kernel[j]! / 2) + 1 + ic.draw.amount;
      // The least dilation (at least 2) that brings the padding within ((k − 1)·d + 1)//2, so the
      // padding sits at or next to the newer limit, where an off-by-one there would show too.
      dilation[j] = Math.max(dilation[j]!, 2, Math.ceil((2 * padding[j]! - 1) / (kernel[j]! - 1)));
      // Long enough for a window to fit, so that an implementation with the newer limit has
      // nothing else to refuse (an output length below 1 would be a second, honest error).
      const extent = (kernel[j]! - 1) * dilation[j]! + 1;
      inputSize[j] = Math.max(inputSize[j]!, extent - 2 * padding[j]!);
      break;
    }
    case 'negative padding': padding[j] = -1 - ic.draw.amount; break;
    case 'zero stride': stride[j] = 0; break;
    case 'zero kernel': kernel[j] = 0; break;
    case 'zero dilation': dilation[j] = 0; break;
    case 'output too small':
      // No padding, floor mode, and an input shorter than the window's extent.
      kernel[j] = Math.max(kernel[j]!, 2);
      padding[j] = 0;
      ceilMode = false;
      inputSize[j] = 1 + (ic.draw.amount % ((kernel[j]! - 1) * dilation[j]!));
      break;
  }
  const base: PoolCase = { ...ic.base, geometry: { ...g, inputSize } };
  return {
    op: ic.base.op,
    input: poolInput(base),
    options: { ...poolOptions({ ...base, spelling: 0 }), kernelSize: kernel, stride, padding, dilation, ceilMode },
  };
}

export function invalidUnpoolCall(ic: Extract<InvalidCase, { kind: 'unpool' }>): UnpoolCall {
  const c = ic.base;
  const g = c.geometry;
  const j = ic.draw.axis % g.rank;
  const input = unpoolInput(c);
  const indices = unpoolIndices(c);
  let options = unpoolOptions(c);
  const planeSize = product(unpoolTargetSize(g));
  const element = ic.draw.element % indices.data.length;
  switch (ic.fault) {
    case 'index past the plane': indices.data[element] = BigInt(planeSize + ic.draw.amount); break;
    case 'negative index': indices.data[element] = BigInt(-1 - ic.draw.amount); break;
    case 'outputSize below the range':
    case 'outputSize above the range': {
      const sizes = [...unpoolTargetSize(g)];
      const defaults = unpoolDefaultSize(g);
      sizes[j] = ic.fault === 'outputSize below the range'
        ? defaults[j]! - g.stride[j]! - ic.draw.amount
        : defaults[j]! + g.stride[j]! + ic.draw.amount;
      options = unpoolOptions({ ...c, geometry: { ...g, outputSize: sizes } });
      break;
    }
  }
  return { op: c.op, input, indices, options };
}

function story(ic: InvalidCase): string[] {
  const base = ic.kind === 'pool' ? describePoolCase(ic.base) : describeUnpoolCase(ic.base);
  const call = ic.kind === 'pool' ? invalidPoolCall(ic) : invalidUnpoolCall(ic);
  const axis = ic.draw.axis % ic.base.geometry.rank;
  const fault = ic.kind === 'pool' ? plantedPoolFault(ic) : ic.fault;
  const where = fault.includes('index') ? '' : ` on spatial axis ${axis}`;
  return [
    `invalid case: ${fault}${where}${ic.spec && ic.spec !== 'pytorch-1.13' ? ` (limits of --spec ${ic.spec})` : ''}`,
    `built from: ${base[0]}`,
    ...base.slice(1, -1),
    `options passed: ${JSON.stringify(call.options)}`,
    `input shape (${call.input.shape.join(', ')})`,
  ];
}

async function checkRejection(ctx: PropertyContext, ic: InvalidCase): Promise<void> {
  const call = ic.kind === 'pool' ? invalidPoolCall(ic) : invalidUnpoolCall(ic);
  const expected = ic.kind === 'pool' ? poolRejection(call as PoolCall, ctx.spec) : unpoolRejection(call as UnpoolCall, ctx.spec);
  if (expected === undefined) {
    throw new SuiteError(`poolcheck generated an invalid case (${ic.fault}) that the reference accepts under --spec ${ctx.spec.name}`);
  }
  await expectRejection(ctx, call, ic.fault, expected);
}

/** Property 7b (and the pool's own errors): what PyTorch rejects is rejected. */
export const rejectsInvalid: GeneratedProperty<InvalidCase> = {
  kind: 'generated',
  id: 'rejects-invalid',
  statement: "What PyTorch rejects is rejected: unpool indices outside their plane, an unpool outputSize outside " +
    "(default − s, default + s), and pool padding over the spec's limit (kernel//2 in PyTorch 1.13; in PyTorch 2 half " +
    'the dilated kernel, and kernel//2 again for 3-D), negative padding, zero kernel, stride or dilation, ' +
    "or an output size below 1 (with errors: 'pytorch', the message must contain PyTorch's). A crash is no rejection: " +
    'a protocol child that dies, hangs or breaks the protocol on an invalid case fails.',
  ops: 'any',
  errors: true,
  arbitrary(caps, spec = resolveSpec(undefined)) {
    const choices: fc.Arbitrary<InvalidCase>[] = [];
    // The default profile's cases carry no spec, so that they read (and replay) as they always did.
    const tag = spec.name === 'pytorch-1.13' ? {} : { spec: spec.name };
    if (declaredPoolOps(caps).length > 0) {
      choices.push(fc.record({
        kind: fc.constant('pool' as const), base: poolCase(caps, { dilation: true, spec }),
        fault: fc.constantFrom(...poolFaults(caps)), draw: faultDraw,
      }).map((ic) => ({ ...ic, ...tag })));
    }
    if (declaredUnpoolOps(caps).length > 0) {
      choices.push(fc.record({
        kind: fc.constant('unpool' as const), base: unpoolCase(caps),
        fault: fc.constantFrom(...unpoolFaults(caps)), draw: faultDraw,
      }).map((ic) => ({ ...ic, ...tag })));
    }
    return fc.oneof(...choices);
  },
  story,
  check: checkRejection,
};

