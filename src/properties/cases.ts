/**
 * The generated cases, as plain data: a geometry (shapes and window parameters, one number per
 * spatial axis), how the options are spelled, and the value draw. Builders turn a case into the
 * tensors and options an implementation receives; `describe*` turn it into the story a failure
 * report tells.
 */
import type {
  Dtype, IndexTensor, PoolOpName, PoolOptions, PerDim, SpatialRank, Tensor, UnpoolOpName, UnpoolOptions,
} from '../types.js';
import { poolOutputLength, unpoolDefaultLength } from '../reference/index.js';
import { buildValues, codeAt, type ValueDraw } from './values.js';

/** The planes of an input: N × C of them, or C when the batch dim is left out. */
export interface PlaneLayout {
  /** False: the input is (C, ...spatial) without the batch dim. */
  batched: boolean;
  batch: number;
  channels: number;
}

/**
 * What pool and unpool geometries share: the planes, the spatial size of the op's input (for an
 * unpool, a pooled size) and the window's kernel, stride and padding per axis.
 */
interface WindowGeometry extends PlaneLayout {
  rank: SpatialRank;
  inputSize: number[];
  kernel: number[];
  stride: number[];
  padding: number[];
}

export interface PoolGeometry extends WindowGeometry {
  dilation: number[];
  ceilMode: boolean;
}

/**
 * How the options object is written, as bits (0 = every option written out as a full array):
 * 1 kernel as one number when uniform; 2 stride omitted when it equals the kernel (else one
 * number when uniform); 4 padding omitted when 0 (else one number when uniform); 8 dilation
 * omitted when 1 (likewise); 16 ceilMode omitted when false; 32 an omitted pool stride is written
 * as `[]` (PyTorch's other spelling of "the kernel size"; unpool rejects it, so never there).
 */
export type OptionSpelling = number;

export interface PoolCase {
  op: PoolOpName;
  dtype: Dtype;
  geometry: PoolGeometry;
  spelling: OptionSpelling;
  values: ValueDraw;
}

export interface UnpoolGeometry extends WindowGeometry {
  /** The spatial size requested with `outputSize`; undefined: no outputSize (the default size). */
  outputSize: number[] | undefined;
  /** 'full': outputSize is written as (N, C, ...spatial); 'spatial': spatial sizes only. */
  outputSizeForm: 'spatial' | 'full';
}

/** Indices drawn like values: codes for the first elements, a hash for the rest. */
export interface IndexDraw {
  codes: readonly number[];
  tail: number;
}

export interface UnpoolCase {
  op: UnpoolOpName;
  dtype: Dtype;
  geometry: UnpoolGeometry;
  spelling: OptionSpelling;
  values: ValueDraw;
  indices: IndexDraw;
}

export const POOL_OP_OF_RANK: Record<SpatialRank, PoolOpName> = { 1: 'maxPool1d', 2: 'maxPool2d', 3: 'maxPool3d' };
export const UNPOOL_OP_OF_RANK: Record<SpatialRank, UnpoolOpName> = { 1: 'maxUnpool1d', 2: 'maxUnpool2d', 3: 'maxUnpool3d' };

export function rankOf(op: PoolOpName | UnpoolOpName): SpatialRank {
  return Number(op.slice(-2, -1)) as SpatialRank;
}

export function product(sizes: readonly number[]): number {
  let p = 1;
  for (const s of sizes) p *= s;
  return p;
}

/** (N, C, ...spatial) or (C, ...spatial). */
export function tensorShape(g: PlaneLayout, spatial: readonly number[]): number[] {
  return g.batched ? [g.batch, g.channels, ...spatial] : [g.channels, ...spatial];
}

export function planeCount(g: PlaneLayout): number {
  return (g.batched ? g.batch : 1) * g.channels;
}

export function poolOutputSize(g: PoolGeometry): number[] {
  return g.inputSize.map((length, j) => poolOutputLength(length, {
    kernelSize: g.kernel[j]!, stride: g.stride[j]!, padding: g.padding[j]!, dilation: g.dilation[j]!, ceilMode: g.ceilMode,
  }));
}

export function unpoolDefaultSize(g: { inputSize: number[]; kernel: number[]; stride: number[]; padding: number[] }): number[] {
  return g.inputSize.map((length, j) => unpoolDefaultLength(length, {
    kernelSize: g.kernel[j]!, stride: g.stride[j]!, padding: g.padding[j]!,
  }));
}

/** The spatial size an unpool case writes into. */
export function unpoolTargetSize(g: UnpoolGeometry): number[] {
  return g.outputSize ?? unpoolDefaultSize(g);
}

function uniform(list: readonly number[]): boolean {
  return list.every((v) => v === list[0]);
}

/** One option written per the spelling: omitted, one number, or the full array. */
function spell(list: readonly number[], omitWhen: number[] | undefined, scalarAllowed: boolean): PerDim | undefined {
  if (omitWhen && list.every((v, j) => v === omitWhen[j])) return undefined;
  if (scalarAllowed && uniform(list)) return list[0]!;
  return [...list];
}

export function poolOptions(c: PoolCase): PoolOptions {
  const g = c.geometry;
  const s = c.spelling;
  const options: PoolOptions = { kernelSize: spell(g.kernel, undefined, (s & 1) !== 0)! };
  const stride = spell(g.stride, (s & 2) !== 0 ? g.kernel : undefined, (s & 2) !== 0);
  if (stride !== undefined) options.stride = stride;
  else if ((s & 32) !== 0) options.stride = [];
  const zeros = g.padding.map(() => 0);
  const padding = spell(g.padding, (s & 4) !== 0 ? zeros : undefined, (s & 4) !== 0);
  if (padding !== undefined) options.padding = padding;
  const ones = g.dilation.map(() => 1);
  const dilation = spell(g.dilation, (s & 8) !== 0 ? ones : undefined, (s & 8) !== 0);
  if (dilation !== undefined) options.dilation = dilation;
  if (g.ceilMode || (s & 16) === 0) options.ceilMode = g.ceilMode;
  return options;
}

export function unpoolOptions(c: { geometry: UnpoolGeometry; spelling: OptionSpelling }): UnpoolOptions {
  const g = c.geometry;
  const s = c.spelling;
  const options: UnpoolOptions = { kernelSize: spell(g.kernel, undefined, (s & 1) !== 0)! };
  const stride = spell(g.stride, (s & 2) !== 0 ? g.kernel : undefined, (s & 2) !== 0);
  if (stride !== undefined) options.stride = stride;
  const padding = spell(g.padding, (s & 4) !== 0 ? g.padding.map(() => 0) : undefined, (s & 4) !== 0);
  if (padding !== undefined) options.padding = padding;
  if (g.outputSize) {
    options.outputSize = g.outputSizeForm === 'full'
      ? [g.batched ? g.batch : 1, g.channels, ...g.outputSize]
      : [...g.outputSize];
  }
  return options;
}

/** The op's input: the case's value draw laid out in the geometry's input shape. */
function drawnInput(c: { dtype: Dtype; geometry: WindowGeometry; values: ValueDraw }): Tensor {
  const shape = tensorShape(c.geometry, c.geometry.inputSize);
  return { shape, data: buildValues(c.values, c.dtype, product(shape)) };
}

export function poolInput(c: PoolCase): Tensor {
  return drawnInput(c);
}

export function unpoolInput(c: UnpoolCase): Tensor {
  return drawnInput(c);
}

/** Arbitrary indices, each inside its target plane (duplicates allowed, as PyTorch allows). */
export function unpoolIndices(c: UnpoolCase): IndexTensor {
  const shape = tensorShape(c.geometry, c.geometry.inputSize);
  const planeSize = product(unpoolTargetSize(c.geometry));
  const data = new BigInt64Array(product(shape));
  for (let i = 0; i < data.length; i++) data[i] = BigInt(codeAt(c.indices, i) % planeSize);
  return { shape, data };
}

/** The unpool geometry that undoes a pool geometry (same kernel, stride and padding). */
export function unpoolGeometryAfterPool(g: PoolGeometry, restoreInputSize: boolean, form: 'spatial' | 'full'): UnpoolGeometry {
  return {
    rank: g.rank, batched: g.batched, batch: g.batch, channels: g.channels,
    inputSize: poolOutputSize(g),
    kernel: [...g.kernel], stride: [...g.stride], padding: [...g.padding],
    outputSize: restoreInputSize ? [...g.inputSize] : undefined,
    outputSizeForm: form,
  };
}

// ---- stories --------------------------------------------------------------------------------

function axes(list: readonly number[]): string {
  return list.join('×');
}

function shapeStory(g: PlaneLayout & { rank: SpatialRank }, spatial: readonly number[]): string {
  const names = g.rank === 1 ? 'L' : g.rank === 2 ? 'H×W' : 'D×H×W';
  const shape = tensorShape(g, spatial);
  const batch = g.batched ? `N=${g.batch}, ` : 'unbatched, ';
  return `(${shape.join(', ')}) [${batch}C=${g.channels}, ${names} = ${axes(spatial)}]`;
}

function describePoolGeometry(g: PoolGeometry): string[] {
  return [
    `input ${shapeStory(g, g.inputSize)}`,
    `kernel ${axes(g.kernel)}, stride ${axes(g.stride)}, padding ${axes(g.padding)}, dilation ${axes(g.dilation)}, ` +
      `ceil mode ${g.ceilMode ? 'on' : 'off'} -> output ${axes(poolOutputSize(g))}`,
  ];
}

export function describePoolCase(c: PoolCase): string[] {
  return [
    `${c.op}, ${c.dtype}, values: ${c.values.profile}`,
    ...describePoolGeometry(c.geometry),
    `options passed: ${formatOptions(poolOptions(c))}`,
  ];
}

function describeUnpoolGeometry(g: UnpoolGeometry): string[] {
  const target = unpoolTargetSize(g);
  const size = g.outputSize ? `outputSize ${axes(target)} (default would be ${axes(unpoolDefaultSize(g))})` : `default size ${axes(target)}`;
  return [
    `input ${shapeStory(g, g.inputSize)}`,
    `kernel ${axes(g.kernel)}, stride ${axes(g.stride)}, padding ${axes(g.padding)}, ${size}`,
  ];
}

export function describeUnpoolCase(c: UnpoolCase): string[] {
  return [
    `${c.op}, ${c.dtype}, values: ${c.values.profile}, arbitrary indices inside the output plane`,
    ...describeUnpoolGeometry(c.geometry),
    `options passed: ${formatOptions(unpoolOptions(c))}`,
  ];
}

export function formatOptions(options: PoolOptions | UnpoolOptions): string {
  const parts = Object.entries(options).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `{ ${parts.join(', ')} }`;
}
