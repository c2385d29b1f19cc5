/**
 * `poolcheck/vitest`: the conformance suite inside a port's own vitest run, one test per
 * property, with the same failure reports as `poolcheck verify`.
 *
 *   import { conformance } from 'poolcheck/vitest';
 *   import * as myPool from '../src/index.js';
 *   conformance(myPool);
 *
 * The seed is fresh on every run and shown in the describe title; a failure says how to replay
 * it: POOLCHECK_SEED, POOLCHECK_ONLY and POOLCHECK_PATH (which override the options, so that a
 * replay needs no edit), or the same values as options.
 *
 * A deviation file (`{ deviations: './poolcheck-deviations.json' }`) is applied exactly as
 * `poolcheck verify --deviations` applies it: a documented deviation excuses the cases it
 * explains; a known bug still fails its property, but the search looks past its cases for new
 * ones; a documented deviation whose own example now agrees with PyTorch (stale) fails.
 */
import { afterAll, describe, it } from 'vitest';
import {
  cellOf, excuseFrom, knownBugIds, readDeviationFile, staleDeviations, validateDeviationFile, type DeviationFile,
} from './deviations/index.js';
import { resolveCapabilities, type Capabilities, type Implementation } from './implementation.js';
import { PROPERTIES } from './properties/catalogue/index.js';
import { implementationFromModule } from './properties/load.js';
import { notCoveredReason, uncoveredParts } from './properties/property.js';
import { formatFailure, type ReplayHint } from './properties/report/text.js';
import { DEFAULT_RUNS, freshSeed, runSuite, type PropertyResult } from './properties/runner.js';
import { DEFAULT_SPEC, describeSpec, resolveSpec, type SpecName, type SpecProfile } from './reference/spec.js';

export interface ConformanceOptions {
  /** The describe block's name (default: the implementation's name). */
  name?: string;
  /** Cases per property (default 100; POOLCHECK_RUNS overrides). */
  runs?: number;
  /** fast-check seed (default fresh; POOLCHECK_SEED overrides). */
  seed?: number;
  /** Only these properties (default all; POOLCHECK_ONLY, comma-separated, overrides). */
  only?: readonly string[];
  /** Replay the counterexample at this path; needs the seed and one property (POOLCHECK_PATH overrides). */
  path?: string;
  /** Use these capabilities instead of the implementation's own declaration. */
  capabilities?: Partial<Capabilities>;
  /** Per-property test timeout in ms (default 120 s). */
  timeout?: number;
  /**
   * Which PyTorch to check against: 'pytorch-1.13' (default) or 'pytorch-2', or a profile object
   * (POOLCHECK_SPEC overrides).
   */
  spec?: SpecName | SpecProfile;
  /**
   * The port's deviation file (docs/deviations.md): a path (relative to the working directory,
   * as vitest runs from the project root) or the parsed file. Same semantics as `verify --deviations`.
   */
  deviations?: string | DeviationFile;
}

/** The option as a checked file; a bad file fails the test file at once, naming the file. */
function deviationFileOption(option: string | DeviationFile | undefined): DeviationFile | undefined {
  if (option === undefined) return undefined;
  try {
    return typeof option === 'string' ? readDeviationFile(option) : validateDeviationFile(option, 'the deviations option');
  } catch (error) {
    throw new Error(`poolcheck: deviations ${(error as Error).message}`);
  }
}

function envNumber(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${text}"`);
  return n;
}

function replayHint(spec: SpecProfile): ReplayHint {
  const other = spec.name === DEFAULT_SPEC ? '' : `POOLCHECK_SPEC=${spec.name} `;
  const specOption = spec.name === DEFAULT_SPEC ? '' : `, spec: '${spec.name}'`;
  return {
    replay: (r: PropertyResult) => r.path === undefined ? undefined
      : `${other}POOLCHECK_SEED=${r.seed} POOLCHECK_ONLY=${r.id} POOLCHECK_PATH=${r.path} npx vitest run <this test file>` +
        ` (or conformance(impl, { seed: ${r.seed}, only: ['${r.id}'], path: '${r.path}'${specOption} }))`,
  };
}

/** An Error whose text is the report itself, without a stack into poolcheck's internals. */
function reportError(text: string): Error {
  const error = new Error(text);
  error.stack = `Error: ${text}`;
  return error;
}

/**
 * Registers a describe block with one test per property. `impl` is an Implementation, or a
 * module namespace exporting the functions (named or as a default object).
 */
export function conformance(impl: Implementation | Record<string, unknown>, options: ConformanceOptions = {}): void {
  const implementation = implementationFromModule(impl, options.name ?? (impl as Implementation).name ?? 'implementation');
  const declared = resolveCapabilities(implementation);
  const caps: Capabilities = options.capabilities ? { ...declared, ...options.capabilities } : declared;
  const seed = envNumber('POOLCHECK_SEED') ?? options.seed ?? freshSeed();
  const runs = envNumber('POOLCHECK_RUNS') ?? options.runs ?? DEFAULT_RUNS;
  const envOnly = process.env.POOLCHECK_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const only = envOnly?.length ? envOnly : options.only;
  const path = process.env.POOLCHECK_PATH || options.path;
  const spec = resolveSpec((process.env.POOLCHECK_SPEC || undefined) as SpecName | undefined ?? options.spec);
  const unknown = only?.filter((id) => !PROPERTIES.some((p) => p.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`poolcheck: unknown property ${unknown.join(', ')}`);
  const selected = only ? PROPERTIES.filter((p) => only.includes(p.id)) : PROPERTIES;
  if (path !== undefined && selected.length !== 1) throw new Error('poolcheck: a replay path needs exactly one property (only)');
  const hint = replayHint(spec);
  const deviations = deviationFileOption(options.deviations);
  const excuse = excuseFrom(deviations);
  const bugs = knownBugIds(deviations);
  const allowed = deviations
    ? `, ${deviations.deviations.length} documented deviation(s) allowed, ${deviations.knownBugs?.length ?? 0} known bug(s) looked past`
    : '';

  describe(`poolcheck conformance: ${options.name ?? implementation.name} (seed ${seed}, ${runs} cases per property${allowed}) ` +
    `against ${describeSpec(spec)}`, () => {
    afterAll(async () => {
      await implementation.dispose?.();
    });
    for (const property of selected) {
      const reason = notCoveredReason(property, caps);
      if (reason) {
        // Skipped with the reason in the title: visible in every reporter, never counted as passed.
        it.skip(`${property.id} — not covered: ${reason}`, () => {});
        continue;
      }
      const uncovered = uncoveredParts(property, caps);
      const title = uncovered.length > 0 ? `${property.id} (not covered: ${uncovered.join(', ')})` : property.id;
      it(title, { timeout: options.timeout ?? 120_000 }, async () => {
        const suite = await runSuite(implementation, {
          only: [property.id], runs, seed, spec, capabilities: caps, ...(path !== undefined ? { path } : {}),
          ...(excuse ? { excuse, knownBugs: bugs } : {}),
        });
        const result = suite.properties[0]!;
        if (cellOf(result, bugs) === 'FAIL') throw reportError(formatFailure(result, hint));
      });
    }
    if (deviations && deviations.deviations.length + (deviations.knownBugs?.length ?? 0) > 0) {
      it('deviation file: no entry is stale', { timeout: options.timeout ?? 120_000 }, async () => {
        const stale = await staleDeviations(implementation, deviations, spec);
        if (stale.length > 0) {
          throw reportError(stale.map((entry) => `STALE ${entry.id}: ${entry.why}; remove it from the deviation file`).join('\n'));
        }
      });
    }
  });
}
