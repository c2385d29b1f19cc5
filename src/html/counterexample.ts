/**
 * A counterexample drawn: for each call the property made, the input plane with the window of the
 * first wrong output outlined (padding and dilated taps shown), the element PyTorch's rule picks
 * and the element the port picked marked differently, and expected beside got for values and
 * indices (for unpool: the scattered output maps), every differing cell marked.
 */
import type { CallEvidence, CallOutcome } from '../properties/failure.js';
import type { PoolCall, UnpoolCall } from '../properties/invoke.js';
import { referencePool, referenceUnpool } from '../properties/oracle.js';
import { resolveSpec, type SpecProfile } from '../reference/spec.js';
import type { IndexTensorInput, OpName, PerDim, Tensor } from '../types.js';
import { html, type Html } from './page.js';
import { bitDifferences, drawPlane, floatCell, NaNLabels, type WindowOutline } from './tensor.js';

const RANK: Record<OpName, number> = { maxPool1d: 1, maxPool2d: 2, maxPool3d: 3, maxUnpool1d: 1, maxUnpool2d: 2, maxUnpool3d: 3 };

function isPool(op: OpName): boolean {
  return op === 'maxPool1d' || op === 'maxPool2d' || op === 'maxPool3d';
}

function perDim(value: PerDim | undefined, rank: number, fallback: readonly number[]): number[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [...fallback];
  if (typeof value === 'number') return Array.from({ length: rank }, () => value);
  const list = value as readonly number[];
  return Array.from({ length: rank }, (_, d) => Number(list[list.length === 1 ? 0 : d]));
}

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

function unflatten(offset: number, size: readonly number[]): number[] {
  const out = new Array<number>(size.length);
  for (let d = size.length - 1; d >= 0; d--) {
    out[d] = offset % size[d]!;
    offset = Math.floor(offset / size[d]!);
  }
  return out;
}

function isFloatTensor(t: unknown): t is Tensor {
  const x = t as Tensor | undefined;
  return !!x && Array.isArray(x.shape) && (x.data instanceof Float32Array || x.data instanceof Float64Array) && x.data.length === product(x.shape);
}

function isIndexTensor(t: unknown): t is IndexTensorInput {
  const x = t as IndexTensorInput | undefined;
  return !!x && Array.isArray(x.shape) && ArrayBuffer.isView(x.data) && (x.data as ArrayLike<unknown>).length === product(x.shape);
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  } catch {
    return 'an error that cannot be printed';
  }
}

/** What the two sides of a drawing are called: expected/got for a port, checked in/regenerated for a corpus diff. */
export interface SideLabels {
  expected: string;
  got: string;
}

const PORT_LABELS: SideLabels = { expected: 'expected', got: 'got' };

type Expected = { kind: 'pool'; values: Tensor; indices: IndexTensorInput } | { kind: 'unpool'; output: Tensor } | { kind: 'error'; message: string };

/** What PyTorch's rule gives for the call (the failure evidence's own record when it has one). */
function expectedOf(call: CallEvidence, spec: SpecProfile): Expected {
  const recorded = call.expected;
  if (recorded?.kind === 'pool') return { kind: 'pool', values: recorded.values, indices: recorded.indices };
  if (recorded?.kind === 'unpool') return { kind: 'unpool', output: recorded.output };
  if (recorded?.kind === 'error') return { kind: 'error', message: errorText(recorded.error) };
  try {
    if (isPool(call.op)) {
      const r = referencePool(call as PoolCall, spec);
      return { kind: 'pool', values: r.values, indices: r.indices };
    }
    return { kind: 'unpool', output: referenceUnpool(call as UnpoolCall, spec) };
  } catch (error) {
    return { kind: 'error', message: errorText(error) };
  }
}

/** Which plane and which in-plane output the failure points at. */
function markedOutput(call: CallEvidence, outShape: readonly number[] | undefined, rank: number): { plane: number; offset?: number; flat?: number } {
  if (!call.mark || !outShape) return { plane: 0 };
  const planeSize = product(outShape.slice(-rank));
  if (planeSize === 0) return { plane: 0 };
  return { plane: Math.floor(call.mark.offset / planeSize), offset: call.mark.offset % planeSize, flat: call.mark.offset };
}

function planeLabel(shape: readonly number[], rank: number, plane: number): string {
  const batched = shape.length === rank + 2;
  const channels = shape[shape.length - rank - 1] ?? 1;
  return batched ? `plane (n=${Math.floor(plane / channels)}, c=${plane % channels})` : `plane (c=${plane})`;
}

function floatPlane(title: string, t: Tensor, rank: number, plane: number, nans: NaNLabels, extra: Partial<Parameters<typeof drawPlane>[0]> = {}): Html {
  const spatial = t.shape.slice(-rank);
  const size = product(spatial);
  const start = plane * size;
  if (start + size > t.data.length) return html`<div class="grid-box"><div class="grid-title">${title}</div><em>no ${planeLabel(t.shape, rank, plane)} in shape [${t.shape.join(', ')}]</em></div>`;
  return drawPlane({ title, spatial, cell: (i) => floatCell(t.data, start + i, nans), ...extra });
}

function indexPlane(title: string, t: IndexTensorInput, rank: number, plane: number, extra: Partial<Parameters<typeof drawPlane>[0]> = {}): Html {
  const spatial = t.shape.slice(-rank);
  const size = product(spatial);
  const start = plane * size;
  if (start + size > t.data.length) return html`<div class="grid-box"><div class="grid-title">${title}</div><em>no such plane in shape [${t.shape.join(', ')}]</em></div>`;
  return drawPlane({ title, spatial, cell: (i) => ({ text: String(t.data[start + i]), cls: '', title: String(t.data[start + i]) }), ...extra });
}

function indexDifferences(a: IndexTensorInput, b: IndexTensorInput, start: number, length: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < length; i++) if (Number(a.data[start + i]) !== Number(b.data[start + i])) out.add(i);
  return out;
}

function outcomeNote(got: CallOutcome | undefined, labels: SideLabels): Html | undefined {
  if (!got) return html`<p><span class="error-box">the check stopped before this call returned</span></p>`;
  if (got.kind === 'error') return html`<p>${labels.got}: <span class="error-box">threw ${errorText(got.error)}</span></p>`;
  if (got.kind === 'malformed') {
    const raw = got.raw;
    const what = raw === null || typeof raw !== 'object' ? `${typeof raw} ${String(raw)}` : `an object with keys ${Object.keys(raw as object).join(', ') || '(none)'}`;
    return html`<p>${labels.got}: <span class="error-box">returned ${what}</span></p>`;
  }
  return undefined;
}

function drawPoolCall(call: CallEvidence, expected: Expected, nans: NaNLabels, labels: SideLabels): Html[] {
  const rank = RANK[call.op];
  const options = call.options as { kernelSize: PerDim; stride?: PerDim; padding?: PerDim; dilation?: PerDim };
  const kernel = perDim(options.kernelSize, rank, [1, 1, 1].slice(0, rank));
  const stride = perDim(options.stride, rank, kernel);
  const padding = perDim(options.padding, rank, [0, 0, 0].slice(0, rank));
  const dilation = perDim(options.dilation, rank, [1, 1, 1].slice(0, rank));
  const got = call.got;
  const gotPool = got?.kind === 'pool' && isFloatTensor(got.values) && isIndexTensor(got.indices) ? got : undefined;
  const outShape = expected.kind === 'pool' ? expected.values.shape : gotPool?.values.shape;
  const { plane, offset, flat } = markedOutput(call, outShape, rank);
  const outSpatial = outShape?.slice(-rank) ?? [];
  const inSpatial = call.input.shape.slice(-rank);
  const inPlaneSize = product(inSpatial);

  let window: WindowOutline | undefined;
  const want = new Set<number>();
  const gotPick = new Set<number>();
  const notes: Html[] = [];
  if (offset !== undefined && flat !== undefined) {
    const position = unflatten(offset, outSpatial);
    window = { start: position.map((p, d) => p * stride[d]! - padding[d]!), kernel, dilation };
    if (expected.kind === 'pool') want.add(Number(expected.indices.data[flat]));
    if (gotPool) {
      const index = Number(gotPool.indices.data[flat]);
      if (Number.isInteger(index) && index >= 0 && index < inPlaneSize) gotPick.add(index);
      else notes.push(html`<p>the port's index <code>${String(gotPool.indices.data[flat])}</code> lies outside the input plane (0..${inPlaneSize - 1})</p>`);
    }
  }
  const grids: Html[] = [floatPlane(`input, ${planeLabel(call.input.shape, rank, plane)}`, call.input, rank, plane, nans, {
    padding, ...(window ? { window } : {}), want, got: gotPick,
  })];
  const outSize = product(outSpatial);
  const focus = new Set(offset !== undefined ? [offset] : []);
  if (expected.kind === 'pool') {
    const valueDiff = gotPool ? bitDifferences(expected.values.data, gotPool.values.data, plane * outSize, outSize) : new Set<number>();
    const indexDiff = gotPool ? indexDifferences(expected.indices, gotPool.indices, plane * outSize, outSize) : new Set<number>();
    grids.push(floatPlane(`${labels.expected} values`, expected.values, rank, plane, nans, { focus }));
    if (gotPool) grids.push(floatPlane(`${labels.got} values`, gotPool.values, rank, plane, nans, { focus, diff: valueDiff }));
    grids.push(indexPlane(`${labels.expected} indices`, expected.indices, rank, plane, { focus }));
    if (gotPool) grids.push(indexPlane(`${labels.got} indices`, gotPool.indices, rank, plane, { focus, diff: indexDiff }));
  } else {
    notes.push(html`<p>${labels.expected}: <span class="error-box">an error: ${expected.kind === 'error' ? expected.message : '(none)'}</span></p>`);
    if (gotPool) {
      grids.push(floatPlane(`${labels.got} values`, gotPool.values, rank, plane, nans));
      grids.push(indexPlane(`${labels.got} indices`, gotPool.indices, rank, plane));
    }
  }
  if (gotPool && outShape && gotPool.values.shape.join() !== outShape.join()) {
    notes.push(html`<p>shapes differ: ${labels.expected} [${outShape.join(', ')}], ${labels.got} [${gotPool.values.shape.join(', ')}]</p>`);
  }
  return [html`<div class="grids">${grids}</div>`, ...notes];
}

function drawUnpoolCall(call: CallEvidence, expected: Expected, nans: NaNLabels, labels: SideLabels): Html[] {
  const rank = RANK[call.op];
  const got = call.got;
  const gotOutput = got?.kind === 'unpool' && isFloatTensor(got.output) ? got.output : undefined;
  const outShape = expected.kind === 'unpool' ? expected.output.shape : gotOutput?.shape;
  const { plane, offset } = markedOutput(call, outShape, rank);
  // The input element scattered to the marked output cell, if any.
  const source = new Set<number>();
  const inSpatial = call.input.shape.slice(-rank);
  const inSize = product(inSpatial);
  if (offset !== undefined && call.indices && isIndexTensor(call.indices)) {
    for (let j = 0; j < inSize; j++) if (Number(call.indices.data[plane * inSize + j]) === offset) source.add(j);
  }
  const grids: Html[] = [floatPlane(`input values, ${planeLabel(call.input.shape, rank, plane)}`, call.input, rank, plane, nans, { focus: source })];
  if (call.indices && isIndexTensor(call.indices)) grids.push(indexPlane('input indices (where each value goes)', call.indices, rank, plane, { focus: source }));
  const notes: Html[] = [];
  const focus = new Set(offset !== undefined ? [offset] : []);
  if (expected.kind === 'unpool') {
    const outSize = product(expected.output.shape.slice(-rank));
    grids.push(floatPlane(`${labels.expected} output (scattered)`, expected.output, rank, plane, nans, { focus }));
    if (gotOutput) {
      grids.push(floatPlane(`${labels.got} output`, gotOutput, rank, plane, nans, { focus, diff: bitDifferences(expected.output.data, gotOutput.data, plane * outSize, outSize) }));
      if (gotOutput.shape.join() !== expected.output.shape.join()) {
        notes.push(html`<p>shapes differ: ${labels.expected} [${expected.output.shape.join(', ')}], ${labels.got} [${gotOutput.shape.join(', ')}]</p>`);
      }
    }
  } else {
    notes.push(html`<p>${labels.expected}: <span class="error-box">an error: ${expected.kind === 'error' ? expected.message : '(none)'}</span></p>`);
    if (gotOutput) grids.push(floatPlane(`${labels.got} output`, gotOutput, rank, plane, nans));
  }
  return [html`<div class="grids">${grids}</div>`, ...notes];
}

function optionsText(options: object): string {
  return JSON.stringify(options, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}

/**
 * One call of a counterexample, drawn. `expected` overrides what PyTorch's rule gives (a corpus
 * diff draws the checked-in corpus against the regenerated one).
 */
export function drawCall(
  call: CallEvidence, nans: NaNLabels, labels: SideLabels = PORT_LABELS, expectedOutcome?: CallOutcome, spec: SpecProfile = resolveSpec(undefined),
): Html {
  const expected = expectedOutcome
    ? expectedOf({ ...call, expected: expectedOutcome }, spec)
    : call.showExpected === false ? { kind: 'error', message: '(not shown)' } as Expected : expectedOf(call, spec);
  const body = isPool(call.op) ? drawPoolCall(call, expected, nans, labels) : drawUnpoolCall(call, expected, nans, labels);
  const shape = `input [${call.input.shape.join(', ')}]${call.indices ? `, indices [${call.indices.shape.join(', ')}]` : ''}`;
  return html`<div class="call"><div class="call-title">${call.label ? `${call.label}: ` : ''}<code>${call.op}(${shape}, ${optionsText(call.options)})</code></div>
${body}${outcomeNote(call.got, labels)}</div>`;
}

/** The legend shown once above the drawings. */
export function drawingLegend(picks: SideLabels = { expected: "PyTorch's pick", got: "the port's pick" }): Html {
  return html`<div class="legend"><span><span class="sw sw-want"></span>${picks.expected}</span>
<span><span class="sw sw-got"></span>${picks.got}</span><span><span class="sw sw-win"></span>the window (shaded: its taps)</span>
<span><span class="sw sw-pad"></span>padding</span><span><span class="sw" style="background:#ffebe9"></span>differs (bit for bit)</span>
<span class="mono" style="color:#8250df">NaN</span><span class="mono" style="color:#bc4c00">−0</span><span class="mono" style="color:#0a3069">±inf</span></div>`;
}

/** Every call of a failure's evidence, drawn (expected: under the run's spec profile), with the NaN payload legend when there are several. */
export function drawCalls(calls: readonly CallEvidence[], spec: SpecProfile = resolveSpec(undefined)): Html {
  const nans = new NaNLabels();
  const drawn = calls.map((call) => drawCall(call, nans, PORT_LABELS, undefined, spec));
  const legend = nans.legend();
  return html`${drawn}${legend ? html`<p class="mono">NaN payloads: ${legend}</p>` : ''}`;
}

