/**
 * The conformance matrix: the property suite run against several implementations, each failure
 * either explained by the implementation's documented-deviation file or reported as a failure,
 * and every documented deviation checked for staleness (its example no longer differs from
 * PyTorch). This is poolcheck's main job.
 */
import {
  cellOf, deviationsSeen, excuseFrom, knownBugIds, loadDeviations, staleDeviations,
  type Cell, type DeviationFile, type DeviationSeen, type StaleDeviation,
} from '../deviations/index.js';
import { MissingFrameworkError } from '../builtins/requirements.js';
import type { Implementation } from '../implementation.js';
import { PROPERTIES } from '../properties/catalogue/index.js';
import { runSuite, type ProgressEvent, type SuiteResult } from '../properties/runner.js';
import { resolveSpec, type SpecProfile } from '../reference/spec.js';

export type { Cell } from '../deviations/index.js';

export interface MatrixEntry {
  name: string;
  /** Set when the implementation could not be started (e.g. PyTorch is not installed). */
  unavailable?: string;
  /** Set, with the command that installs it, when what it needs is not installed (its cells read "not installed"). */
  notInstalled?: string;
  suite?: SuiteResult;
  cells: Record<string, Cell>;
  /** Documented deviations (and known bugs) that explained failing cases in this run, with how many. */
  deviationsSeen: DeviationSeen[];
  /** The implementation's deviation file, when it has one. */
  deviationFile?: DeviationFile;
  /** Documented deviations whose example now agrees with PyTorch: the file should drop them. */
  stale: StaleDeviation[];
  conforms: boolean;
}

export interface Matrix {
  seed: number;
  runs: number;
  /** Which PyTorch the matrix checked against. */
  spec: SpecProfile;
  entries: MatrixEntry[];
  properties: string[];
  /** Every available implementation conforms (documented deviations allowed) and nothing is stale. */
  ok: boolean;
  durationMs: number;
}

export interface MatrixTarget {
  name: string;
  load(): Promise<Implementation>;
  /** A fresh instance, so that each failure can be tried alone (RunOptions.fresh); after load(). */
  fresh?: () => Promise<Implementation>;
}

export interface MatrixOptions {
  runs?: number;
  seed: number;
  /** Which PyTorch every implementation is checked against (default PyTorch 1.13). */
  spec?: SpecProfile;
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
        ...(error instanceof MissingFrameworkError ? { notInstalled: error.install } : {}),
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
        ...(options.spec ? { spec: options.spec } : {}),
        ...(options.runs !== undefined ? { runs: options.runs } : {}),
        ...(excuse ? { excuse } : {}),
        ...(target.fresh ? { fresh: target.fresh } : {}),
        ...(options.onProgress ? { onProgress: (event: ProgressEvent) => options.onProgress!(target.name, event) } : {}),
      });
      const cells = Object.fromEntries(suite.properties.map((r) => [r.id, cellOf(r, bugs)]));
      const stale = await staleDeviations(impl, file, options.spec);
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
    seed: options.seed, runs: options.runs ?? entries.find((e) => e.suite)?.suite?.runs ?? 0, spec: resolveSpec(options.spec),
    entries, properties,
    ok: entries.every((e) => e.conforms),
    durationMs: Math.round(performance.now() - start),
  };
}
