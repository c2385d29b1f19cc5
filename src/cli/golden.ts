/**
 * `poolcheck golden verify` checks the reference against PyTorch's golden outputs;
 * `poolcheck golden update` regenerates them with the local PyTorch and shows what changed.
 */
import type { Command } from 'commander';
import {
  defaultGoldenDir, formatGoldenFailure, formatGoldenSummary, GoldenFormatError, loadGolden, verifyGolden,
  type GoldenCase,
} from '../golden/index.js';
import { referenceImplementationFor } from '../golden/reference.js';
import { DEFAULT_SPEC, describeSpec, SPEC_NAMES } from '../reference/spec.js';
import { specOption } from './verify.js';
import { TorchUnavailableError, updateGolden } from '../golden/update.js';
import { EXIT, UsageError } from './errors.js';
import type { CorpusDiff } from '../golden/diff.js';
import { corpusDiffHtml } from '../html/golden.js';
import { writeFileAtomic } from '../properties/report/machine.js';
import { reportFileOption } from './verify.js';

interface VerifyFlags {
  dir: string;
  case?: string[];
  category?: string[];
  exactNan?: boolean;
  maxFailures: string;
  spec?: string;
}

interface UpdateFlags {
  dir: string;
  accept?: boolean;
  python?: string;
  seed?: string;
  html?: string;
}

export function register(program: Command): void {
  const golden = program
    .command('golden')
    .description('the golden corpus: PyTorch\'s own outputs for every case, and the reference checked against them');

  golden
    .command('verify')
    .description('check the reference against every golden case (exit 1 on any disagreement, 2 if the corpus is bad)')
    .option('--dir <dir>', 'corpus directory', defaultGoldenDir)
    .option('--case <id...>', 'only these cases (e.g. pool2d-nan/0003)')
    .option('--category <name...>', 'only these categories (e.g. pool2d-nan)')
    .option('--exact-nan', 'also require NaN payloads to match bit for bit (default: any NaN matches any NaN)')
    .option('--max-failures <n>', 'failures printed in full (the rest are counted)', '20')
    .option('--spec <profile>', `check the reference under this profile against its expectations: ${SPEC_NAMES.join(' (default) or ')} `
      + '(the corpus is PyTorch 1.13\'s output; golden/profiles/<profile>.jsonl overrides the cases that differ)')
    .action(async (flags: VerifyFlags) => {
      const maxFailures = Number(flags.maxFailures);
      if (!Number.isInteger(maxFailures) || maxFailures < 0) throw new UsageError(`--max-failures must be a whole number, got "${flags.maxFailures}"`);
      const spec = specOption(flags.spec);
      const corpus = loadCorpus(flags.dir, spec.name);
      const filter = caseFilter(corpus.cases, flags);
      if (spec.name !== DEFAULT_SPEC) console.log(`golden verify: the reference under ${describeSpec(spec)}`);
      const report = await verifyGolden(referenceImplementationFor(spec), { corpus, filter, nan: flags.exactNan ? 'exact' : 'any' });
      for (const failure of report.failures.slice(0, maxFailures)) console.log(`${formatGoldenFailure(failure, corpus.dir)}\n`);
      if (report.failures.length > maxFailures) console.log(`… and ${report.failures.length - maxFailures} more failures\n`);
      console.log(formatGoldenSummary(report, 'the reference'));
      process.exitCode = report.failures.length ? EXIT.failure : EXIT.ok;
    });

  golden
    .command('update')
    .description('regenerate the corpus with the local PyTorch and print what changed; writes only with --accept')
    .option('--dir <dir>', 'corpus directory', defaultGoldenDir)
    .option('--accept', 'replace the corpus with the regenerated one (atomically; the previous one is kept beside it)')
    .option('--python <path>', 'Python with PyTorch (default: $POOLCHECK_PYTHON or /usr/bin/python3)')
    .option('--seed <n>', 'generator seed (default: the generator\'s own, which the checked-in corpus uses)')
    .option('--html <file>', 'also write the diff as a self-contained HTML page, each changed case drawn old against new')
    .action(async (flags: UpdateFlags) => {
      if (flags.seed !== undefined && !/^\d+$/.test(flags.seed)) throw new UsageError(`--seed must be a whole number, got "${flags.seed}"`);
      const htmlFile = reportFileOption('--html', flags.html);
      try {
        await updateGolden({
          dir: flags.dir,
          accept: flags.accept ?? false,
          ...(flags.python ? { python: flags.python } : {}),
          ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
          ...(htmlFile ? { onDiff: (diff: CorpusDiff) => writeFileAtomic(htmlFile, corpusDiffHtml(diff)) } : {}),
        });
      } catch (error) {
        if (error instanceof TorchUnavailableError) throw new UsageError(error.message);
        throw new UsageError(`golden update failed: ${(error as Error).message}`);
      }
      process.exitCode = EXIT.ok;
    });
}

function loadCorpus(dir: string, spec: string) {
  try {
    return loadGolden(dir, { spec });
  } catch (error) {
    if (error instanceof GoldenFormatError) throw new UsageError(`bad golden corpus: ${error.message}`);
    throw error;
  }
}

function caseFilter(cases: GoldenCase[], flags: VerifyFlags): ((c: GoldenCase) => boolean) | undefined {
  const ids = flags.case && new Set(flags.case);
  const categories = flags.category && new Set(flags.category);
  for (const id of ids ?? []) {
    if (!cases.some((c) => c.id === id)) throw new UsageError(`no golden case "${id}" (ids look like pool2d-nan/0003)`);
  }
  for (const category of categories ?? []) {
    if (!cases.some((c) => c.category === category)) {
      const known = [...new Set(cases.map((c) => c.category))].join(', ');
      throw new UsageError(`no golden category "${category}" (known: ${known})`);
    }
  }
  if (!ids && !categories) return undefined;
  return (c) => (ids?.has(c.id) ?? false) || (categories?.has(c.category) ?? false);
}
