/**
 * Running the properties against an implementation: one fast-check run per generated property
 * (all with the suite's seed, so one seed and a path replay any failure), the corpus property
 * once over its cases. Results are data; the report module turns them into text, JSON or JUnit.
 */
import fc from 'fast-check';
import { eventLoopBreather } from '../eventLoop.js';
import { resolveCapabilities, type Capabilities, type Implementation } from '../implementation.js';
import { resolveSpec, type SpecName, type SpecProfile } from '../reference/spec.js';
import { PROPERTIES } from './catalogue/index.js';
import {
  callInputRecord, callRecord, mainCallOf, replayCounterexample, COUNTEREXAMPLE_FORMAT, COUNTEREXAMPLE_VERSION,
  type CounterexampleRecord, type ReproductionRecord,
} from './counterexample.js';
import { PropertyFailure, SuiteError, type FailureEvidence } from './failure.js';
import { recordExpected } from './oracle.js';
import { recordingImplementation, shortestFailingSequence, type RecordedCall } from './sequence.js';
import { specHint } from './specHint.js';
import {
  notCoveredReason, uncoveredParts, type CorpusProperty, type Excuse, type GeneratedProperty, type Property, type PropertyContext,
} from './property.js';

/** Cases per generated property in a default run. */
export const DEFAULT_RUNS = 100;

/** Longest one case may take (it includes the first call of an adapter that starts a process). */
const CASE_TIMEOUT_MS = 60_000;

export type PropertyStatus = 'pass' | 'fail' | 'not-covered';

/**
 * One of `count` deterministic slices of a run (index 0-based): the k-th generated case of each
 * property, and the k-th corpus case, belong to slice k mod count. The same seed generates the
 * same cases in every slice, so the slices together check exactly the cases of the whole run.
 */
export interface Shard {
  index: number;
  count: number;
}

/** Whether the k-th case (0-based) of a run belongs to `shard` (every case does without one). */
export function inShard(shard: Shard | undefined, k: number): boolean {
  return shard === undefined || k % shard.count === shard.index;
}

export interface Counterexample {
  /** The shrunk case in words. */
  story: string[];
  /** What the property saw; absent when the check died of something else. */
  evidence?: FailureEvidence;
  /** One line: what is wrong. */
  summary: string;
  /** Set when the check threw something other than a property failure. */
  error?: unknown;
  /** True when the error is poolcheck's own fault rather than the implementation's. */
  internal?: boolean;
  /** Corpus property only: the failing case's id, and where it lives in the corpus. */
  caseId?: string;
  source?: { file: string; line: number };
  /** Whether the failure happens alone on a fresh instance, or needs earlier calls (which). */
  reproduction?: ReproductionRecord;
  /** How a replay judges results against the expected ones (from the property and the declaration). */
  judge?: CounterexampleRecord['judge'];
  /**
   * Set when the failure is on a call where the spec profiles differ and the implementation
   * answered as another profile's PyTorch does: names that profile and the --spec to use.
   */
  specHint?: string;
}

export interface PropertyResult {
  id: string;
  statement: string;
  /** The spec profile the property was checked against. */
  spec: SpecName;
  status: PropertyStatus;
  /** Why a not-covered property did not run. */
  reason?: string;
  /** What the declaration leaves out of a property that ran. */
  uncovered: string[];
  /** Cases run (up to and including the first failure). */
  numRuns: number;
  /** Corpus cases left out because they are outside the declaration. */
  skipped?: number;
  seed: number;
  /** fast-check's path to the shrunk counterexample: `--seed S --path P` replays it. */
  path?: string;
  numShrinks?: number;
  counterexample?: Counterexample;
  /** Failing cases explained by a documented deviation or known bug, by id (shrinking attempts included). */
  excused?: Record<string, number>;
  /** The property fails only on cases known bugs explain: no new counterexample was found. */
  knownBugsOnly?: boolean;
  /** Further failing corpus cases (the first is the counterexample). */
  moreFailures?: Counterexample[];
  durationMs: number;
}

export interface SuiteResult {
  seed: number;
  runs: number;
  /** Set when this run checked one slice of the cases (`verify --shard`). */
  shard?: Shard;
  /** Which PyTorch the suite checked against (reports name it in their header). */
  spec: SpecProfile;
  capabilities: Capabilities;
  properties: PropertyResult[];
  /** No property failed. Not-covered properties do not fail the run, and do not count as passed. */
  conforms: boolean;
  durationMs: number;
}

export type ProgressEvent =
  | { kind: 'property-start'; id: string; index: number; total: number; runs: number }
  | { kind: 'case'; id: string; done: number }
  | { kind: 'property-end'; result: PropertyResult; index: number; total: number };

export interface RunOptions {
  /** Cases per generated property (default DEFAULT_RUNS). */
  runs?: number;
  /** fast-check seed; default a fresh one. Always reported in the result. */
  seed?: number;
  /** Property ids to run (default all). */
  only?: readonly string[];
  /** Replay one counterexample: needs `seed` and exactly one property in `only`. */
  path?: string;
  /** Corpus property: run only this case id. */
  caseId?: string;
  /** Check only this slice of the run's cases (the seed stays the run's). */
  shard?: Shard;
  onProgress?: (event: ProgressEvent) => void;
  /** Capabilities to use instead of resolving the implementation's own declaration. */
  capabilities?: Capabilities;
  /**
   * Documented deviations: a failing case this explains counts as excused (by deviation id) and
   * the run goes on looking for failures it does not explain.
   */
  excuse?: Excuse;
  /**
   * Ids the excuse returns for known bugs: the run looks past their cases for new failures, but
   * a property they explain still fails (with `knownBugsOnly` when nothing new was found).
   */
  knownBugs?: ReadonlySet<string>;
  /**
   * Makes a fresh instance of the implementation. Given, every failure is re-run alone on a fresh
   * instance before it is reported; one that passes there is searched for the shortest sequence of
   * earlier calls that brings it back (Counterexample.reproduction).
   */
  fresh?: () => Promise<Implementation>;
  /** Which PyTorch to check against: a profile name or object (default 'pytorch-1.13'). */
  spec?: SpecName | SpecProfile;
}

export function freshSeed(): number {
  return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) & 0x7fffffff;
}

export function findProperty(id: string): Property | undefined {
  return PROPERTIES.find((p) => p.id === id);
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

function counterexampleOf(story: string[], error: unknown, spec: SpecProfile): Counterexample {
  if (error instanceof PropertyFailure) {
    recordExpected(error.evidence.calls, spec);
    const hint = specHint(error.evidence, spec);
    return { story, evidence: error.evidence, summary: error.evidence.summary, ...(hint ? { specHint: hint } : {}) };
  }
  const internal = error instanceof SuiteError;
  const message = error instanceof Error ? error.message : String(error);
  return {
    story,
    summary: internal ? `poolcheck internal error (please report it): ${message}` : `the check died: ${message}`,
    error,
    internal,
  };
}

async function runGenerated(
  ctx: PropertyContext, property: GeneratedProperty,
  options: { runs: number; seed: number; path?: string; shard?: Shard; onCase?: () => void },
): Promise<Pick<PropertyResult, 'status' | 'numRuns' | 'path' | 'numShrinks' | 'counterexample' | 'excused'> & { shrunk?: unknown }> {
  const onCase = options.onCase;
  const excused: Record<string, number> = {};
  // fast-check runs the generated cases in order and shrinks only after the first failure, so
  // until then the k-th call is the k-th case: a shard checks its own and passes over the rest.
  // A replay (path) is never sharded: it names one case of the whole run.
  const shard = options.path === undefined ? options.shard : undefined;
  let generated = 0;
  let checked = 0;
  let shrinking = false;
  const breathe = eventLoopBreather();
  const fcProperty = fc.asyncProperty(property.arbitrary(ctx.caps, ctx.spec), async (c) => {
    await breathe();
    if (!shrinking) {
      if (!inShard(shard, generated++)) return;
      checked++;
    }
    onCase?.();
    try {
      await property.check(ctx, c);
    } catch (error) {
      const deviation = excuseFor(ctx, property.id, error);
      if (deviation === undefined) {
        shrinking = true;
        throw error;
      }
      excused[deviation] = (excused[deviation] ?? 0) + 1;
    }
  });
  const details = await fc.check(fcProperty, {
    numRuns: property.runs ? property.runs(options.runs) : options.runs,
    seed: options.seed,
    // A case that never settles (a hung child process, a lost promise) fails instead of hanging CI.
    timeout: CASE_TIMEOUT_MS,
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  const withExcused = Object.keys(excused).length > 0 ? { excused } : {};
  // Cases this run checked itself: all of them unsharded, its own slice when sharded.
  const numRuns = shard ? checked : details.numRuns;
  if (!details.failed) return { status: 'pass', numRuns, ...withExcused };
  if (details.counterexample === null) {
    const why = details.interrupted ? 'the run was interrupted' : 'too many cases were skipped';
    return {
      status: 'fail', numRuns,
      counterexample: { story: [], summary: `poolcheck internal error: ${why}`, internal: true },
    };
  }
  const [shrunk] = details.counterexample as [unknown];
  return {
    status: 'fail',
    numRuns,
    path: details.counterexamplePath,
    numShrinks: details.numShrinks,
    counterexample: counterexampleOf(property.story(shrunk), details.errorInstance, ctx.spec),
    shrunk,
    ...withExcused,
  };
}

/**
 * The deviation that explains a property failure. Every call the failure marks is asked (a
 * metamorphic failure marks both the original and the derived call, and the difference may lie
 * in either), then the first call when none is marked.
 */
function excuseFor(ctx: PropertyContext, propertyId: string, error: unknown): string | undefined {
  if (!ctx.excuse || !(error instanceof PropertyFailure)) return undefined;
  const calls = error.evidence.calls;
  const marked = calls.filter((c) => c.mark);
  for (const call of marked.length > 0 ? marked : calls.slice(0, 1)) {
    const deviation = ctx.excuse(propertyId, {
      op: call.op, input: call.input, options: call.options, ...(call.indices ? { indices: call.indices } : {}),
    });
    if (deviation !== undefined) return deviation;
  }
  return undefined;
}


async function runCorpus(
  ctx: PropertyContext, property: CorpusProperty, options: { caseId?: string; shard?: Shard; onCase?: () => void },
): Promise<Pick<PropertyResult, 'status' | 'numRuns' | 'skipped' | 'reason' | 'counterexample' | 'moreFailures' | 'excused'>> {
  const outcome = await property.run(ctx, {
    ...(options.caseId !== undefined ? { only: options.caseId } : {}),
    ...(options.shard && options.caseId === undefined ? { shard: options.shard } : {}),
    ...(options.onCase ? { onCase: options.onCase } : {}),
  });
  if (outcome.unavailable) return { status: 'not-covered', reason: outcome.unavailable, numRuns: 0 };
  if (outcome.ran === 0) {
    const reason = options.caseId !== undefined && outcome.skipped === 0
      ? `there is no golden case ${options.caseId}`
      : 'no corpus case lies within the declared capabilities';
    return { status: 'not-covered', reason, numRuns: 0, skipped: outcome.skipped };
  }
  const failures: Counterexample[] = outcome.failures.map((f) => ({
    story: f.story, summary: String(f.error), caseId: f.caseId,
    ...(f.evidence ? { evidence: f.evidence } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.specHint ? { specHint: f.specHint } : {}),
  }));
  const excused = outcome.excused && Object.keys(outcome.excused).length > 0 ? { excused: outcome.excused } : {};
  if (failures.length === 0) return { status: 'pass', numRuns: outcome.ran, skipped: outcome.skipped, ...excused };
  return {
    status: 'fail', numRuns: outcome.ran, skipped: outcome.skipped, ...excused,
    counterexample: failures[0]!, moreFailures: failures.slice(1),
  };
}

/** Runs one property (with a given seed and, to replay, a path). */
export async function runProperty(
  impl: Implementation, property: Property,
  options: {
    runs?: number; seed: number; path?: string; caseId?: string; shard?: Shard; capabilities?: Capabilities; onCase?: () => void;
    excuse?: Excuse;
    fresh?: () => Promise<Implementation>;
    /** Properties run before this one on the same instance (their calls may have left the state a failure needs). */
    earlier?: readonly Property[];
    spec?: SpecName | SpecProfile;
  },
): Promise<PropertyResult> {
  const caps = options.capabilities ?? resolveCapabilities(impl);
  const spec = resolveSpec(options.spec);
  const start = performance.now();
  const base = { id: property.id, statement: property.statement, spec: spec.name, seed: options.seed };
  const reason = notCoveredReason(property, caps);
  if (reason) return { ...base, status: 'not-covered', reason, uncovered: [], numRuns: 0, durationMs: 0 };
  const ctx: PropertyContext = { impl, caps, spec, ...(options.excuse ? { excuse: options.excuse } : {}) };
  const outcome = property.kind === 'generated'
    ? await runGenerated(ctx, property, {
      runs: options.runs ?? DEFAULT_RUNS, seed: options.seed,
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.onCase ? { onCase: options.onCase } : {}),
    })
    : await runCorpus(ctx, property, {
      ...(options.caseId !== undefined ? { caseId: options.caseId } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.onCase ? { onCase: options.onCase } : {}),
    });
  const c = outcome.counterexample;
  if (c && !c.internal) {
    c.judge = { nan: property.kind === 'corpus' ? 'any' : 'exact', errors: caps.errors === 'pytorch' ? 'pytorch' : 'throws' };
    for (const more of (outcome as { moreFailures?: Counterexample[] }).moreFailures ?? []) more.judge = c.judge;
    if (options.fresh && c.evidence) {
      c.reproduction = await reproduction(property, { caps, spec, ...(options.excuse ? { excuse: options.excuse } : {}) }, c, {
        fresh: options.fresh, runs: options.runs ?? DEFAULT_RUNS, seed: options.seed,
        ...(options.path !== undefined ? { path: options.path } : {}),
        ...(options.caseId !== undefined ? { caseId: options.caseId } : {}),
        shrunk: (outcome as { shrunk?: unknown }).shrunk,
        ...(options.shard ? { shard: options.shard } : {}),
        earlier: (options.earlier ?? []).filter((p) => notCoveredReason(p, caps) === undefined),
      });
    }
  }
  delete (outcome as { shrunk?: unknown }).shrunk;
  return { ...base, uncovered: uncoveredParts(property, caps), ...outcome, durationMs: elapsed(start) };
}

/** Longest the search for earlier calls may take, and how many fresh instances it may try. */
const SEQUENCE_BUDGET = { ms: 30_000, tries: 200 };

async function withInstance<T>(fresh: () => Promise<Implementation>, use: (impl: Implementation) => Promise<T>): Promise<T> {
  const impl = await fresh();
  try {
    return await use(impl);
  } finally {
    await impl.dispose?.();
  }
}

/**
 * Does the failure happen alone on a fresh instance, as its seed/path or --case replay runs it?
 * When it does not, the run is made again on a fresh instance with every call recorded, and the
 * shortest sequence of those calls after which the failure's own calls fail again is searched for.
 */
async function reproduction(
  property: Property, ctx: Omit<PropertyContext, 'impl'>, c: Counterexample,
  o: {
    fresh: () => Promise<Implementation>; runs: number; seed: number; path?: string; caseId?: string; shrunk: unknown;
    shard?: Shard; earlier: readonly Property[];
  },
): Promise<ReproductionRecord> {
  const failsAlone = (impl: Implementation): Promise<boolean> => property.kind === 'generated'
    ? property.check({ ...ctx, impl }, o.shrunk).then(() => false, (error) => excuseFor({ ...ctx, impl }, property.id, error) === undefined)
    : property.run({ ...ctx, impl }, { only: c.caseId! }).then((r) => r.failures.length > 0);
  try {
    if (await withInstance(o.fresh, failsAlone)) return { alone: true };
  } catch (error) {
    return { alone: 'unknown', why: `a fresh instance could not be made: ${(error as Error).message}` };
  }
  // The run again, from a fresh instance, every call recorded: the properties before this one
  // too, since their calls are part of the state this one met.
  const log: RecordedCall[] = [];
  await withInstance(o.fresh, async (impl) => {
    const recorded = { ...ctx, impl: recordingImplementation(impl, log) };
    for (const p of [...o.earlier, property]) {
      const only = p === property ? { ...(o.path !== undefined ? { path: o.path } : {}), ...(o.caseId !== undefined ? { only: o.caseId } : {}) } : {};
      // The same slice of the run as before, when it was one.
      const shard = o.shard ? { shard: o.shard } : {};
      if (p.kind === 'generated') await runGenerated(recorded, p, { runs: o.runs, seed: o.seed, ...shard, ...('path' in only ? { path: only.path } : {}) });
      else await p.run(recorded, 'only' in only ? { only: only.only } : shard);
    }
  });
  const base = draftRecord(property.id, c);
  const earlier = log.map((call) => callInputRecord(call));
  const start = performance.now();
  const found = await shortestFailingSequence(earlier, (calls) => withInstance(o.fresh, async (impl) =>
    (await replayCounterexample(impl, { ...base, reproduction: { alone: false, earlierCalls: [...calls], callsInRun: log.length, minimal: false } })).fails),
  { maxTries: SEQUENCE_BUDGET.tries, deadline: start + SEQUENCE_BUDGET.ms });
  if (!found) {
    return {
      alone: false,
      why: `it passes alone on a fresh instance, and the ${log.length} calls of the run made again on a fresh instance did not bring it back ` +
        '(the implementation may not be deterministic)',
    };
  }
  return { alone: false, earlierCalls: found.calls, callsInRun: log.length, minimal: found.minimal };
}

/** The record of a counterexample without its replay command (the caller's to add). */
export function draftRecord(propertyId: string, c: Counterexample, result?: PropertyResult): CounterexampleRecord {
  const calls = (c.evidence?.calls ?? []).map(callRecord);
  return {
    format: COUNTEREXAMPLE_FORMAT,
    version: COUNTEREXAMPLE_VERSION,
    property: propertyId,
    summary: c.summary,
    details: c.evidence?.details ?? [],
    story: c.story,
    origin: c.caseId !== undefined
      ? { kind: 'golden', caseId: c.caseId, ...(c.source ? { file: c.source.file, line: c.source.line } : {}) }
      : {
        kind: 'generated', seed: result?.seed ?? 0, path: result?.path ?? '', numRuns: result?.numRuns ?? 0, numShrinks: result?.numShrinks ?? 0,
      },
    calls,
    mainCall: mainCallOf(calls),
    reproduction: c.reproduction ?? { alone: 'unknown' },
    judge: c.judge ?? { nan: 'exact', errors: 'throws' },
    replay: null,
    ...(c.internal ? { internal: true } : {}),
  };
}

/** A property whose failing cases include known bugs fails, even when nothing new was found. */
function withKnownBugs(result: PropertyResult, knownBugs: ReadonlySet<string> | undefined): PropertyResult {
  const bugs = Object.entries(result.excused ?? {}).filter(([id]) => knownBugs?.has(id));
  if (bugs.length === 0 || result.status !== 'pass') return result;
  const list = bugs.map(([id, cases]) => `${id} (${cases} case${cases === 1 ? '' : 's'})`).join(', ');
  return {
    ...result,
    status: 'fail',
    knownBugsOnly: true,
    counterexample: {
      story: [],
      summary: `fails only on cases that known bugs explain: ${list}; their minimal examples are in the deviation file`,
    },
  };
}

/** Runs the whole suite (or `only` some properties) against an implementation. */
export async function runSuite(impl: Implementation, options: RunOptions = {}): Promise<SuiteResult> {
  const seed = options.seed ?? freshSeed();
  const runs = options.runs ?? DEFAULT_RUNS;
  const capabilities = options.capabilities ?? resolveCapabilities(impl);
  const spec = resolveSpec(options.spec);
  const selected = options.only ? PROPERTIES.filter((p) => options.only!.includes(p.id)) : PROPERTIES;
  const unknown = options.only?.filter((id) => !findProperty(id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown property ${unknown.join(', ')}`);
  if (options.path !== undefined && selected.length !== 1) throw new Error('a replay path needs exactly one property');

  const start = performance.now();
  const results: PropertyResult[] = [];
  for (const [index, property] of selected.entries()) {
    options.onProgress?.({ kind: 'property-start', id: property.id, index, total: selected.length, runs });
    let done = 0;
    const onCase = options.onProgress ? () => options.onProgress!({ kind: 'case', id: property.id, done: ++done }) : undefined;
    const run = await runProperty(impl, property, {
      runs, seed, capabilities, spec,
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.caseId !== undefined ? { caseId: options.caseId } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(onCase ? { onCase } : {}),
      ...(options.excuse ? { excuse: options.excuse } : {}),
      ...(options.fresh ? { fresh: options.fresh, earlier: selected.slice(0, index) } : {}),
    });
    const result = withKnownBugs(run, options.knownBugs);
    results.push(result);
    options.onProgress?.({ kind: 'property-end', result, index, total: selected.length });
  }
  return {
    seed, runs, spec, capabilities,
    ...(options.shard ? { shard: options.shard } : {}),
    properties: results,
    conforms: results.every((r) => r.status !== 'fail'),
    durationMs: elapsed(start),
  };
}
