/**
 * The float32 pooling kernel in WebAssembly SIMD (src/fast/wasm/maxPool.wat), driven from here.
 * Same rule, same bits as the reference (checked by property in test/fast.test.ts); four outputs
 * of a row per vector instruction instead of one.
 *
 * WebAssembly reads only its own memory, so the input goes through it in regions: a region is a
 * run of whole input rows (at most REGION_ELEMENTS, or one output row's span when that is
 * larger) copied in by one typed-array copy, which keeps the kernel's working set in the cache
 * and the module's memory small whatever the input's size. Outputs collect in the module's
 * memory and are copied out every OUTPUT_CHUNK outputs, values and int64 indices alike, by
 * typed-array copies of the same type, which move bytes (NaN payloads intact).
 */
import type { PlaneGeometry } from './windowTaps.js';
import { MAX_POOL_KERNEL_WASM } from './wasm/maxPoolKernel.generated.js';

/**
 * Input elements per region (1 MiB, which stays in a core's L2 cache with the outputs), and
 * outputs per copy out. A variable only so that the tests can make both tiny, to reach every
 * reload and copy on small inputs.
 */
export const SIMD_CHUNKING = { regionElements: 2 ** 18, outputChunk: 2 ** 14 };
/** One output row may need a longer region (tall windows, 3-D); past this the JavaScript kernel runs. */
const MAX_REGION_ELEMENTS = 2 ** 22;
/** Longer output rows go to the JavaScript kernel too. */
const MAX_OUTPUT_ROW = 2 ** 20;
/** The kernel's stride-2 loads read one element past the last tap. */
const SLACK_BYTES = 64;
const PAGE = 65536;

// The few WebAssembly names used here (the compiler's ES2022 library has none).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface Kernel {
  memory: WasmMemory;
  poolRowsF32: (...args: number[]) => void;
}

let loadedKernel: Kernel | null | undefined;

/** The kernel, or null where WebAssembly SIMD is not available (the JavaScript kernel runs). */
function simdKernel(): Kernel | null {
  if (loadedKernel === undefined) {
    try {
      const bytes = Uint8Array.from(atob(MAX_POOL_KERNEL_WASM), (c) => c.charCodeAt(0));
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
      loadedKernel = instance.exports as unknown as Kernel;
    } catch {
      loadedKernel = null;
    }
  }
  return loadedKernel;
}

/** Whether the SIMD kernel can run here at all (WebAssembly with SIMD). */
export function simdKernelAvailable(): boolean {
  return simdKernel() !== null;
}

const tapCount = (first: number, end: number, dilation: number): number => Math.ceil((end - first) / dilation);

/**
 * Pools planes [planeFrom, planeTo) of `input` (float32, whose element 0 is the element
 * `inputOffset` of the whole input: a worker may hold only part of it) into `values` and
 * `indices` from output element `outputOffset` on. Returns false, having written nothing, when
 * this kernel does not apply: no WebAssembly SIMD, a window wholly in the padding (no taps), or
 * rows too long for its regions.
 */
export function simdMaxPoolPlanes(
  geometry: PlaneGeometry, input: Float32Array, inputOffset: number, planeFrom: number, planeTo: number,
  values: Float32Array, indices: BigInt64Array, outputOffset: number,
): boolean {
  const kernel = simdKernel();
  const layout = kernel === null ? undefined : simdLayout(geometry);
  if (kernel === null || layout === undefined) return false;
  runSimdKernel(kernel, geometry, layout, input, inputOffset, planeFrom, planeTo, values, indices, outputOffset);
  return true;
}

/** Whether the SIMD kernel takes this geometry (else the JavaScript kernel runs). */
export function simdApplies(geometry: PlaneGeometry): boolean {
  return simdKernel() !== null && simdLayout(geometry) !== undefined;
}

interface SimdLayout {
  rowLast: Int32Array;
  regionCapacity: number;
  outputCapacity: number;
}

function simdLayout(geometry: PlaneGeometry): SimdLayout | undefined {
  const { width, depthTaps, rowTaps, columnTaps } = geometry;
  const outputDepth = depthTaps.firstTap.length;
  const outputHeight = rowTaps.firstTap.length;
  const outputWidth = columnTaps.firstTap.length;
  if (outputDepth === 0 || outputHeight === 0 || outputWidth === 0 || outputWidth > MAX_OUTPUT_ROW) return undefined;
  for (const taps of [depthTaps, rowTaps, columnTaps]) {
    for (let o = 0; o < taps.firstTap.length; o++) if (taps.firstTap[o]! >= taps.windowEnd[o]!) return undefined;
  }
  const depthStep = depthTaps.dilation * geometry.height * width;
  // The last row tap of each output row, and the widest span of input one output row reads.
  const rowLast = new Int32Array(outputHeight);
  let maxRowSpan = 0;
  for (let oh = 0; oh < outputHeight; oh++) {
    const count = tapCount(rowTaps.firstTap[oh]!, rowTaps.windowEnd[oh]!, rowTaps.dilation);
    rowLast[oh] = rowTaps.firstTap[oh]! + (count - 1) * rowTaps.dilation;
    maxRowSpan = Math.max(maxRowSpan, (rowLast[oh]! - rowTaps.firstTap[oh]!) * width);
  }
  let maxDepthSpan = 0;
  for (let od = 0; od < outputDepth; od++) {
    const count = tapCount(depthTaps.firstTap[od]!, depthTaps.windowEnd[od]!, depthTaps.dilation);
    maxDepthSpan = Math.max(maxDepthSpan, (count - 1) * depthStep);
  }
  const span = maxDepthSpan + maxRowSpan + width;
  if (span > MAX_REGION_ELEMENTS) return undefined;
  return {
    rowLast,
    regionCapacity: Math.max(SIMD_CHUNKING.regionElements, span),
    outputCapacity: Math.max(SIMD_CHUNKING.outputChunk, outputWidth),
  };
}

function runSimdKernel(
  kernel: Kernel, geometry: PlaneGeometry, { rowLast, regionCapacity, outputCapacity }: SimdLayout,
  input: Float32Array, inputOffset: number, planeFrom: number, planeTo: number,
  values: Float32Array, indices: BigInt64Array, outputOffset: number,
): void {
  const { depth, height, width, depthTaps, rowTaps, columnTaps } = geometry;
  const outputDepth = depthTaps.firstTap.length;
  const outputHeight = rowTaps.firstTap.length;
  const outputWidth = columnTaps.firstTap.length;
  const sliceSize = height * width;
  const planeSize = depth * sliceSize;
  const depthStep = depthTaps.dilation * sliceSize;

  // The module's memory: column tables, row tables, the input region, then the outputs.
  const align = (n: number): number => Math.ceil(n / 16) * 16;
  const columnFirstAddress = 0;
  const columnEndAddress = align(columnFirstAddress + 4 * outputWidth);
  const rowFirstAddress = align(columnEndAddress + 4 * outputWidth);
  const rowEndAddress = align(rowFirstAddress + 4 * outputHeight);
  const regionAddress = align(rowEndAddress + 4 * outputHeight);
  const valuesAddress = align(regionAddress + 4 * regionCapacity + SLACK_BYTES);
  const indicesAddress = align(valuesAddress + 4 * outputCapacity);
  const bytesNeeded = indicesAddress + 8 * outputCapacity;
  const { memory } = kernel;
  if (memory.buffer.byteLength < bytesNeeded) memory.grow(Math.ceil((bytesNeeded - memory.buffer.byteLength) / PAGE));
  const memoryWords = new Int32Array(memory.buffer);
  const memoryFloats = new Float32Array(memory.buffer);
  const memoryIndices = new BigInt64Array(memory.buffer);
  memoryWords.set(columnTaps.firstTap, columnFirstAddress / 4);
  memoryWords.set(columnTaps.windowEnd, columnEndAddress / 4);
  memoryWords.set(rowTaps.firstTap, rowFirstAddress / 4);
  memoryWords.set(rowTaps.windowEnd, rowEndAddress / 4);

  const { stride, padding, dilation: columnDilation, kernelSize: kernelWidth } = columnTaps;
  // Output columns whose every tap lies inside the row: windowStart ≥ 0 and the last tap < width.
  const vectorFrom = Math.min(outputWidth, Math.ceil(padding / stride));
  const vectorTo = Math.max(vectorFrom,
    Math.min(outputWidth, Math.floor((width - 1 - (kernelWidth - 1) * columnDilation + padding) / stride) + 1));

  let regionFrom = 0;
  let regionTo = 0; // empty: the first band loads it
  let pending = 0; // outputs in the module's memory, not yet copied out
  let written = outputOffset;
  const copyOut = (): void => {
    values.set(memoryFloats.subarray(valuesAddress / 4, valuesAddress / 4 + pending), written);
    indices.set(memoryIndices.subarray(indicesAddress / 8, indicesAddress / 8 + pending), written);
    written += pending;
    pending = 0;
  };

  for (let plane = planeFrom; plane < planeTo; plane++) {
    const planeBase = plane * planeSize - inputOffset; // where the plane starts in `input`
    for (let od = 0; od < outputDepth; od++) {
      const d0 = depthTaps.firstTap[od]!;
      const depthCount = tapCount(d0, depthTaps.windowEnd[od]!, depthTaps.dilation);
      const depthBase = d0 * sliceSize;
      const lastSliceBase = depthBase + (depthCount - 1) * depthStep;
      const rowsFrom = (oh: number): number => planeBase + depthBase + rowTaps.firstTap[oh]! * width;
      const rowsTo = (oh: number): number => planeBase + lastSliceBase + rowLast[oh]! * width + width;
      for (let oh = 0; oh < outputHeight;) {
        if (pending + outputWidth > outputCapacity) copyOut();
        if (rowsFrom(oh) < regionFrom || rowsTo(oh) > regionTo) {
          regionFrom = rowsFrom(oh);
          regionTo = Math.min(input.length, regionFrom + regionCapacity);
          memoryFloats.set(input.subarray(regionFrom, regionTo), regionAddress / 4);
        }
        // As many output rows as the region and the output chunk hold.
        const maxRows = Math.floor((outputCapacity - pending) / outputWidth);
        let ohTo = oh + 1;
        while (ohTo < outputHeight && ohTo - oh < maxRows && rowsFrom(ohTo) >= regionFrom && rowsTo(ohTo) <= regionTo) ohTo++;
        kernel.poolRowsF32(
          (regionAddress + (planeBase - regionFrom) * 4) | 0, depthBase, depthCount, depthStep,
          rowFirstAddress, rowEndAddress, rowTaps.dilation, width, oh, ohTo,
          columnFirstAddress, columnEndAddress, columnDilation, stride, padding, kernelWidth,
          vectorFrom, vectorTo, outputWidth,
          valuesAddress + 4 * pending, indicesAddress + 8 * pending,
        );
        pending += (ohTo - oh) * outputWidth;
        oh = ohTo;
      }
    }
  }
  copyOut();
}
