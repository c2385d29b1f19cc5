/**
 * The conformance matrix: the property suite run against several implementations, each failure
 * either explained by the implementation's documented-deviation file or reported as a failure,
 * and every documented deviation checked for staleness (its example no longer differs from
 * PyTorch). This is poolcheck's main job.
 */
import {
  describeCall, findDeviation, loadDeviations, decodeExampleNumber, type Deviation, type DeviationFile,
} from '../adapters/deviations.js';
import type { Implementation } from '../implementation.js';
import { PROPERTIES } from '../properties/catalogue/index.js';
import type { Excuse } from '../properties/property.js';
import { runSuite, type PropertyResult, type ProgressEvent, type SuiteResult } from '../properties/runner.js';
import * as reference from '../reference/index.js';
import type { IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions } from '../types.js';

export type Cell = 'pass' | 'deviation' | 'FAIL' | 'not covered';

export interface MatrixEntry {
  name: string;
  /** Set when the implementation could not be started (e.g. PyTorch is not installed). */
  unavailable?: string;
  suite?: SuiteResult;
  cells: Record<string, Cell>;
  /** Documented deviations (and known bugs) that explained failing cases in this run, with how many. */
  deviationsSeen: { id: string; properties: string[]; cases: number; knownBug?: boolean }[];
  /** The implementation's deviation file, when it has one. */
  deviationFile?: DeviationFile;
  /** Documented deviations whose example now agrees with PyTorch: the file should drop them. */
  stale: { id: string; why: string }[];
  conforms: boolean;
}

export interface Matrix {
  seed: number;
  runs: number;
  entries: MatrixEntry[];
  properties: string[];
  /** Every available implementation conforms (documented deviations allowed) and nothing is stale. */
  ok: boolean;
  durationMs: number;
}

export interface MatrixTarget {
  name: string;
  load(): Promise<Implementation>;
}

/** The excused cases of a suite, gathered by deviation: which properties each explained, and how often. */
export function deviationsSeen(suite: SuiteResult, bugs: Set<string> = new Set()): MatrixEntry['deviationsSeen'] {
  const seen = new Map<string, { properties: Set<string>; cases: number }>();
  for (const result of suite.properties) {
    for (const [id, cases] of Object.entries(result.excused ?? {})) {
      const record = seen.get(id) ?? { properties: new Set<string>(), cases: 0 };
      record.properties.add(result.id);
      record.cases += cases;
      seen.set(id, record);
    }
  }
  return [...seen].map(([id, r]) => ({ id, properties: [...r.properties], cases: r.cases, ...(bugs.has(id) ? { knownBug: true } : {}) }));
}

/** Every entry of a deviation file, documented deviations first, then known bugs. */
function entriesOf(file: DeviationFile | undefined): Deviation[] {
  return [...(file?.deviations ?? []), ...(file?.knownBugs ?? []) as Deviation[]];
}

/** An excuse built from a deviation file: the first entry whose condition the failing call meets. */
export function excuseFrom(file: DeviationFile | undefined): Excuse | undefined {
  const entries = entriesOf(file);
  if (entries.length === 0) return undefined;
  return (property, call) => {
    const features = describeCall(call.op, call.input, call.options, call.indices);
    return findDeviation(entries, { ...features, property })?.id;
  };
}

/**
 * Listed entries that explained no failing case in a run and are not stale either: the run did
 * not meet their condition. Reported, not counted as failures, so that an entry whose condition
 * no case can meet (a mistyped range, say) does not go unnoticed run after run.
 */
export function unmetEntries(
  file: DeviationFile | undefined, seen: readonly { id: string }[], stale: readonly { id: string }[],
): string[] {
  const skip = new Set([...seen, ...stale].map((d) => d.id));
  return entriesOf(file).map((d) => d.id).filter((id) => !skip.has(id));
}

/** Ids of the entries that are known bugs: a case they explain is still a failure. */
export function knownBugIds(file: DeviationFile | undefined): Set<string> {
  return new Set((file?.knownBugs ?? []).map((bug) => bug.id));
}

function exampleCall(entry: Deviation): { op: OpName; input: Tensor; indices?: IndexTensorInput; options: PoolOptions | UnpoolOptions } {
  const { op, input, indices, options } = entry.example;
  const data = Float32Array.from(input.data.map((v) => decodeExampleNumber(v)));
  return {
    op, options,
    input: { shape: [...input.shape], data },
    ...(indices ? { indices: { shape: [...indices.shape], data: BigInt64Array.from(indices.data.map((i) => BigInt(i))) } } : {}),
  };
}

type Outcome = { threw: true } | { threw: false; values: ArrayLike<number>; indices?: ArrayLike<number | bigint>; shape: number[] };

async function outcomeOf(target: Implementation, call: ReturnType<typeof exampleCall>): Promise<Outcome> {
  try {
    const fn = target[call.op] as ((...args: unknown[]) => unknown) | undefined;
    if (!fn) return { threw: true };
    const result = await (call.indices ? fn.call(target, call.input, call.indices, call.options) : fn.call(target, call.input, call.options));
    if ('values' in (result as object)) {
      const { values, indices } = result as { values: Tensor; indices: IndexTensorInput };
      return { threw: false, values: values.data, indices: indices.data, shape: values.shape };
    }
    const output = result as Tensor;
    return { threw: false, values: output.data, shape: output.shape };
  } catch {
    return { threw: true };
  }
}

function sameNumber(a: number, b: number): boolean {
  return Number.isNaN(a) ? Number.isNaN(b) : Object.is(a, b);
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.threw || b.threw) return a.threw === b.threw;
  if (a.shape.join() !== b.shape.join() || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (!sameNumber(a.values[i]!, b.values[i]!)) return false;
  if (a.indices && b.indices) {
    for (let i = 0; i < a.indices.length; i++) if (Number(a.indices[i]) !== Number(b.indices[i])) return false;
  }
  return true;
}

/** A deviation is stale when its own example now gives what PyTorch gives. */
export async function staleDeviations(impl: Implementation, file: DeviationFile | undefined): Promise<MatrixEntry['stale']> {
  const stale: MatrixEntry['stale'] = [];
  for (const entry of entriesOf(file)) {
    const call = exampleCall(entry);
    const [got, expected] = [await outcomeOf(impl, call), await outcomeOf(reference as Implementation, call)];
    if (sameOutcome(got, expected)) stale.push({ id: entry.id, why: `its example (${call.op}) now agrees with PyTorch` });
  }
  return stale;
}

/** A case a known bug explains is still a failure; only documented deviations are let pass. */
export function cellOf(result: PropertyResult, bugs: Set<string> = new Set()): Cell {
  if (result.status === 'not-covered') return 'not covered';
  const excusedBy = Object.keys(result.excused ?? {});
  if (result.status === 'fail' || excusedBy.some((id) => bugs.has(id))) return 'FAIL';
  return excusedBy.length > 0 ? 'deviation' : 'pass';
}

export interface MatrixOptions {
  runs?: number;
  seed: number;
  onProgress?: (name: string, event: ProgressEvent) => void;
  onEntry?: (entry: MatrixEntry) => void;
  deviationsDir?: string;
}

export async function runMatrix(targets: readonly MatrixTarget[], options: MatrixOptions): Promise<Matrix> {
  const start = performance.now();
  const properties = PROPERTIES.map((p) => p.id);
  const entries: MatrixEntry[] = [];
  for (const target of targets) {
    let impl: Implementation;
    try {
      impl = await target.load();
    } catch (error) {
      const entry: MatrixEntry = {
        name: target.name, unavailable: (error as Error).message, cells: {}, deviationsSeen: [], stale: [], conforms: true,
      };
      entries.push(entry);
      options.onEntry?.(entry);
      continue;
    }
    try {
      const file = loadDeviations(target.name, options.deviationsDir);
      const excuse = excuseFrom(file);
      const bugs = knownBugIds(file);
      const suite = await runSuite(impl, {
        seed: options.seed,
        knownBugs: bugs,
        ...(options.runs !== undefined ? { runs: options.runs } : {}),
        ...(excuse ? { excuse } : {}),
        ...(options.onProgress ? { onProgress: (event: ProgressEvent) => options.onProgress!(target.name, event) } : {}),
      });
      const cells = Object.fromEntries(suite.properties.map((r) => [r.id, cellOf(r, bugs)]));
      const stale = await staleDeviations(impl, file);
      const entry: MatrixEntry = {
        name: target.name, suite, cells, stale, deviationsSeen: deviationsSeen(suite, bugs), ...(file ? { deviationFile: file } : {}),
        conforms: Object.values(cells).every((c) => c !== 'FAIL') && stale.length === 0,
      };
      entries.push(entry);
      options.onEntry?.(entry);
    } finally {
      await impl.dispose?.();
    }
  }
  return {
    seed: options.seed, runs: options.runs ?? entries.find((e) => e.suite)?.suite?.runs ?? 0,
    entries, properties,
    ok: entries.every((e) => e.conforms),
    durationMs: Math.round(performance.now() - start),
  };
}
