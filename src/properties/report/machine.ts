/**
 * Machine-readable reports: JSON (everything in the result, plus each failure's text) and JUnit
 * XML (one testcase per property, so CI shows them side by side). A run stopped early (a signal,
 * a deadline) still gets both, marked incomplete. Files are written by `./files.ts`: atomically,
 * and never by a rename over a device, a FIFO or a symbolic link.
 */
import type { CounterexampleRecord } from '../counterexample.js';
import { draftRecord, type PropertyResult, type SuiteResult } from '../runner.js';
import { formatFailure, type ReplayHint } from './text.js';

export interface ReportSubject {
  /** How the implementation was named on the command line (a path, `reference`, a command). */
  spec: string;
  name: string;
  /** `--impl` (a built-in or module, the default) or `--cmd` (a program speaking poolcheck/1): how to start it again. */
  via?: 'impl' | 'cmd';
}

/** Counterexample records kept per property in a JSON report (the first failing golden cases beyond are listed by id only). */
const MAX_RECORDS_PER_PROPERTY = 20;

/**
 * A failed property's counterexamples as data: the first one, then further failing cases (golden
 * corpus), each with the command that replays it. A list, so that a property may report several.
 */
export function counterexampleRecords(r: PropertyResult, hint?: ReplayHint): CounterexampleRecord[] {
  if (!r.counterexample || r.knownBugsOnly) return [];
  const all = [r.counterexample, ...(r.moreFailures ?? [])].slice(0, MAX_RECORDS_PER_PROPERTY);
  return all.map((c) => ({ ...draftRecord(r.id, c, r), replay: c.internal ? null : hint?.replay(r, c) ?? null }));
}

/** A JSON report's `format` and `version` (docs/reports.md). */
export const JSON_REPORT_FORMAT = 'poolcheck-verify-report';
export const JSON_REPORT_VERSION = 1;

/**
 * The JSON report. `incomplete` is the reason a run stopped early: the report then holds the
 * properties that finished, `complete: false` and the reason, and never claims conformance.
 */
export function suiteToJson(suite: SuiteResult, subject: ReportSubject, hint?: ReplayHint, incomplete?: string): object {
  return {
    format: JSON_REPORT_FORMAT,
    version: JSON_REPORT_VERSION,
    implementation: subject,
    complete: incomplete === undefined,
    ...(incomplete !== undefined ? { incomplete } : {}),
    spec: { name: suite.spec.name, pytorch: suite.spec.pytorch, basis: suite.spec.basis, provenance: suite.spec.provenance },
    conforms: suite.conforms && incomplete === undefined,
    seed: suite.seed,
    runs: suite.runs,
    // 1-based, as given to --shard i/n.
    ...(suite.shard ? { shard: { index: suite.shard.index + 1, count: suite.shard.count } } : {}),
    durationMs: suite.durationMs,
    capabilities: { ...suite.capabilities, maxKernel: finite(suite.capabilities.maxKernel), maxInputLength: finite(suite.capabilities.maxInputLength),
      maxPlaneSize: finite(suite.capabilities.maxPlaneSize) },
    properties: suite.properties.map((r) => propertyToJson(r, hint)),
  };
}

/** JSON has no Infinity: an unlimited size is written as null. */
function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

function propertyToJson(r: PropertyResult, hint?: ReplayHint): object {
  const c = r.counterexample;
  return {
    id: r.id,
    statement: r.statement,
    status: r.status,
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    uncovered: r.uncovered,
    numRuns: r.numRuns,
    ...(r.skipped !== undefined ? { skipped: r.skipped } : {}),
    seed: r.seed,
    ...(r.path !== undefined ? { path: r.path } : {}),
    ...(r.numShrinks !== undefined ? { numShrinks: r.numShrinks } : {}),
    durationMs: r.durationMs,
    ...(c ? {
      failure: {
        summary: c.summary,
        details: c.evidence?.details ?? [],
        ...(c.specHint ? { specHint: c.specHint } : {}),
        case: c.story,
        ...(c.caseId !== undefined ? { caseId: c.caseId } : {}),
        ...(r.moreFailures?.length ? { moreCaseIds: r.moreFailures.map((m) => m.caseId) } : {}),
        ...(c.internal ? { internal: true } : {}),
        replay: hint?.replay(r) ?? null,
        report: formatFailure(r, hint),
      },
      counterexamples: counterexampleRecords(r, hint),
    } : {}),
  };
}

function xml(text: string): string {
  return text
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function secondsText(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * The JUnit report. When the run stopped early (`incomplete` is the reason), it says so (see
 * junitXml), so CI shows the run red even when every property that finished passed.
 */
export function suiteToJUnit(suite: SuiteResult, subject: ReportSubject, hint?: ReplayHint, incomplete?: string): string {
  return junitXml({
    name: subject.name, spec: subject.spec, seed: suite.seed, runs: suite.runs, durationMs: suite.durationMs,
    ...(incomplete !== undefined ? { incomplete } : {}),
    profile: { name: suite.spec.name, pytorch: suite.spec.pytorch, basis: suite.spec.basis },
    properties: suite.properties.map((r) => ({
      id: r.id, statement: r.statement, status: r.status, uncovered: r.uncovered, numRuns: r.numRuns, seed: r.seed, durationMs: r.durationMs,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      ...(r.status === 'fail' ? {
        failure: { summary: r.counterexample?.summary ?? 'failed', internal: !!r.counterexample?.internal, report: formatFailure(r, hint) },
      } : {}),
    })),
  });
}

/** What a JUnit report says of one property: the fields the JSON report has too, so either can be the source. */
export interface JUnitProperty {
  id: string;
  statement: string;
  status: string;
  reason?: string;
  uncovered: readonly string[];
  numRuns: number;
  seed: number;
  durationMs: number;
  failure?: { summary: string; internal?: boolean; report: string };
}

/**
 * JUnit XML, one testcase per property, from a run's record (a fresh run, or merged shard reports).
 * A run that stopped early (`incomplete` is the reason) gets a property `complete` = false, a
 * property `incomplete` with the reason, and one extra testcase, `(run incomplete)`, in error.
 */
export function junitXml(run: {
  name: string; spec: string; seed: number; runs: number; durationMs: number; properties: readonly JUnitProperty[];
  extraProperties?: Record<string, string>;
  incomplete?: string;
  /** The spec profile the run checked against (absent in a report written before profiles existed). */
  profile?: { name: string; pytorch: string; basis: string };
}): string {
  const count = (s: string): number => run.properties.filter((p) => p.status === s).length;
  const errors = run.incomplete === undefined ? 0 : 1;
  const tests = run.properties.length + errors;
  const suiteName = `poolcheck verify: ${run.name}${run.profile ? ` against PyTorch ${run.profile.pytorch} (--spec ${run.profile.name})` : ''}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="poolcheck verify" tests="${tests}" failures="${count('fail')}" errors="${errors}" skipped="${count('not-covered')}" time="${secondsText(run.durationMs)}">`,
    `  <testsuite name="${xml(suiteName)}" tests="${tests}" failures="${count('fail')}" errors="${errors}" skipped="${count('not-covered')}" time="${secondsText(run.durationMs)}">`,
    '    <properties>',
    `      <property name="implementation" value="${xml(run.spec)}"/>`,
    ...(run.profile ? [
      `      <property name="spec" value="${xml(run.profile.name)}"/>`,
      `      <property name="spec.pytorch" value="${xml(run.profile.pytorch)}"/>`,
      `      <property name="spec.basis" value="${xml(run.profile.basis)}"/>`,
    ] : []),
    `      <property name="seed" value="${run.seed}"/>`,
    `      <property name="runs" value="${run.runs}"/>`,
    `      <property name="complete" value="${run.incomplete === undefined}"/>`,
    ...(run.incomplete !== undefined ? [`      <property name="incomplete" value="${xml(run.incomplete)}"/>`] : []),
    ...Object.entries(run.extraProperties ?? {}).map(([name, value]) => `      <property name="${xml(name)}" value="${xml(value)}"/>`),
    '    </properties>',
  ];
  if (run.incomplete !== undefined) {
    lines.push(`    <testcase classname="${xml(`poolcheck.${run.name}`)}" name="(run incomplete)" time="0.000">`);
    lines.push(`      <error message="${xml(`the run did not finish: ${run.incomplete}`)}" type="Incomplete"/>`);
    lines.push('    </testcase>');
  }
  for (const r of run.properties) {
    lines.push(`    <testcase classname="${xml(`poolcheck.${run.name}`)}" name="${xml(r.id)}" time="${secondsText(r.durationMs)}">`);
    if (r.status === 'fail') {
      lines.push(`      <failure message="${xml(r.failure?.summary ?? 'failed')}" type="${r.failure?.internal ? 'InternalError' : 'PropertyFailure'}">${xml(r.failure?.report ?? '')}</failure>`);
    } else if (r.status === 'not-covered') {
      lines.push(`      <skipped message="${xml(`not covered: ${r.reason ?? ''}`)}"/>`);
    }
    const out = [`${r.statement}`, `${r.numRuns} cases, seed ${r.seed}`];
    if (r.uncovered.length > 0) out.push(`not covered: ${r.uncovered.join(', ')}`);
    lines.push(`      <system-out>${xml(out.join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

/** Writes a report file safely (see ./files.ts); the old name of `writeReportFile`. */
export { writeReportFile as writeFileAtomic } from './files.js';
