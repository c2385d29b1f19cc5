/**
 * The bugs the mutant port can be built with, one switch each. Every switch is a mistake a
 * person porting PyTorch's max pooling to another language has made or could plausibly make;
 * the comment says how it arises and what it breaks. With every switch off the port conforms.
 *
 * Adding a mutant: a switch here, its effect in ./port.ts (behind `faults.<name>` only), a file
 * test/mutants/<kebab-name>.ts whose first line says the bug, and a witness in ./witnesses.ts.
 */
export interface Faults {
  // --- the comparison that picks a window's maximum -------------------------------------
  /** `value >= best`: the last of equal maxima wins (and the last tap of an all −inf window). */
  tieLastWins: boolean;
  /** `value > best` only: NaN never compares greater, so NaN is skipped instead of propagated. */
  nanIgnored: boolean;
  /** NaN is taken only while the best is not NaN yet: the first NaN wins, PyTorch keeps the last. */
  nanFirstWins: boolean;
  /** −0 and +0 told apart (Object.is): a +0 after a −0 replaces it instead of tying. */
  signedZeroPrefersPositive: boolean;
  /** The running maximum starts at 0: windows of negatives report 0. */
  initialMaxZero: boolean;
  /** The running maximum starts at C++'s `numeric_limits<float>::min()`, the smallest positive normal float. */
  initialMaxSmallestPositive: boolean;
  /** The running index starts at 0 instead of at the window's first tap (seen in CUDA's NHWC kernel). */
  initialIndexZero: boolean;
  /** The value written is a running `Math.max`, not the chosen element: +0 beats −0 and NaN payloads are lost. */
  valueFromMathMax: boolean;
  /** float64 input compared and written through `Math.fround`, as if the port only had a float32 path. */
  float64ThroughFloat32: boolean;
  /** The chosen element written as a JS number (`out[o] = best`): a float32 signalling NaN comes out quieted. */
  valueWrittenAsNumber: boolean;

  // --- where a window lies -----------------------------------------------------------------
  /** The input is zero-padded and pooled: padding cells are candidates with value 0. */
  paddingReadAsZero: boolean;
  /** The window starts one cell late (`o·s − p + 1`), a 1-based loop translated to 0-based. */
  windowStartOffByOne: boolean;
  /** A window starting in the padding begins at cell 0 instead of at its first dilated tap. */
  firstTapClampedToZero: boolean;
  /** A window lying wholly in the padding reports an index clamped into the plane. */
  emptyWindowIndexClamped: boolean;
  /** A 1×1 kernel is treated as the identity, forgetting that the stride still subsamples. */
  kernelOneIdentity: boolean;

  // --- how options are read ----------------------------------------------------------------
  /** Dilation is not implemented and silently read as 1. */
  dilationIgnored: boolean;
  /** Dilation read as one number: the first axis' dilation is used for every axis. */
  dilationFirstAxisForAll: boolean;
  /** The stride tuple read in (W, H) / (W, H, D) order, as a framework with width first stores it. */
  stridesReversed: boolean;
  /** ceil_mode accepted and ignored: floor is always used. */
  ceilModeIgnored: boolean;
  /** ceil_mode without the rule that drops a last window starting in the right padding. */
  ceilModeWithoutDrop: boolean;
  /** The ceil-mode drop rule written with `>` instead of `>=`. */
  ceilModeDropOffByOne: boolean;
  /** The `pad <= kernel / 2` check is missing. */
  padLimitUnchecked: boolean;
  /** The pad limit taken from a newer PyTorch: half the dilated (effective) kernel, not the kernel. */
  padLimitOnEffectiveKernel: boolean;
  /** Unbatched (C, ...spatial) input handled as a batch of one, and the batch dim left on the output. */
  unbatchedKeepsBatchDim: boolean;

  // --- which convention the indices follow -------------------------------------------------
  /** Indices flattened over (C, ...spatial) of each batch item, not per plane. */
  indicesOverChannels: boolean;
  /** Indices flattened over the whole tensor (N, C, ...spatial). */
  indicesOverWholeTensor: boolean;
  /** Indices in TensorFlow's channels-last order: (spatial offset)·C + c. */
  indicesChannelsLast: boolean;

  // --- unpool ------------------------------------------------------------------------------
  /** Default unpool length L·s, forgetting the kernel and the padding: (L − 1)·s + k − 2p is right. */
  unpoolDefaultIgnoresKernel: boolean;
  /** outputSize accepted in the closed range [default − s, default + s]; PyTorch excludes both ends. */
  unpoolOutputSizeInclusive: boolean;
  /** An outputSize of (N, C, ...spatial) read from the front: the leading entries taken as spatial sizes. */
  unpoolOutputSizeLeadingDims: boolean;
  /** Unpool indices read as offsets into the whole output tensor, so every plane writes into the first. */
  unpoolIndicesOverWholeTensor: boolean;
  /** An index outside the output plane is skipped silently instead of failing the call. */
  unpoolInvalidIndexSkipped: boolean;
  /** Two inputs sharing an index: the first written is kept; PyTorch (one thread) keeps the last. */
  unpoolDuplicateFirstWins: boolean;
  /** A module-level output buffer reused between calls and not cleared: stale values where nothing is written. */
  unpoolStaleBuffer: boolean;

  // --- argument forms ------------------------------------------------------------------------
  /** An empty batch refused ("input is empty"): PyTorch returns an empty output for N = 0. */
  zeroBatchRejected: boolean;
  /** A pool input with zero channels accepted (an empty output returned): PyTorch refuses it. */
  zeroChannelsAccepted: boolean;
  /** Any number of leading dims taken as planes, as NumPy-style code does: PyTorch refuses every other rank. */
  extraLeadingDimsAccepted: boolean;
  /** 3-D unpool without PyTorch's `stride > 0` check (the 1-D and 2-D ops have none). */
  unpoolStrideUnchecked: boolean;
  /** A careful port refuses an unpool stride ≤ 0 everywhere; PyTorch's 1-D and 2-D unpool accept it. */
  unpoolNonPositiveStrideRejected: boolean;
  /** A full-form outputSize (N, C, ...spatial) whose N or C differs from the input refused; PyTorch ignores them. */
  unpoolFullFormChecked: boolean;
  /** Of several invalid unpool indices, the first is named; PyTorch names the last it meets. */
  unpoolFirstInvalidIndexNamed: boolean;
  /** In ceil mode too, an input shorter than the dilated window (plus padding) refused; PyTorch may still fit one window. */
  ceilModeShortInputRejected: boolean;

  // --- index magnitudes and memory -----------------------------------------------------------
  /** The pooled index computed in a float32 (as a GPU port storing indices in a float texture): wrong past 2^24. */
  indicesHeldInFloat32: boolean;
  /** Unpool indices read into an Int32Array (`index | 0`): 2^32 + i wraps onto i, 2^53 onto 0. */
  unpoolIndicesInt32: boolean;
  /** Unpool int64 indices read through their low 32-bit word only: 2^32 + i reads as i. */
  unpoolIndicesLow32Bits: boolean;
  /** Unpool indices read through a float32 (`Math.fround`): a valid index past 2^24 lands on its even neighbour. */
  unpoolIndicesHeldInFloat32: boolean;
  /** With kernel 1, stride 1 (nothing to pool) the input's own buffer is returned as the values. */
  valuesReturnInputBuffer: boolean;
  /** An unbatched input's shape normalised in place (`x.shape.unshift(1)`), changing the caller's tensor. */
  inputShapeChangedInPlace: boolean;
}

export type FaultName = keyof Faults;
