/**
 * A deviation file applied to a run: which entry excuses a failing case, what a property's
 * verdict is once documented deviations are let pass (and known bugs are not), which entries
 * explained cases, which no case met, and which are stale (their own example now agrees with
 * PyTorch). `verify`, the matrix and poolcheck/vitest all judge a run this way.
 */
import type { Implementation } from '../implementation.js';
import type { Excuse } from '../properties/property.js';
import type { PropertyResult, SuiteResult } from '../properties/runner.js';
import * as reference from '../reference/index.js';
import type { SpecProfile } from '../reference/spec.js';
import type { IndexTensorInput, OpName, PoolOptions, Tensor, UnpoolOptions } from '../types.js';
import { conditionHolds, describeCall, type CaseDescription } from './features.js';
import { decodeExampleNumber, type Deviation, type DeviationFile } from './file.js';

/** A property's verdict: what a matrix cell shows and what decides an exit code. */
export type Cell = 'pass' | 'deviation' | 'FAIL' | 'not covered';

/** A deviation-file entry that explained failing cases in a run, with how many. */
export interface DeviationSeen {
  id: string;
  properties: string[];
  cases: number;
  knownBug?: boolean;
}

/** A documented deviation whose example now agrees with PyTorch: the file should drop it. */
export interface StaleDeviation {
  id: string;
  why: string;
}

/** Whether the deviation explains this failing case: it names the property and its condition holds. */
export function matchDeviation(deviation: Deviation, failingCase: CaseDescription): boolean {
  return deviation.properties.includes(failingCase.property) && conditionHolds(deviation.when, failingCase);
}

/** The first entry that explains the failing case, if any. */
export function findDeviation(deviations: readonly Deviation[], failingCase: CaseDescription): Deviation | undefined {
  return deviations.find((deviation) => matchDeviation(deviation, failingCase));
}

/** The excused cases of a suite, gathered by deviation: which properties each explained, and how often. */
export function deviationsSeen(suite: SuiteResult, bugs: Set<string> = new Set()): DeviationSeen[] {
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
export async function staleDeviations(
  impl: Implementation, file: DeviationFile | undefined, spec?: SpecProfile,
): Promise<StaleDeviation[]> {
  const stale: StaleDeviation[] = [];
  for (const entry of entriesOf(file)) {
    const call = exampleCall(entry);
    // PyTorch's answer under the run's spec profile.
    const expectedCall = spec ? { ...call, options: { ...call.options, spec } } : call;
    const [got, expected] = [await outcomeOf(impl, call), await outcomeOf(reference as Implementation, expectedCall)];
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
