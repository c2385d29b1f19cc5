/**
 * `poolcheck verify --impl <module>`: the conformance suite as a CI gate. Exit 0 when the
 * implementation conforms, 1 when a property fails, 2 for a usage error. The seed is printed
 * first, every failure ends with the command that replays it.
 */
import type { Command } from 'commander';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_RUNS, freshSeed, runSuite, type ProgressEvent, type PropertyResult, type Shard, type SuiteResult } from '../properties/runner.js';
import { PROPERTY_IDS } from '../properties/catalogue/index.js';
import { formatFailure, formatResultLine, formatSummary } from '../properties/report/text.js';
import { counterexampleRecords, suiteToJson, suiteToJUnit, type ReportSubject } from '../properties/report/machine.js';
import { checkReportPath } from '../properties/report/files.js';
import { openReportSink, type ReportFileContent } from '../properties/report/sink.js';
import type { ReplayHint } from '../properties/report/text.js';
import { resolveCapabilities, FULL_CAPABILITIES, type Implementation } from '../implementation.js';
import { emitRegressionTests, emitTestsDir, regressionTarget } from './emitTests.js';
import { verifyReplay } from '../properties/replay.js';
import { suiteHtml } from '../html/report.js';
import { EXIT, UsageError } from './errors.js';
import { resolveImplementation } from './impls.js';
import { commandReplay, resolveCommandImplementation } from './protocolImpls.js';
import {
  cellOf, deviationsSeen, excuseFrom, knownBugIds, loadDeviations, readDeviationFile, staleDeviations, unmetEntries,
  type DeviationFile,
} from '../deviations/index.js';
import { DEFAULT_SPEC, describeSpec, isSpecName, resolveSpec, SPEC_NAMES, type SpecProfile } from '../reference/spec.js';

/**
 * The documented deviations a run allows: the file given with --deviations (a port's own), else
 * the built-in implementation's file shipped in deviations/, else none.
 */
function deviationFileFor(spec: string, option: string | undefined): { file?: DeviationFile; args: string[] } {
  if (option === 'none') return { args: ['--deviations', 'none'] };
  if (option !== undefined) {
    try {
      return { file: readDeviationFile(option), args: ['--deviations', option] };
    } catch (error) {
      throw new UsageError(`--deviations ${(error as Error).message}`);
    }
  }
  if (/[\\/]|\.[cm]?js$/.test(spec)) return { args: [] };
  try {
    const file = loadDeviations(spec);
    return file ? { file, args: [] } : { args: [] };
  } catch (error) {
    throw new UsageError(`deviations for ${spec}: ${(error as Error).message}`);
  }
}

export interface VerifyOptions {
  impl?: string;
  /** A program speaking the poolcheck/1 protocol, with its arguments (instead of --impl). */
  cmd?: string;
  runs?: string;
  seed?: string;
  path?: string;
  only?: string;
  case?: string;
  json?: string;
  junit?: string;
  /** A self-contained HTML report with every counterexample drawn. */
  html?: string;
  /** `i/n`: check only the i-th of n deterministic slices of the run's cases (1-based). */
  shard?: string;
  /** A documented-deviation file, or "none"; default: the built-in's own file in deviations/. */
  deviations?: string;
  /** Write one vitest regression test per counterexample into this directory. */
  emitTests?: string;
  /** Which PyTorch to check against: pytorch-1.13 (default) or pytorch-2. */
  spec?: string;
}

/** Where the command writes; tests pass their own. */
export interface VerifyIO {
  out(line: string): void;
  /** Live progress (a terminal): overwritable status text; absent in CI. */
  status?(text: string): void;
}

function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

/**
 * Checks a report path before the run (so that a long run never ends in "cannot write the
 * report"); returns it absolute. Rules in ../properties/report/files.ts.
 */
export function reportFileOption(name: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return checkReportPath(file);
  } catch (error) {
    throw new UsageError(`${name} ${(error as Error).message}`);
  }
}

export interface ParsedVerifyOptions {
  spec: SpecProfile;
  runs: number;
  seed: number;
  seedGiven: boolean;
  path?: string;
  only?: string[];
  caseId?: string;
  json?: string;
  junit?: string;
  html?: string;
  shard?: Shard;
}

/** `--shard i/n`, 1-based as CI job matrices count; kept 0-based inside. */
function shardOption(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 100_000 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${text}"`);
  }
  return { index: index - 1, count };
}

/** --spec: a profile name, or a one-line usage error naming the ones there are. */
export function specOption(text: string | undefined): SpecProfile {
  if (text === undefined) return resolveSpec(undefined);
  if (!isSpecName(text)) throw new UsageError(`--spec must be one of ${SPEC_NAMES.join(', ')} (default ${DEFAULT_SPEC}), got "${text}"`);
  return resolveSpec(text);
}

/** What a replay repeats so that it runs under the same profile (nothing for the default). */
export function specArgs(spec: SpecProfile): string[] {
  return spec.name === DEFAULT_SPEC ? [] : ['--spec', spec.name];
}

export function parseVerifyOptions(o: VerifyOptions): ParsedVerifyOptions {
  const spec = specOption(o.spec);
  const runs = integerOption('--runs', o.runs, 1, 1_000_000) ?? DEFAULT_RUNS;
  const seedGiven = integerOption('--seed', o.seed, -0x80000000, 0x7fffffff);
  const only = o.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((id) => !PROPERTY_IDS.includes(id)) ?? [];
  if (unknown.length > 0) {
    throw new UsageError(`--only: unknown property ${unknown.join(', ')} (properties: ${PROPERTY_IDS.join(', ')})`);
  }
  if (o.path !== undefined) {
    if (seedGiven === undefined) throw new UsageError('--path replays a counterexample and needs the --seed of its run');
    if (only?.length !== 1) throw new UsageError('--path replays a counterexample of one property: give it with --only');
    if (!/^\d+(:\d+)*$/.test(o.path)) throw new UsageError(`--path must look like 12:0:3 (as printed by a failure), got "${o.path}"`);
  }
  if (o.case !== undefined && (only?.length !== 1 || only[0] !== 'golden-corpus')) {
    throw new UsageError('--case names a golden corpus case: use it with --only golden-corpus');
  }
  const shard = shardOption(o.shard);
  if (shard && o.path !== undefined) throw new UsageError('--path replays one case of the whole run: leave out --shard');
  if (shard && seedGiven === undefined) {
    throw new UsageError('--shard needs the run\'s --seed: every shard must generate the same cases');
  }
  return {
    spec,
    runs,
    seed: seedGiven ?? freshSeed(),
    ...(shard ? { shard } : {}),
    seedGiven: seedGiven !== undefined,
    ...(o.path !== undefined ? { path: o.path } : {}),
    ...(only ? { only } : {}),
    ...(o.case !== undefined ? { caseId: o.case } : {}),
    ...(reportFileOption('--json', o.json) ? { json: reportFileOption('--json', o.json)! } : {}),
    ...(reportFileOption('--junit', o.junit) ? { junit: reportFileOption('--junit', o.junit)! } : {}),
    ...(reportFileOption('--html', o.html) ? { html: reportFileOption('--html', o.html)! } : {}),
  };
}

/** A terminal status line: which property, how many cases, redrawn at most ten times a second. */
function progressPrinter(io: VerifyIO): ((event: ProgressEvent) => void) | undefined {
  const status = io.status;
  if (!status) return undefined;
  let current = '';
  let last = 0;
  return (event) => {
    if (event.kind === 'property-start') {
      current = `[${event.index + 1}/${event.total}] ${event.id}`;
      status(`${current} …`);
    } else if (event.kind === 'case') {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      status(`${current} ${event.done} cases`);
    } else {
      status('');
    }
  };
}

/** Runs the command; returns the exit code. */
export async function verify(o: VerifyOptions, io: VerifyIO): Promise<number> {
  const options = parseVerifyOptions(o);
  if ((o.impl === undefined) === (o.cmd === undefined)) throw new UsageError('give either --impl <name|module> or --cmd "<program and args>"');
  const deviations = deviationFileFor(o.impl ?? '', o.deviations);
  const emitDir = emitTestsDir(o.emitTests);
  // Checked before the run, so that a long run does not end in this usage error.
  if (emitDir) regressionTarget(o.cmd ?? o.impl!, o.cmd !== undefined ? 'cmd' : 'impl', emitDir);
  const resolved = o.cmd !== undefined
    ? await resolveCommandImplementation(o.cmd)
    : await resolveImplementation(o.impl!, process.cwd(), { spec: options.spec });
  const excuse = excuseFrom(deviations.file);
  const bugs = knownBugIds(deviations.file);
  io.out(`poolcheck verify: ${resolved.name} (${resolved.spec}) against ${describeSpec(options.spec)}, ` +
    `seed ${options.seed}${options.seedGiven ? '' : ' (fresh)'}, ` +
    `${options.runs} cases per property${options.path ? `, replaying path ${options.path}` : ''}` +
    (options.shard ? `, shard ${options.shard.index + 1}/${options.shard.count}` : '') +
    (deviations.file
      ? `, ${deviations.file.deviations.length} documented deviation(s) allowed, ${deviations.file.knownBugs?.length ?? 0} known bug(s) looked past`
      : ''));
  const progress = progressPrinter(io);
  const subject = { spec: resolved.spec, name: resolved.name, via: o.cmd !== undefined ? 'cmd' as const : 'impl' as const };
  const replayFor = (reportFile: string | undefined): ReplayHint => {
    const replayOptions = { extraArgs: [...specArgs(options.spec), ...deviations.args], ...(reportFile !== undefined ? { reportFile } : {}) };
    return o.cmd !== undefined ? commandReplay(o.cmd, replayOptions) : verifyReplay(resolved.spec, replayOptions);
  };
  // What the reports say so far: refined once the run is over (a replay may need a JSON report).
  let reportFile = options.json;
  let hint = replayFor(reportFile);
  const finished: PropertyResult[] = [];
  const started = performance.now();
  let suite: SuiteResult | undefined;
  const reports = openReportSink((incomplete) => verifyReports(
    { ...options, ...(reportFile !== undefined ? { json: reportFile } : {}) }, subject, hint,
    incomplete === undefined ? suite! : partialSuite(resolved.impl, options, finished, performance.now() - started), incomplete));
  let stale: Awaited<ReturnType<typeof staleDeviations>> = [];
  let disposeFailed: { error: unknown } | undefined;
  try {
    suite = await runSuite(resolved.impl, {
      spec: options.spec,
      runs: options.runs,
      seed: options.seed,
      ...(options.only ? { only: options.only } : {}),
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(options.caseId !== undefined ? { caseId: options.caseId } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(excuse ? { excuse, knownBugs: bugs } : {}),
      ...(resolved.fresh ? { fresh: resolved.fresh } : {}),
      onProgress: (event) => {
        progress?.(event);
        if (event.kind === 'property-end') {
          finished.push(event.result);
          io.out(formatResultLine(event.result));
        }
      },
    });
    stale = await staleDeviations(resolved.impl, deviations.file, options.spec);
  } catch (error) {
    reports.incomplete(`stopped by an error: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}`);
    throw error;
  } finally {
    try {
      await resolved.impl.dispose?.();
    } catch (error) {
      // A dispose() that throws still leaves a report behind; its error is raised below, unless
      // the run itself already failed with one of its own.
      reports.incomplete(`stopped by an error in dispose(): ${(error as Error)?.message?.split('\n')[0] ?? String(error)}`);
      disposeFailed = { error };
    }
  }
  if (disposeFailed) throw disposeFailed.error;
  // A failure that needs earlier calls is replayed from the JSON report; without --json one is
  // written to a fresh temporary directory, so that the printed command works.
  const needsReport = suite.properties.some((r) => r.counterexample?.reproduction?.alone === false);
  reportFile = options.json ?? (needsReport ? path.join(mkdtempSync(path.join(tmpdir(), 'poolcheck-replay-')), 'report.json') : undefined);
  hint = replayFor(reportFile);
  for (const result of suite.properties) {
    if (result.status === 'fail' && !result.knownBugsOnly) io.out(`\n${formatFailure(result, hint)}`);
  }
  const seenEntries = deviationsSeen(suite, bugs);
  for (const seen of seenEntries) {
    io.out(seen.knownBug
      ? `FAIL known bug ${seen.id}: reproduced in ${seen.cases} case(s) of ${seen.properties.join(', ')} (its minimal example is in the deviation file)`
      : `documented deviation ${seen.id}: explained ${seen.cases} failing case(s) of ${seen.properties.join(', ')}`);
  }
  for (const entry of stale) {
    io.out(`STALE documented deviation ${entry.id}: ${entry.why}; remove it from the deviation file`);
  }
  for (const id of unmetEntries(deviations.file, seenEntries, stale)) {
    io.out(`not met in this run: ${id} (no failing case met its condition; its example still reproduces)`);
  }
  io.out(`\n${formatSummary(suite, resolved.name)}`);
  try {
    reports.complete();
    if (reportFile && !options.json) io.out(`(the counterexamples, as data: ${reportFile})`);
  } catch (error) {
    throw new UsageError(`cannot write the report: ${(error as Error).message}`);
  }
  if (emitDir) {
    const records = suite.properties.flatMap((r) => counterexampleRecords(r, hint));
    const target = regressionTarget(o.cmd ?? o.impl!, subject.via, emitDir);
    const files = emitRegressionTests(emitDir, records, target, resolved.name);
    io.out(`wrote ${files.length} regression test(s) to ${emitDir}`);
  }
  const failed = suite.properties.some((r) => cellOf(r, bugs) === 'FAIL');
  return !failed && stale.length === 0 ? EXIT.ok : EXIT.failure;
}

/** The report files of a verify run: JSON, JUnit and/or HTML, marked incomplete when `incomplete` is set. */
function verifyReports(
  options: ParsedVerifyOptions, subject: ReportSubject, hint: ReplayHint, suite: SuiteResult, incomplete: string | undefined,
): ReportFileContent[] {
  const files: ReportFileContent[] = [];
  if (options.json) files.push({ file: options.json, text: `${JSON.stringify(suiteToJson(suite, subject, hint, incomplete), null, 2)}\n` });
  if (options.junit) files.push({ file: options.junit, text: suiteToJUnit(suite, subject, hint, incomplete) });
  if (options.html) files.push({ file: options.html, text: suiteHtml(suite, subject, hint, incomplete) });
  return files;
}

/** What a run stopped early has: the properties that finished. Never conforms. */
function partialSuite(impl: Implementation, options: ParsedVerifyOptions, finished: PropertyResult[], durationMs: number): SuiteResult {
  let capabilities = FULL_CAPABILITIES;
  try {
    capabilities = resolveCapabilities(impl);
  } catch {
    /* a throwing capabilities getter: the report says what ran, the capabilities are unknown */
  }
  return {
    seed: options.seed, runs: options.runs, ...(options.shard ? { shard: options.shard } : {}), spec: options.spec, capabilities,
    properties: [...finished], conforms: false, durationMs: Math.round(durationMs),
  };
}

function terminalIO(): VerifyIO {
  const io: VerifyIO = { out: (line) => console.log(line) };
  if (process.stderr.isTTY) {
    let shown = 0;
    io.status = (text) => {
      const width = (process.stderr.columns ?? 80) - 1;
      const line = text.slice(0, width);
      process.stderr.write(`\r${line.padEnd(shown)}\r${line}`);
      shown = line.length;
      if (!text) process.stderr.write('\r');
    };
    const out = io.out;
    io.out = (line) => {
      if (shown > 0) process.stderr.write(`\r${' '.repeat(shown)}\r`);
      shown = 0;
      out(line);
    };
  }
  return io;
}

export function register(program: Command): void {
  program
    .command('verify')
    .description('run the property-based conformance suite against an implementation (exit 0 conforms, 1 does not, 2 usage error)')
    .option('--impl <module>', 'a JavaScript module exporting maxPool1d/2d/3d and/or maxUnpool1d/2d/3d (named or on a default object), or a built-in: reference, tfjs-cpu, ...')
    .option('--cmd <command>', 'a program that speaks the poolcheck/1 protocol (docs/protocol.md), with its arguments; split like a shell would, but run without one')
    .option('--runs <N>', `cases per property (default ${DEFAULT_RUNS})`)
    .option('--seed <S>', 'fast-check seed (default: fresh; always printed)')
    .option('--only <properties>', `run only these properties, comma-separated: ${PROPERTY_IDS.join(', ')}`)
    .option('--path <P>', 'replay the counterexample at this path (with --seed and one --only), as printed by a failure')
    .option('--case <id>', 'with --only golden-corpus: run only this golden case')
    .option('--json <file>', 'also write a machine-readable report (JSON)')
    .option('--junit <file>', 'also write a JUnit XML report, one testcase per property')
    .option('--html <file>', 'also write a self-contained HTML report with every counterexample drawn')
    .option('--shard <i/n>', 'check only the i-th of n deterministic slices of the cases (needs --seed); merge the --json reports with poolcheck merge')
    .option('--emit-tests <dir>', 'also write one vitest regression test per counterexample into this directory (for the port\'s own repo)')
    .option('--deviations <file>', 'documented deviations to allow (docs/deviations.md), or "none"; default: a built-in\'s own file in deviations/')
    .option('--spec <profile>', `which PyTorch to check against: ${SPEC_NAMES.join(' (default) or ')}, PyTorch 2's rules as read from its source (docs/semantics.md)`)
    .addHelpText('after', `
TypeScript modules: build them to JavaScript first (Node cannot import .ts here), or run the suite
from the port's own vitest file with \`import { conformance } from 'poolcheck/vitest'\`.

Examples:
  poolcheck verify --impl reference
  poolcheck verify --impl ./dist/my-pool.js --spec pytorch-2
  poolcheck verify --impl ./dist/my-pool.js --runs 500 --junit reports/poolcheck.xml
  poolcheck verify --impl ./dist/my-pool.js --only tie-break --seed 42 --path 12:0:3`)
    .action(async (options: VerifyOptions) => {
      process.exitCode = await verify(options, terminalIO());
    });
}
