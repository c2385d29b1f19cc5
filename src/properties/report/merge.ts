/**
 * Merging the JSON reports of a sharded run (`verify --shard i/n`, one CI job each) into one
 * verdict. Shards are slices of one run (same implementation, seed and cases per property), so the
 * merge checks that every slice is there exactly once before it says anything: a missing shard
 * would otherwise read as a pass of the cases it never ran.
 */
import type { JUnitProperty } from './machine.js';

/** One property as the JSON report writes it (the fields the merge reads). */
interface ReportProperty {
  id: string;
  statement: string;
  status: 'pass' | 'fail' | 'not-covered';
  reason?: string;
  uncovered: string[];
  numRuns: number;
  skipped?: number;
  seed: number;
  durationMs: number;
  failure?: { summary: string; internal?: boolean; report: string; replay?: string | null; [key: string]: unknown };
  [key: string]: unknown;
}

/** The spec profile a report names (absent in a report written before profiles existed: PyTorch 1.13). */
interface ReportSpec {
  name: string;
  pytorch: string;
  basis: string;
  provenance?: string;
}

interface ShardReport {
  format: string;
  implementation: { spec: string; name: string };
  spec?: ReportSpec;
  conforms: boolean;
  seed: number;
  runs: number;
  shard?: { index: number; count: number };
  durationMs: number;
  properties: ReportProperty[];
  [key: string]: unknown;
}

/** A property over all shards: its failures keep the shard each came from. */
export interface MergedProperty extends JUnitProperty {
  status: 'pass' | 'fail' | 'not-covered';
  skipped?: number;
  failures: { shard: number; failure: NonNullable<ReportProperty['failure']> }[];
  /** Every shard's counterexample records (docs/reports.md), in shard order: `poolcheck replay` reads them. */
  counterexamples?: unknown[];
}

export interface MergedReport {
  format: 'poolcheck-verify-report';
  version: 1;
  implementation: { spec: string; name: string };
  spec?: ReportSpec;
  conforms: boolean;
  seed: number;
  runs: number;
  /** How many shard reports were merged. */
  merged: { shards: number; files: string[] };
  /** The slowest shard: the run's wall-clock time when shards run side by side. */
  durationMs: number;
  properties: MergedProperty[];
}

/** A report that cannot be merged: one line naming the file and what is wrong. */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

function asShard(json: unknown, file: string): ShardReport {
  const r = json as Partial<ShardReport> | null;
  if (!r || typeof r !== 'object' || r.format !== 'poolcheck-verify-report' || !Array.isArray(r.properties)) {
    throw new MergeError(`${file}: not a poolcheck verify JSON report (written by verify --json)`);
  }
  if (!r.shard || !Number.isInteger(r.shard.index) || !Number.isInteger(r.shard.count)) {
    throw new MergeError(`${file}: not a shard report (run verify with --shard i/n to write one)`);
  }
  // A shard stopped early (signal, deadline) checked fewer cases than its slice of the run.
  if (r.complete === false) {
    throw new MergeError(`${file}: that shard's run did not finish (${String(r.incomplete ?? 'incomplete')}): a merge with it checks fewer cases than the run`);
  }
  return r as ShardReport;
}

/**
 * Merges shard reports. Every shard 1..n of one run must be present exactly once, for the same
 * implementation, seed, cases per property and properties; otherwise a MergeError says which.
 */
export function mergeShardReports(reports: readonly { file: string; json: unknown }[]): MergedReport {
  if (reports.length === 0) throw new MergeError('no report to merge');
  const shards = reports.map(({ file, json }) => ({ file, report: asShard(json, file) }));
  const first = shards[0]!;
  const count = first.report.shard!.count;
  for (const { file, report } of shards) {
    const differs = (what: string, a: unknown, b: unknown): void => {
      if (a !== b) throw new MergeError(`${file}: ${what} ${String(b)} differs from ${first.file}'s ${String(a)}: not shards of one run`);
    };
    differs('implementation', first.report.implementation.spec, report.implementation.spec);
    differs('spec profile', first.report.spec?.name ?? 'pytorch-1.13', report.spec?.name ?? 'pytorch-1.13');
    differs('seed', first.report.seed, report.seed);
    differs('cases per property', first.report.runs, report.runs);
    differs('shard count', count, report.shard!.count);
    differs('properties', first.report.properties.map((p) => p.id).join(','), report.properties.map((p) => p.id).join(','));
  }
  const seen = new Map<number, string>();
  for (const { file, report } of shards) {
    const other = seen.get(report.shard!.index);
    if (other !== undefined) throw new MergeError(`${file}: shard ${report.shard!.index}/${count} is also in ${other}`);
    seen.set(report.shard!.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: a merge of fewer shards checks fewer cases than the run`);
  }
  shards.sort((a, b) => a.report.shard!.index - b.report.shard!.index);

  const properties = first.report.properties.map((p, i): MergedProperty => {
    const parts = shards.map(({ report }) => ({ shard: report.shard!.index, result: report.properties[i]! }));
    const statuses = parts.map((part) => part.result.status);
    const status = statuses.includes('fail') ? 'fail' : statuses.includes('pass') ? 'pass' : 'not-covered';
    const failures = parts.flatMap((part) => (part.result.failure ? [{ shard: part.shard, failure: part.result.failure }] : []));
    const skipped = parts.some((part) => part.result.skipped !== undefined)
      ? parts.reduce((sum, part) => sum + (part.result.skipped ?? 0), 0)
      : undefined;
    const firstFailure = failures[0]?.failure;
    const counterexamples = parts.flatMap((part) => (Array.isArray(part.result.counterexamples) ? part.result.counterexamples as unknown[] : []));
    return {
      id: p.id,
      statement: p.statement,
      status,
      ...(status === 'not-covered' && p.reason !== undefined ? { reason: p.reason } : {}),
      uncovered: p.uncovered,
      numRuns: parts.reduce((sum, part) => sum + part.result.numRuns, 0),
      ...(skipped !== undefined ? { skipped } : {}),
      seed: p.seed,
      durationMs: Math.max(...parts.map((part) => part.result.durationMs)),
      failures,
      ...(counterexamples.length > 0 ? { counterexamples } : {}),
      ...(status === 'fail' && firstFailure ? {
        failure: {
          summary: firstFailure.summary,
          internal: !!firstFailure.internal,
          report: failures.map((f) => `(shard ${f.shard}/${count})\n${f.failure.report}`).join('\n\n'),
        },
      } : {}),
    };
  });
  return {
    format: 'poolcheck-verify-report',
    version: 1,
    implementation: first.report.implementation,
    ...(first.report.spec ? { spec: first.report.spec } : {}),
    conforms: properties.every((p) => p.status !== 'fail'),
    seed: first.report.seed,
    runs: first.report.runs,
    merged: { shards: count, files: shards.map((s) => s.file) },
    durationMs: Math.max(...shards.map((s) => s.report.durationMs)),
    properties,
  };
}

/** The merged verdict in the words of `verify`'s own summary. */
export function formatMerged(merged: MergedReport): string[] {
  const lines = merged.properties.map((p) =>
    `${(p.status === 'fail' ? 'FAIL' : p.status === 'pass' ? 'PASS' : 'NOT COVERED').padEnd(12)}${p.id} (${p.numRuns} case${p.numRuns === 1 ? '' : 's'}` +
    `${p.failures.length ? `; failed in shard ${p.failures.map((f) => f.shard).join(', ')}` : ''})`);
  const count = (s: string): number => merged.properties.filter((p) => p.status === s).length;
  lines.push('', `${merged.implementation.name}: ${count('pass')} pass, ${count('fail')} FAIL, ${count('not-covered')} not covered ` +
    `(${merged.merged.shards} shards of seed ${merged.seed}, ${merged.runs} cases per property` +
    `${merged.spec ? `, against PyTorch ${merged.spec.pytorch} (--spec ${merged.spec.name})` : ''}); ` +
    (merged.conforms ? 'conforms' : 'does NOT conform'));
  for (const p of merged.properties) {
    for (const f of p.failures) lines.push('', `FAIL ${p.id} (shard ${f.shard}/${merged.merged.shards})`, f.failure.report);
  }
  return lines;
}
