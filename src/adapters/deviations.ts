/**
 * Expected deviations: behaviour of a real implementation that differs from PyTorch and that the
 * implementation's own documentation or tests state. Each one is data (deviations/<impl>.json):
 * the properties it excuses, a condition on the failing case, the reason, a minimal example and
 * a link. The suite excuses a failure only when an entry names its property and its condition
 * holds; everything else stays a failure.
 *
 * A condition is a set of features of the case, all of which must hold:
 *   { "hasNaN": true, "hasNegativeInfinity": false }
 * A feature's constraint is a value it must equal, a list of values it may take, or a numeric
 * range { "min": 1, "max": 2 } (inclusive). Features are computed from the call alone (op,
 * input, options, indices), so a condition never depends on what the implementation returned.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { Dtype, IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions } from '../types.js';
import { dtypeOf } from '../types.js';
import { poolAxes, unpoolAxes } from './axes.js';
import { elementCount } from './layout.js';

/** What a condition can test. Every feature is a scalar, so that a constraint reads one way. */
export interface CaseFeatures {
  op: OpName;
  kind: 'pool' | 'unpool';
  dtype: Dtype;
  spatialRank: number;
  /** False when the input is (C, ...spatial). */
  batched: boolean;
  ceilMode: boolean;
  /** Some axis has dilation > 1. */
  dilated: boolean;
  /** Some axis has padding > 0. */
  padded: boolean;
  maxPadding: number;
  /** The smallest stride over the axes (PyTorch's unpool accepts 0 and negative strides unchecked in 1-D and 2-D). */
  minStride: number;
  /** Kernel or stride differs between axes. */
  perAxisWindow: boolean;
  /** Unpool called with an explicit outputSize. */
  hasOutputSize: boolean;
  hasNaN: boolean;
  /** +inf or -inf. */
  hasInfinity: boolean;
  hasNegativeInfinity: boolean;
  hasNegativeZero: boolean;
  /** Some value is < 0 (-0 does not count). */
  hasNegative: boolean;
  /** Some value other than NaN is <= 0 (-0, +0, negatives, -inf). */
  hasNonPositive: boolean;
  /**
   * Some value other than NaN is below 2^-126, float32's smallest normal number (FLT_MIN): every
   * non-positive value, and the positive subnormals.
   */
  hasBelowFloatMin: boolean;
  /** Two equal values (±0 count as equal; NaN never) in one (n, c) plane of the input. */
  hasTies: boolean;
  /** Unpool only: two equal indices in one plane. */
  hasDuplicateIndices?: boolean;
  /** Unpool only: an index outside [0, output plane size) of its plane. */
  hasIndexOutsidePlane?: boolean;
}

export type FeatureName = keyof CaseFeatures;
export type FeatureValue = string | number | boolean;
export type Constraint = FeatureValue | readonly FeatureValue[] | { min?: number; max?: number };
export type Condition = Partial<Record<FeatureName, Constraint>>;

const FEATURE_NAMES: readonly FeatureName[] = [
  'op', 'kind', 'dtype', 'spatialRank', 'batched', 'ceilMode', 'dilated', 'padded', 'maxPadding', 'minStride', 'perAxisWindow',
  'hasOutputSize', 'hasNaN', 'hasInfinity', 'hasNegativeInfinity', 'hasNegativeZero', 'hasNegative',
  'hasNonPositive', 'hasBelowFloatMin', 'hasTies', 'hasDuplicateIndices', 'hasIndexOutsidePlane',
];

/** A failing case as the matcher sees it: which property failed, and the call's features. */
export interface CaseDescription extends CaseFeatures {
  property: string;
}

/** A number in an example: JSON has no NaN, infinities or -0, so those are strings. */
export type ExampleNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export interface DeviationExample {
  op: OpName;
  input: { shape: number[]; data: ExampleNumber[] };
  /** Unpool only: PyTorch-style per-plane indices. */
  indices?: { shape: number[]; data: number[] };
  options: PoolOptions | UnpoolOptions;
  /** What PyTorch (and so the reference) returns. */
  pytorch: DeviationOutcome;
  /** What the implementation returns, in PyTorch's conventions (after the adapter). */
  implementation: DeviationOutcome;
}

export interface DeviationOutcome {
  values?: ExampleNumber[];
  indices?: number[];
  shape?: number[];
  error?: string;
}

export interface Deviation {
  /** Unique within its file; the report names the deviation by it. */
  id: string;
  /** Property ids (as the suite names them) whose failures this deviation explains. */
  properties: string[];
  when: Condition;
  reason: string;
  example: DeviationExample;
  /** The framework's documentation or test that states the behaviour. */
  source: string;
  /** The statement at that link, quoted or closely paraphrased. */
  sourceSays: string;
}

/**
 * An undocumented difference already found and written down: still a failure (a bug), but one
 * the run should look past, so that it goes on to find the differences nobody has found yet.
 */
export interface KnownBug extends Omit<Deviation, 'source' | 'sourceSays'> {
  /** Where it was reported, if anywhere. */
  source?: string;
  sourceSays?: string;
}

export interface DeviationFile {
  implementation: string;
  /** The framework version the entries were checked against. */
  checkedWith: string;
  deviations: Deviation[];
  knownBugs?: KnownBug[];
}

export function decodeExampleNumber(value: ExampleNumber): number {
  if (typeof value === 'number') return value;
  return value === '-0' ? -0 : Number(value);
}

function hasKeys<T extends object>(value: T): boolean {
  return Object.keys(value).length > 0;
}

function satisfies(value: FeatureValue | undefined, constraint: Constraint): boolean {
  if (value === undefined) return false;
  if (Array.isArray(constraint)) return constraint.includes(value);
  if (typeof constraint === 'object' && constraint !== null) {
    const range = constraint as { min?: number; max?: number };
    return typeof value === 'number' && (range.min === undefined || value >= range.min)
      && (range.max === undefined || value <= range.max);
  }
  return value === constraint;
}

/** Whether every feature the condition names holds for the case. A missing feature never holds. */
export function conditionHolds(when: Condition, features: CaseFeatures): boolean {
  return (Object.entries(when) as Array<[FeatureName, Constraint]>)
    .every(([name, constraint]) => satisfies(features[name], constraint));
}

/** Whether the deviation explains this failing case: it names the property and its condition holds. */
export function matchDeviation(deviation: Deviation, failingCase: CaseDescription): boolean {
  return deviation.properties.includes(failingCase.property) && conditionHolds(deviation.when, failingCase);
}

/** The first entry that explains the failing case, if any. */
export function findDeviation(deviations: readonly Deviation[], failingCase: CaseDescription): Deviation | undefined {
  return deviations.find((deviation) => matchDeviation(deviation, failingCase));
}

/** 2^-126: float32's smallest normal number, C's FLT_MIN. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

function valueFeatures(x: Tensor, planeSize: number) {
  const data = x.data;
  let hasNaN = false;
  let hasInfinity = false;
  let hasNegativeInfinity = false;
  let hasNegativeZero = false;
  let hasNegative = false;
  let hasNonPositive = false;
  let hasBelowFloatMin = false;
  let hasTies = false;
  for (let start = 0; start < data.length; start += planeSize) {
    const seen = new Set<number>();
    for (let i = start; i < Math.min(start + planeSize, data.length); i++) {
      const v = data[i]!;
      if (Number.isNaN(v)) {
        hasNaN = true;
        continue;
      }
      if (!Number.isFinite(v)) hasInfinity = true;
      if (v === -Infinity) hasNegativeInfinity = true;
      if (Object.is(v, -0)) hasNegativeZero = true;
      if (v < 0) hasNegative = true;
      if (v <= 0) hasNonPositive = true;
      if (v < FLOAT32_MIN_NORMAL) hasBelowFloatMin = true;
      if (seen.has(v)) hasTies = true; // a Set compares with SameValueZero: -0 and +0 are one value
      seen.add(v);
    }
  }
  return { hasNaN, hasInfinity, hasNegativeInfinity, hasNegativeZero, hasNegative, hasNonPositive, hasBelowFloatMin, hasTies };
}

function indexFeatures(indices: IndexTensorInput, inputPlaneSize: number, outputPlaneSize: number) {
  let hasDuplicateIndices = false;
  let hasIndexOutsidePlane = false;
  for (let start = 0; start < indices.data.length; start += inputPlaneSize) {
    const seen = new Set<number>();
    for (let i = start; i < Math.min(start + inputPlaneSize, indices.data.length); i++) {
      const index = Number(indices.data[i]!);
      if (index < 0 || index >= outputPlaneSize) hasIndexOutsidePlane = true;
      if (seen.has(index)) hasDuplicateIndices = true;
      seen.add(index);
    }
  }
  return { hasDuplicateIndices, hasIndexOutsidePlane };
}

const RANK_OF_OP: Record<OpName, 1 | 2 | 3> = {
  maxPool1d: 1, maxPool2d: 2, maxPool3d: 3, maxUnpool1d: 1, maxUnpool2d: 2, maxUnpool3d: 3,
};

/**
 * The features of one call, as the suite's failure evidence records it. Unpool's default output
 * size is ONNX's and PyTorch's shared formula, (in - 1) * stride + kernel - 2 * padding.
 */
export function describeCall(
  op: OpName, input: Tensor, options: PoolOptions | UnpoolOptions, indices?: IndexTensorInput,
): CaseFeatures {
  const rank = RANK_OF_OP[op];
  const kind = op.startsWith('maxPool') ? 'pool' : 'unpool';
  const spatial = input.shape.slice(-rank);
  const inputPlaneSize = elementCount(spatial);
  const common = {
    op, kind, dtype: dtypeOf(input.data), spatialRank: rank, batched: input.shape.length === rank + 2,
    ...valueFeatures(input, inputPlaneSize),
  } as const;
  const differsBetweenAxes = (list: number[]) => list.some((v) => v !== list[0]);
  if (kind === 'pool') {
    const axes = poolAxes(options as PoolOptions, rank);
    return {
      ...common,
      ceilMode: axes.ceilMode,
      dilated: axes.dilation.some((d) => d > 1),
      padded: axes.padding.some((p) => p > 0),
      maxPadding: Math.max(...axes.padding),
      minStride: Math.min(...axes.stride),
      perAxisWindow: differsBetweenAxes(axes.kernel) || differsBetweenAxes(axes.stride),
      hasOutputSize: false,
    };
  }
  const axes = unpoolAxes(options as UnpoolOptions, rank);
  const outputSpatial = axes.outputSize
    ?? spatial.map((length, axis) => (length - 1) * axes.stride[axis]! + axes.kernel[axis]! - 2 * axes.padding[axis]!);
  return {
    ...common,
    ceilMode: false,
    dilated: false,
    padded: axes.padding.some((p) => p > 0),
    maxPadding: Math.max(...axes.padding),
    minStride: Math.min(...axes.stride),
    perAxisWindow: differsBetweenAxes(axes.kernel) || differsBetweenAxes(axes.stride),
    hasOutputSize: axes.outputSize !== undefined,
    ...(indices ? indexFeatures(indices, inputPlaneSize, elementCount(outputSpatial)) : {}),
  };
}

/** Checks a parsed file's shape, so that a typo in a feature name fails loudly instead of never matching. */
export function validateDeviationFile(json: unknown, origin: string): DeviationFile {
  const problem = (what: string): never => {
    throw new Error(`${origin}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) problem('expected a JSON object');
  const file = json as Partial<DeviationFile>;
  if (typeof file.implementation !== 'string') problem('"implementation" must be a string');
  if (typeof file.checkedWith !== 'string') problem('"checkedWith" must be a string');
  if (!Array.isArray(file.deviations)) problem('"deviations" must be an array');
  const ids = new Set<string>();
  if (file.knownBugs !== undefined && !Array.isArray(file.knownBugs)) problem('"knownBugs" must be an array');
  const entries = [
    ...file.deviations!.map((entry, position) => ({ entry, kind: 'deviation', position })),
    ...(file.knownBugs ?? []).map((entry, position) => ({ entry: entry as Deviation, kind: 'known bug', position })),
  ];
  for (const { entry, kind, position } of entries) {
    const where = `${kind} ${position}${typeof entry?.id === 'string' ? ` (${entry.id})` : ''}`;
    if (typeof entry?.id !== 'string' || entry.id === '') problem(`${where}: "id" must be a non-empty string`);
    if (ids.has(entry.id)) problem(`${where}: duplicate id`);
    ids.add(entry.id);
    if (!Array.isArray(entry.properties) || entry.properties.length === 0
      || !entry.properties.every((p) => typeof p === 'string')) {
      problem(`${where}: "properties" must be a non-empty array of property ids`);
    }
    if (typeof entry.when !== 'object' || entry.when === null || !hasKeys(entry.when)) {
      problem(`${where}: "when" must name at least one feature (an empty condition would excuse every case)`);
    }
    for (const name of Object.keys(entry.when)) {
      if (!FEATURE_NAMES.includes(name as FeatureName)) {
        problem(`${where}: unknown feature "${name}" in "when" (known: ${FEATURE_NAMES.join(', ')})`);
      }
    }
    // A documented deviation needs the documentation; a known bug only needs to be described.
    const required = kind === 'deviation' ? ['reason', 'source', 'sourceSays'] as const : ['reason'] as const;
    for (const field of required) {
      if (typeof entry[field] !== 'string' || entry[field] === '') problem(`${where}: "${field}" must be a non-empty string`);
    }
    if (kind === 'deviation' && !/^https:\/\//.test(entry.source)) problem(`${where}: "source" must be an https link to documentation or a test`);
    if (typeof entry.example !== 'object' || entry.example === null) problem(`${where}: "example" is missing`);
  }
  return file as DeviationFile;
}

export const DEVIATIONS_DIR = path.join(packageRoot, 'deviations');

/** deviations/<implementation>.json, or undefined when the implementation has no file. */
export function loadDeviations(implementation: string, directory = DEVIATIONS_DIR): DeviationFile | undefined {
  const file = path.join(directory, `${implementation}.json`);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = validateDeviationFile(json, file);
  if (parsed.implementation !== implementation) {
    throw new Error(`${file}: names implementation "${parsed.implementation}", expected "${implementation}"`);
  }
  return parsed;
}
