/**
 * A small, independent port of max pooling with indices and max unpooling, written the way a
 * person porting PyTorch to another runtime would write it: every rank handled as 3-D with
 * leading unit axes, one triple loop over the output and one over the window. Each fault in
 * ./faults.ts is a switch inside it; with every switch off the port conforms to PyTorch 1.13
 * (test/mutants/lib/port.test.ts checks that against the reference on hundreds of cases).
 *
 * Argument checking is delegated: each call first runs the reference on the same arguments and
 * rethrows its error. Validation is not what this catalogue mutates, and copying ~150 lines of
 * PyTorch's argument parsing here would only duplicate the reference. The exceptions are the
 * checks that belong to rules a fault changes (the pad limit, the pooled size, the outputSize
 * range, the index range): the port tolerates the reference's error for those and makes the
 * check itself, with its own (possibly faulty) rule and PyTorch's wording. The reference's
 * result is never used, only whether and how it failed.
 */
import type { Implementation } from '../../../src/implementation.js';
import * as reference from '../../../src/reference/index.js';
import type {
  FloatData, IndexTensorInput, PerDim, PoolOptions, PoolResult, Tensor, UnpoolOptions,
} from '../../../src/types.js';
import type { Faults } from './faults.js';

type Rank = 1 | 2 | 3;

/** The checks the port makes itself, by PyTorch's wording; every other error comes from the reference. */
const OWN_CHECKS = [
  'pad should be at most half of kernel size',
  'Output size is too small',
  'invalid output_size "',
  'Found an invalid max index',
];

/** C++'s `std::numeric_limits<float>::min()`: the smallest positive normal float32, not the lowest float. */
const FLOAT_MIN = 1.1754943508222875e-38;

const REFERENCE_POOL = { 1: reference.maxPool1d, 2: reference.maxPool2d, 3: reference.maxPool3d } as const;
const REFERENCE_UNPOOL = { 1: reference.maxUnpool1d, 2: reference.maxUnpool2d, 3: reference.maxUnpool3d } as const;

/** PyTorch's refusals of an input rank (pool, then unpool wording). */
const RANK_CHECKS = ['non-empty 3D or 4D', 'non-empty 4D or 5D', 'Expected 2 to 3 dimensions', 'Input to max_unpooling2d should be',
  'Input to max_unpooling3d should be'];
/** PyTorch's refusals of an empty channel (or other non-batch) dim. */
const EMPTY_DIM_CHECKS = ['tensor with optional 0 dim batch size', 'non-batch dimension 0 has length zero', 'non-zero size for non-batch dimensions'];

/** Runs the reference's checks and rethrows its error, unless the port makes that check itself (`own`). */
function rethrowArgumentError(call: () => unknown, own: readonly string[] = []): void {
  try {
    call();
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (![...OWN_CHECKS, ...own].some((check) => message.includes(check))) throw error;
  }
}

/** One number per axis (null or [] means "not given"); the reference has refused every other form. */
function perAxis(value: PerDim | null | undefined, rank: Rank, fallback: readonly number[]): number[] {
  const given = value == null ? [] : typeof value === 'number' ? [value] : [...value];
  const list = given.length === 0 ? fallback : given;
  return list.length === 1 ? new Array<number>(rank).fill(list[0]!) : [...list];
}

function product(sizes: readonly number[]): number {
  let total = 1;
  for (const size of sizes) total *= size;
  return total;
}

/** Prepends unit axes so that every rank runs through the same 3-D loops. */
function as3d(list: readonly number[], fill: number): [number, number, number] {
  const padded = [...new Array<number>(3 - list.length).fill(fill), ...list];
  return [padded[0]!, padded[1]!, padded[2]!];
}

/** 32-bit words of a float array, so that a chosen element is copied bit for bit (NaN payloads, −0). */
function words(data: FloatData): Uint32Array {
  return new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
}

function copyBits(from: FloatData, fromIndex: number, to: FloatData, toIndex: number): void {
  const width = from.BYTES_PER_ELEMENT / 4;
  const source = words(from);
  const target = words(to);
  for (let w = 0; w < width; w++) target[toIndex * width + w] = source[fromIndex * width + w]!;
}

function allocateLike(data: FloatData, length: number): FloatData {
  return data instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}

interface Window {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

export function makePort(faultList: Partial<Faults> = {}, name?: string): Implementation {
  const faults: Partial<Faults> = { ...faultList };
  const enabled = Object.keys(faults).filter((fault) => faults[fault as keyof Faults]);
  let unpoolBuffer: FloatData | undefined;

  /** Does `value` replace the best so far? PyTorch: greater, or NaN (so the last NaN wins). */
  const replaces: (value: number, best: number) => boolean =
    faults.tieLastWins ? (value, best) => value >= best || Number.isNaN(value)
      : faults.nanIgnored ? (value, best) => value > best
        : faults.nanFirstWins ? (value, best) => value > best || (Number.isNaN(value) && !Number.isNaN(best))
          : faults.signedZeroPrefersPositive
            ? (value, best) => value > best || Number.isNaN(value) || (Object.is(best, -0) && Object.is(value, 0))
            : (value, best) => value > best || Number.isNaN(value);

  /** The reference checks the port leaves out (it makes them itself, or a fault drops them). */
  const ownChecks = [
    ...(faults.extraLeadingDimsAccepted ? RANK_CHECKS : []),
    ...(faults.zeroChannelsAccepted ? EMPTY_DIM_CHECKS : []),
    ...(faults.unpoolStrideUnchecked ? ['strides should be greater than zero'] : []),
  ];

  function checkBatch(x: Tensor, rank: Rank): void {
    if (faults.zeroBatchRejected && x.shape.length === rank + 2 && x.shape[0] === 0) throw new Error('the input is empty (batch size 0)');
  }

  /** Reads one unpool index as the port does (exactly, or through a fault's narrower type). */
  function readIndex(indices: IndexTensorInput, i: number): number {
    const raw = indices.data[i]!;
    if (faults.unpoolIndicesInt32) return Number(raw) | 0;
    if (faults.unpoolIndicesLow32Bits && indices.data instanceof BigInt64Array) {
      return new Uint32Array(indices.data.buffer, indices.data.byteOffset, 2 * indices.data.length)[2 * i]!;
    }
    if (faults.unpoolIndicesHeldInFloat32) return Math.fround(Number(raw));
    return Number(raw);
  }

  const initialMax = faults.initialMaxZero ? 0 : faults.initialMaxSmallestPositive ? FLOAT_MIN : -Infinity;
  const read = faults.float64ThroughFloat32 ? (data: FloatData, i: number) => Math.fround(data[i]!) : (data: FloatData, i: number) => data[i]!;

  function readWindow(options: PoolOptions, rank: Rank): Window {
    const kernel = perAxis(options.kernelSize, rank, []);
    let stride = perAxis(options.stride, rank, kernel);
    let dilation = perAxis(options.dilation, rank, [1]);
    if (faults.stridesReversed) stride = [...stride].reverse();
    if (faults.dilationIgnored) dilation = dilation.map(() => 1);
    if (faults.dilationFirstAxisForAll) dilation = dilation.map(() => dilation[0]!);
    return {
      kernel, stride, dilation,
      padding: perAxis(options.padding, rank, [0]),
      ceilMode: options.ceilMode === true && !faults.ceilModeIgnored,
    };
  }

  function checkPadLimit(window: Window): void {
    if (faults.padLimitUnchecked) return;
    window.kernel.forEach((k, j) => {
      const p = window.padding[j]!;
      const limit = faults.padLimitOnEffectiveKernel ? Math.trunc(((k - 1) * window.dilation[j]! + 1) / 2) : Math.trunc(k / 2);
      if (p > limit) throw new Error(`pad should be at most half of kernel size, but got pad=${p} and kernel_size=${k}`);
    });
  }

  function pooledLength(inputLength: number, j: number, window: Window): number {
    const k = window.kernel[j]!;
    const s = window.stride[j]!;
    const p = window.padding[j]!;
    const span = inputLength + 2 * p - window.dilation[j]! * (k - 1) - 1;
    let length = (window.ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    if (window.ceilMode && !faults.ceilModeWithoutDrop) {
      const lastStart = (length - 1) * s;
      const startsInRightPadding = faults.ceilModeDropOffByOne ? lastStart > inputLength + p : lastStart >= inputLength + p;
      if (startsInRightPadding) length -= 1;
    }
    return length;
  }

  /** Where the port reports an index: per (n, c) plane, unless a fault picked another convention. */
  function publishedIndex(spatialIndex: number, plane: number, channels: number, planeSize: number): number {
    const channel = plane % channels;
    if (faults.indicesOverChannels) return channel * planeSize + spatialIndex;
    if (faults.indicesOverWholeTensor) return plane * planeSize + spatialIndex;
    if (faults.indicesChannelsLast) return spatialIndex * channels + channel;
    return spatialIndex;
  }

  function firstTap(windowStart: number, dilation: number): number {
    if (windowStart >= 0 || faults.paddingReadAsZero) return windowStart;
    if (faults.firstTapClampedToZero) return 0;
    return windowStart + Math.ceil(-windowStart / dilation) * dilation;
  }

  /**
   * Scans one window's taps in row-major order (depth, height, width) and keeps the best by the
   * port's comparison. `source` is the input element holding the best value, or -1 while there
   * is none (or when it is a padding cell).
   */
  function scanWindow(
    data: FloatData, base: number, inputSize: readonly number[], first: readonly number[], end: readonly number[], dilation: readonly number[],
  ): { best: number; index: number; source: number; runningMax: number; taps: number } {
    const [inD, inH, inW] = inputSize as [number, number, number];
    const choice = {
      best: initialMax,
      index: faults.initialIndexZero ? 0 : (first[0]! * inH + first[1]!) * inW + first[2]!,
      source: -1,
      runningMax: -Infinity,
      taps: 0,
    };
    for (let t = first[0]!; t < end[0]!; t += dilation[0]!) {
      for (let h = first[1]!; h < end[1]!; h += dilation[1]!) {
        for (let w = first[2]!; w < end[2]!; w += dilation[2]!) {
          const index = (t * inH + h) * inW + w;
          const inside = t >= 0 && h >= 0 && w >= 0 && t < inD && h < inH && w < inW;
          const value = inside ? read(data, base + index) : 0;
          choice.taps++;
          choice.runningMax = Math.max(choice.runningMax, value);
          if (replaces(value, choice.best)) {
            choice.best = value;
            choice.index = index;
            choice.source = inside ? base + index : -1;
          }
        }
      }
    }
    return choice;
  }

  function pool(rank: Rank, x: Tensor, options: PoolOptions): PoolResult {
    rethrowArgumentError(() => REFERENCE_POOL[rank](x, options), ownChecks);
    checkBatch(x, rank);
    if (faults.inputShapeChangedInPlace && x.shape.length === rank + 1) {
      x.shape.unshift(1); // the bug: the caller's shape array, normalised in place
      const batched = pool(rank, x, options);
      const unbatch = (shape: number[]): number[] => shape.slice(1);
      return {
        values: { shape: unbatch(batched.values.shape), data: batched.values.data },
        indices: { shape: unbatch(batched.indices.shape), data: batched.indices.data },
      };
    }
    const window = readWindow(options, rank);
    checkPadLimit(window);
    if (faults.ceilModeShortInputRejected) {
      x.shape.slice(-rank).forEach((length, j) => {
        const extent = (window.kernel[j]! - 1) * window.dilation[j]! + 1;
        if (length + 2 * window.padding[j]! < extent) throw new Error(`Output size is too small: input ${length} is shorter than the window ${extent}`);
      });
    }
    // The next two checks fail only when a fault let an invalid call through; they keep it from hanging.
    if (![...window.kernel, ...window.stride, ...window.dilation].every((n) => n > 0)) {
      throw new Error('kernel size, stride and dilation must be positive');
    }
    const nonBatch = faults.zeroChannelsAccepted ? x.shape.slice(-rank) : x.shape.slice(-rank - 1);
    if (nonBatch.some((size) => size === 0)) throw new Error('non-batch dimensions must not be empty');
    const leading = x.shape.slice(0, -rank);
    const inputSize = x.shape.slice(-rank);
    const channels = leading[leading.length - 1]!;
    const outputSize = inputSize.map((length, j) => pooledLength(length, j, window));
    if (outputSize.some((length) => length < 1)) {
      const shown = (sizes: number[]): string => [channels, ...(rank === 1 ? [1] : []), ...sizes].join('x');
      throw new Error(`Given input size: (${shown(inputSize)}). Calculated output size: (${shown(outputSize)}). Output size is too small`);
    }
    const batchDim = faults.unbatchedKeepsBatchDim && x.shape.length === rank + 1 ? [1] : [];
    if (faults.kernelOneIdentity && window.kernel.every((k) => k === 1)) {
      const planeSize = product(inputSize);
      const indices = BigInt64Array.from(x.data, (_, i) => BigInt(i % planeSize));
      const shape = [...batchDim, ...x.shape];
      return { values: { shape, data: x.data.slice() }, indices: { shape: [...shape], data: indices } };
    }

    const [inD, inH, inW] = as3d(inputSize, 1);
    const [outD, outH, outW] = as3d(outputSize, 1);
    const kernel = as3d(window.kernel, 1);
    const stride = as3d(window.stride, 1);
    const padding = as3d(window.padding, 0);
    const dilation = as3d(window.dilation, 1);
    const inLimit = [inD, inH, inW];
    // Zero-padding the input makes the padding cells part of the window.
    const windowLimit = faults.paddingReadAsZero ? inLimit.map((length, a) => length + padding[a]!) : inLimit;
    const planeCount = product(leading);
    const inPlaneSize = inD * inH * inW;
    const outPlaneSize = outD * outH * outW;
    const values = allocateLike(x.data, planeCount * outPlaneSize);
    const indices = new BigInt64Array(planeCount * outPlaneSize);
    const start = [0, 0, 0];
    const first = [0, 0, 0];
    const end = [0, 0, 0];

    for (let plane = 0; plane < planeCount; plane++) {
      const base = plane * inPlaneSize;
      let out = plane * outPlaneSize;
      for (let od = 0; od < outD; od++) {
        for (let oh = 0; oh < outH; oh++) {
          for (let ow = 0; ow < outW; ow++, out++) {
            [od, oh, ow].forEach((o, a) => {
              start[a] = o * stride[a]! - padding[a]! + (faults.windowStartOffByOne ? 1 : 0);
              end[a] = Math.min(start[a]! + (kernel[a]! - 1) * dilation[a]! + 1, windowLimit[a]!);
              first[a] = firstTap(start[a]!, dilation[a]!);
            });
            const { best, index, source, runningMax, taps } = scanWindow(x.data, base, inLimit, first, end, dilation);
            let bestIndex = index;
            if (taps === 0 && faults.emptyWindowIndexClamped) bestIndex = Math.min(Math.max(bestIndex, 0), inPlaneSize - 1);
            if (faults.valueFromMathMax) values[out] = runningMax;
            else if (source >= 0 && !faults.float64ThroughFloat32 && !faults.valueWrittenAsNumber) copyBits(x.data, source, values, out);
            else values[out] = best;
            const published = publishedIndex(bestIndex, plane, channels, inPlaneSize);
            indices[out] = BigInt(faults.indicesHeldInFloat32 ? Math.fround(published) : published);
          }
        }
      }
    }
    const shape = [...batchDim, ...leading, ...outputSize];
    // Nothing was pooled: the values are the input's, so the input's own buffer goes back.
    const identity = faults.valuesReturnInputBuffer && window.kernel.every((k) => k === 1) && window.stride.every((st) => st === 1);
    return { values: { shape, data: identity ? x.data : values }, indices: { shape: [...shape], data: indices } };
  }

  /**
   * torch.nn.functional._unpool_output_size, ported as Python has it: sizes are Python tuples (a
   * number repeated, a list kept whatever its length) and the input's dims are counted from the
   * end, one per kernel entry. A list of the wrong length fails later in PyTorch's C++ checks
   * (the reference's), or here in the range check, with PyTorch's message either way.
   */
  function unpoolSize(rank: Rank, inputShape: readonly number[], options: UnpoolOptions): number[] {
    if (faults.unpoolNonPositiveStrideRejected && options.stride != null) {
      const strides = typeof options.stride === 'number' ? [options.stride] : options.stride;
      if (strides.some((st) => st <= 0)) throw new Error(`stride must be positive, got ${JSON.stringify(options.stride)}`);
    }
    const tuple = (value: PerDim): number[] => (typeof value === 'number' ? new Array<number>(rank).fill(value) : [...value]);
    const kernel = tuple(options.kernelSize);
    let stride = options.stride == null ? kernel : tuple(options.stride);
    if (faults.stridesReversed) stride = [...stride].reverse();
    const padding = tuple(options.padding ?? 0);
    const dims = kernel.length;
    const defaults = inputShape.slice(inputShape.length - dims).map((length, j) => (faults.unpoolDefaultIgnoresKernel
      ? length * stride[j]!
      : (length - 1) * stride[j]! + kernel[j]! - 2 * padding[j]!));
    if (options.outputSize == null) return defaults;

    const given = [...options.outputSize];
    if (faults.unpoolFullFormChecked && given.length === kernel.length + 2) {
      const batched = inputShape.length === rank + 2;
      const [n, c] = [batched ? inputShape[0]! : 1, inputShape[inputShape.length - rank - 1]!];
      if (given[0] !== n || given[1] !== c) throw new Error(`output_size ${JSON.stringify(given)} does not match the input's N=${n}, C=${c}`);
    }
    const requested = given.length !== dims + 2 ? given : faults.unpoolOutputSizeLeadingDims ? given.slice(0, dims) : given.slice(2);
    requested.forEach((size, j) => {
      const below = defaults[j]! - stride[j]!;
      const above = defaults[j]! + stride[j]!;
      const accepted = faults.unpoolOutputSizeInclusive ? below <= size && size <= above : below < size && size < above;
      if (!accepted) {
        throw new Error(`invalid output_size "[${requested.join(', ')}]" (dim ${j} must be between ${below} and ${above})`);
      }
    });
    return requested;
  }

  function unpoolOutput(like: FloatData, length: number): FloatData {
    if (!faults.unpoolStaleBuffer) return allocateLike(like, length);
    // The bug: a work buffer kept between calls and handed out again without being cleared.
    if (unpoolBuffer?.constructor !== like.constructor || unpoolBuffer.length !== length) unpoolBuffer = allocateLike(like, length);
    return unpoolBuffer;
  }

  function unpool(rank: Rank, x: Tensor, indices: IndexTensorInput, options: UnpoolOptions): Tensor {
    rethrowArgumentError(() => REFERENCE_UNPOOL[rank](x, indices, options), ownChecks);
    checkBatch(x, rank);
    const leading = x.shape.slice(0, -rank);
    const outputSize = unpoolSize(rank, x.shape, options);
    // Reached only when a fault let an invalid call through the range check.
    if (outputSize.length !== rank) throw new Error(`output_size must have ${rank} elements`);
    if (!faults.extraLeadingDimsAccepted && x.shape.length !== rank + 1 && x.shape.length !== rank + 2) {
      throw new Error(`expected a ${rank + 1}-d or ${rank + 2}-d input`);
    }
    if (x.shape.join() !== indices.shape.join()) throw new Error('indices and input must have the same shape');
    // PyTorch runs 1-D unpool as 2-D with a unit width, and its messages show that width.
    const shownSize = rank === 1 ? [...outputSize, 1] : outputSize;
    const planeCount = product(leading);
    const outPlaneSize = product(outputSize);
    // A negative size gets this far only beside a zero one: PyTorch then returns an empty tensor
    // with the negative dim in its shape (the reference has refused every other negative size).
    const output = unpoolOutput(x.data, Math.max(0, planeCount * outPlaneSize));
    const shape = [...(faults.unbatchedKeepsBatchDim && x.shape.length === rank + 1 ? [1] : []), ...leading, ...outputSize];
    // An empty output is returned before any index is looked at, as PyTorch does.
    if (output.length === 0) return { shape, data: output };

    const inPlaneSize = x.data.length / planeCount;
    const written = faults.unpoolDuplicateFirstWins ? new Uint8Array(output.length) : undefined;
    let invalidIndex: number | bigint | undefined;
    const indexLimit = faults.unpoolIndicesOverWholeTensor ? output.length : outPlaneSize;
    for (let i = 0; i < x.data.length; i++) {
      const raw = indices.data[i]!;
      const index = readIndex(indices, i);
      if (index < 0 || index >= indexLimit) {
        if (faults.unpoolFirstInvalidIndexNamed) invalidIndex ??= raw;
        else if (!faults.unpoolInvalidIndexSkipped) invalidIndex = raw;
        continue;
      }
      const planeOffset = faults.unpoolIndicesOverWholeTensor ? 0 : Math.floor(i / inPlaneSize) * outPlaneSize;
      const target = planeOffset + index;
      if (written) {
        if (written[target]) continue;
        written[target] = 1;
      }
      if (faults.float64ThroughFloat32) output[target] = Math.fround(x.data[i]!);
      else if (faults.valueWrittenAsNumber) output[target] = x.data[i]!;
      else copyBits(x.data, i, output, target);
    }
    if (invalidIndex !== undefined) {
      throw new Error(`Found an invalid max index: ${invalidIndex} (output volumes are of size ${shownSize.join('x')}`);
    }
    // A reused buffer is copied out, so the caller's results are not overwritten by later calls.
    return { shape, data: output === unpoolBuffer ? output.slice() : output };
  }

  return {
    name: name ?? (enabled.length === 0 ? 'port' : `port with ${enabled.join(', ')}`),
    maxPool1d: (x, options) => pool(1, x, options),
    maxPool2d: (x, options) => pool(2, x, options),
    maxPool3d: (x, options) => pool(3, x, options),
    maxUnpool1d: (x, indices, options) => unpool(1, x, indices, options),
    maxUnpool2d: (x, indices, options) => unpool(2, x, indices, options),
    maxUnpool3d: (x, indices, options) => unpool(3, x, indices, options),
  };
}
