/**
 * `poolcheck matrix` (and `poolcheck` with no command): the suite against every built-in
 * implementation, printed as implementation × property, then each failure's minimal
 * counterexample. Exit 0 when every implementation that ran conforms (documented deviations
 * allowed, none stale), 1 otherwise, 2 for a usage error.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { formatEntryLine, formatMatrix, matrixToJson, matrixToMarkdown } from '../conformance/format.js';
import { runMatrix, type Matrix, type MatrixEntry, type MatrixTarget } from '../conformance/matrix.js';
import { PROPERTY_IDS } from '../properties/catalogue/index.js';
import { openReportSink, type ReportFileContent } from '../properties/report/sink.js';
import { DEFAULT_RUNS } from '../properties/runner.js';
import { EXIT, UsageError } from './errors.js';
import { matrixHtml } from '../html/report.js';
import { verifyReplay } from '../properties/replay.js';
import { builtInNames, defaultMatrixNames, findBuiltIn, loadBuiltIn } from '../builtins/index.js';
import { looksLikePath, resolveImplementation, type ResolvedImplementation } from './impls.js';
import { parseVerifyOptions, reportFileOption, specArgs } from './verify.js';
import { DEFAULT_SPEC, describeSpec, SPEC_NAMES } from '../reference/spec.js';

export interface MatrixCommandOptions {
  impls?: string;
  runs?: string;
  seed?: string;
  json?: string;
  markdown?: string;
  html?: string;
  spec?: string;
}

async function matrixCommand(o: MatrixCommandOptions, out: (line: string) => void = console.log): Promise<number> {
  const parsed = parseVerifyOptions({
    ...(o.runs !== undefined ? { runs: o.runs } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.json !== undefined ? { json: o.json } : {}),
    ...(o.spec !== undefined ? { spec: o.spec } : {}),
  });
  // Checked before the run, so that a bad path costs nothing and writes nothing.
  const markdown = reportFileOption('--markdown', o.markdown);
  const htmlFile = reportFileOption('--html', o.html);
  const names = o.impls ? o.impls.split(',').map((s) => s.trim()).filter(Boolean) : defaultMatrixNames();
  const unknown = names.filter((n) => !findBuiltIn(n) && !looksLikePath(n));
  if (unknown.length > 0) throw new UsageError(`--impls: unknown implementation ${unknown.join(', ')} (built-ins: ${builtInNames().join(', ')})`);

  // A built-in's own errors reach the matrix as they are, so that a missing framework shows as
  // "not installed" in its column rather than as a run that could not start.
  const targets: MatrixTarget[] = names.map((name) => {
    let resolved: ResolvedImplementation | undefined;
    return {
      name,
      load: async () => {
        if (findBuiltIn(name)) return loadBuiltIn(name, { spec: parsed.spec });
        return (resolved = await resolveImplementation(name, process.cwd(), { spec: parsed.spec })).impl;
      },
      // A fresh instance to try a failure alone: a built-in loaded again, a module evaluated again.
      fresh: async () => {
        if (findBuiltIn(name)) return loadBuiltIn(name, { spec: parsed.spec });
        if (!resolved?.fresh) throw new Error(`${name} cannot make a fresh instance`);
        return resolved.fresh();
      },
    };
  });
  out(`poolcheck: conformance matrix of ${names.join(', ')}` +
    `${parsed.spec.name === DEFAULT_SPEC ? '' : ` against ${describeSpec(parsed.spec)}`}; ` +
    `seed ${parsed.seed}${parsed.seedGiven ? '' : ' (fresh)'}, ${parsed.runs} cases per property`);
  const done: MatrixEntry[] = [];
  const started = performance.now();
  let matrix: Matrix | undefined;
  const render = (incomplete: string | undefined): ReportFileContent[] => {
    const shown: Matrix = matrix && incomplete === undefined ? matrix : {
      seed: parsed.seed, runs: parsed.runs, spec: parsed.spec, entries: [...done], properties: [...PROPERTY_IDS], ok: false,
      durationMs: Math.round(performance.now() - started),
    };
    const why = incomplete === undefined ? undefined
      : `${incomplete}; finished: ${done.map((e) => e.name).join(', ') || 'none'}; not finished: ${names.slice(done.length).join(', ') || 'none'}`;
    const files: ReportFileContent[] = [];
    if (parsed.json) files.push({ file: parsed.json, text: `${JSON.stringify(matrixToJson(shown, why), null, 2)}\n` });
    if (markdown) {
      const command = ['poolcheck matrix', ...specArgs(parsed.spec), '--seed', String(shown.seed), ...(o.impls ? ['--impls', o.impls] : []),
        ...(o.runs ? ['--runs', o.runs] : []), '--markdown', path.relative(process.cwd(), markdown) || markdown].join(' ');
      files.push({ file: markdown, text: matrixToMarkdown(shown, command, why) });
    }
    if (htmlFile) files.push({ file: htmlFile, text: matrixHtml(shown, (name) => verifyReplay(name, specArgs(parsed.spec)), why) });
    return files;
  };
  const reports = openReportSink(render);
  try {
    matrix = await runMatrix(targets, {
      runs: parsed.runs, seed: parsed.seed, spec: parsed.spec,
      onEntry: (entry) => {
        done.push(entry);
        out(`  ${formatEntryLine(entry)}`);
      },
    });
  } catch (error) {
    reports.incomplete(`stopped by an error: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}`);
    throw error;
  }
  out('');
  out(formatMatrix(matrix));
  try {
    reports.complete();
  } catch (error) {
    throw new UsageError(`cannot write the report: ${(error as Error).message}`);
  }
  return matrix.ok ? EXIT.ok : EXIT.failure;
}

function addMatrixOptions(command: Command): Command {
  return command
    .option('--impls <names>', `comma-separated implementations (default: ${defaultMatrixNames().join(',')})`)
    .option('--runs <N>', `cases per generated property (default ${DEFAULT_RUNS})`)
    .option('--seed <S>', 'fast-check seed (default: fresh; always printed)')
    .option('--json <file>', 'also write the matrix and every suite report as JSON')
    .option('--markdown <file>', 'also write the matrix as Markdown (docs/conformance.md is made this way)')
    .option('--html <file>', 'also write the matrix as a self-contained HTML page, every failure drawn')
    .option('--spec <profile>', `which PyTorch to check against: ${SPEC_NAMES.join(' (default) or ')}`);
}

export function register(program: Command): void {
  addMatrixOptions(program.command('matrix'))
    .description('run the suite against every built-in implementation and print implementation × property (the default command)')
    .action(async (options: MatrixCommandOptions) => {
      process.exitCode = await matrixCommand(options);
    });
}

/** `poolcheck` alone, or with only matrix options (`poolcheck --seed 7`), is the main job: the matrix. */
export function withDefaultCommand(argv: readonly string[]): string[] {
  const first = argv[0];
  if (first === undefined) return ['matrix'];
  if (first.startsWith('-') && !['-h', '--help', '-V', '--version'].includes(first)) return ['matrix', ...argv];
  return [...argv];
}


